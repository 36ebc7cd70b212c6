import { parentPort, workerData } from 'node:worker_threads';
import type { ModelCatalog } from '../model.js';
import { runOne } from './run-one.js';
import type { RunJob } from './run-record.js';

/**
 * The sweep's model comes from the catalog of the module the registry names (workerData): functions
 * cannot cross threads, and loading only this model keeps the worker's start short.
 */
const { modelsModule, model: name } = workerData as { modelsModule: string; model: string };
const { CATALOG } = (await import(modelsModule)) as { CATALOG: ModelCatalog };
const [model] = await CATALOG.load([name]);

/** A sweep worker: runs jobs one at a time and answers each with its record or its error. */
parentPort!.on('message', (msg: { id: number; job: RunJob }) => {
  try {
    if (!model || msg.job.model !== name) throw new Error(`unknown model "${msg.job.model}" in ${modelsModule}`);
    parentPort!.postMessage({ id: msg.id, record: runOne(model, msg.job) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort!.postMessage({ id: msg.id, error: { name: e.name, message: e.message } });
  }
});
