import { readdirSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { readJsonFile, validate } from '../src/config/schema.js';
import { projectPath } from '../src/config/project-root.js';
export const RUNS_DIR = 'calibration/runs';
export const RUN_RECORD_SCHEMA = 'calibration/run-record.schema.json';
export function loadRecord(file) {
    const path = isAbsolute(file) ? file : resolve(file);
    return validate(RUN_RECORD_SCHEMA, readJsonFile(path, file), file);
}
/** Every committed record of a model, in id order. */
export function committedRecords(model) {
    const dir = projectPath(RUNS_DIR);
    return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => loadRecord(projectPath(RUNS_DIR, f)))
        .filter((r) => r.model === model);
}
export const recordName = (file) => basename(file, '.json');
