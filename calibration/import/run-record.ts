import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validate, ValidationError } from '../../src/config/schema.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { RUN_RECORD_SCHEMA, type RunRecord } from '../records.js';
import type { ImportedRun } from './k6-summary.js';

export type ImportSource = 'k6 summary-export' | 'locust csv';

/** `chat-case-a.summary.json` → `chat-case-a`; `out/highscore-350` → `highscore-350`. */
export function defaultRunId(file: string): string {
  const id = basename(file)
    .replace(/\.json$/i, '')
    .replace(/[._-]summary(?:[._-]export)?$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (id === '') throw new UsageError(`cannot derive a run id from "${file}"; give one with --id`);
  return id;
}

export interface RecordInput {
  model: string;
  id: string;
  source: ImportSource;
  settings: Record<string, string | string[]>;
  run: ImportedRun;
  /** Where the data came from, for the notes. */
  from: string;
  createdAt?: string;
}

/**
 * A schema-valid run record. The load generator's machine is not in either tool's output, so
 * `machine` stays empty; a record that fails the schema is bad input, reported as a UsageError.
 */
export function buildRecord(input: RecordInput): RunRecord {
  if (!/^[A-Za-z0-9._-]+$/.test(input.id)) throw new UsageError(`--id may hold only letters, digits, ".", "_" and "-", got ${JSON.stringify(input.id)}`);
  const record: RunRecord = {
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
    return validate<RunRecord>(RUN_RECORD_SCHEMA, record, `${input.from} as a run record`);
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
}

/** Writes `<dir>/<id>.json`; an existing record is kept unless `overwrite`. Returns the path. */
export function writeRecord(record: RunRecord, dir: string, overwrite = false): string {
  const file = join(dir, `${record.id}.json`);
  if (existsSync(file) && !overwrite) throw new UsageError(`${file} already exists; choose another --id or pass --force`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  } catch (err) {
    throw new UsageError(`cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return file;
}
