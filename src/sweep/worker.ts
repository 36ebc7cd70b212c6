import { parentPort, workerData } from 'node:worker_threads';
import type { CapsimModel } from '../model.js';
import { runOne } from './run-one.js';
import type { RunJob } from './run-record.js';

/** The models come from the module the registry names (workerData.modelsModule): functions cannot cross threads. */
const { MODELS } = (await import((workerData as { modelsModule: string }).modelsModule)) as { MODELS: readonly CapsimModel[] };

/** A sweep worker: runs jobs one at a time and answers each with its record or its error. */
parentPort!.on('message', (msg: { id: number; job: RunJob }) => {
  try {
    const model = MODELS.find((m) => m.name === msg.job.model);
    if (!model) throw new Error(`unknown model "${msg.job.model}" in ${String((workerData as { modelsModule: string }).modelsModule)}`);
    parentPort!.postMessage({ id: msg.id, record: runOne(model, msg.job) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort!.postMessage({ id: msg.id, error: { name: e.name, message: e.message } });
  }
});
