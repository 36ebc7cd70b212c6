import type { CapsimModel } from '../model.js';
import { recordOf, type RunJob, type RunRecord } from './run-record.js';

/** Runs one job of `model` wherever it is called: in the main thread (serial) or in a worker (parallel). */
export function runOne(model: CapsimModel, job: RunJob): RunRecord {
  const prediction = model.predict({ ...job.flags, seed: String(job.seed) });
  return recordOf(model, prediction, job.seed);
}
