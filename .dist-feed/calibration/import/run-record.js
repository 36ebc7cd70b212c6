import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validate, ValidationError } from '../../src/config/schema.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { RUN_RECORD_SCHEMA } from '../records.js';
/** `chat-case-a.summary.json` → `chat-case-a`; `out/highscore-350` → `highscore-350`. */
export function defaultRunId(file) {
    const id = basename(file)
        .replace(/\.json$/i, '')
        .replace(/[._-]summary(?:[._-]export)?$/i, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '');
    if (id === '')
        throw new UsageError(`cannot derive a run id from "${file}"; give one with --id`);
    return id;
}
/**
 * A schema-valid run record. The load generator's machine is not in either tool's output, so
 * `machine` stays empty; a record that fails the schema is bad input, reported as a UsageError.
 */
export function buildRecord(input) {
    if (!/^[A-Za-z0-9._-]+$/.test(input.id))
        throw new UsageError(`--id may hold only letters, digits, ".", "_" and "-", got ${JSON.stringify(input.id)}`);
    const record = {
        kind: 'capsim-run-record',
        model: input.model,
        id: input.id,
        source: input.source,
        createdAt: input.createdAt ?? new Date().toISOString(),
        settings: input.settings,
        machine: {},
        duration_s: input.run.duration_s,
        metrics: input.run.metrics,
        ...(input.run.series ? { series: input.run.series } : {}),
        notes: [`Imported by capsim import from ${input.from}; the load generator's machine is not recorded there.`, ...input.run.notes].join(' '),
    };
    try {
        return validate(RUN_RECORD_SCHEMA, record, `${input.from} as a run record`);
    }
    catch (err) {
        if (err instanceof ValidationError)
            throw new UsageError(err.message);
        throw err;
    }
}
/** Writes `<dir>/<id>.json`; an existing record is kept unless `overwrite`. Returns the path. */
export function writeRecord(record, dir, overwrite = false) {
    const file = join(dir, `${record.id}.json`);
    if (existsSync(file) && !overwrite)
        throw new UsageError(`${file} already exists; choose another --id or pass --force`);
    try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    }
    catch (err) {
        throw new UsageError(`cannot write ${file} (${err.code ?? String(err)})`);
    }
    return file;
}
