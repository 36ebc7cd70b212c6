import { findModel } from '../../models/index.js';
import { recordOf } from './run-record.js';
/** Runs one job wherever it is called: in the main thread (serial) or in a worker (parallel). */
export function runOne(job) {
    const model = findModel(job.model);
    if (!model)
        throw new Error(`unknown model "${job.model}"`);
    const prediction = model.predict({ ...job.flags, seed: String(job.seed) });
    return recordOf(model, prediction, job.seed);
}
