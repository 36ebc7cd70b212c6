import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../src/config/schema.js';
export const RUN_RECORD_SCHEMA = 'calibration/run-record.schema.json';
/** Validates against calibration/run-record.schema.json and writes `<dir>/<id>.json`; returns the path. */
export function writeRunRecord(record, dir) {
    validate(RUN_RECORD_SCHEMA, record, `run record ${record.id}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${record.id}.json`);
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    return file;
}
