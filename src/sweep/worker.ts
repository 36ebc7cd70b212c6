import { parentPort } from 'node:worker_threads';
import { runOne } from './run-one.js';
import type { RunJob } from './run-record.js';

/** A sweep worker: runs jobs one at a time and answers each with its record or its error. */
parentPort!.on('message', (msg: { id: number; job: RunJob }) => {
  try {
    parentPort!.postMessage({ id: msg.id, record: runOne(msg.job) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort!.postMessage({ id: msg.id, error: { name: e.name, message: e.message } });
  }
});
