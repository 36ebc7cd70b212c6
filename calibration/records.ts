import { readdirSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { readJsonFile, validate } from '../src/config/schema.js';
import { projectPath } from '../src/config/project-root.js';

export const RUNS_DIR = 'calibration/runs';
export const RUN_RECORD_SCHEMA = 'calibration/run-record.schema.json';

/** A real run as `capsim load` (or `capsim import`) recorded it. */
export interface RunRecord {
  kind: 'capsim-run-record';
  model: string;
  id: string;
  source: string;
  createdAt: string;
  settings: Record<string, string | string[]>;
  machine: Record<string, unknown>;
  duration_s: number;
  metrics: Record<string, Record<string, number>>;
  series?: Record<string, number[]>;
  resources?: { server_cpu_seconds?: number; server_cpu_utilisation?: number; redis_cpu_seconds?: number; redis_egress_bytes?: number; db_cpu_seconds?: number };
  notes?: string;
}

export function loadRecord(file: string): RunRecord {
  const path = isAbsolute(file) ? file : resolve(file);
  return validate<RunRecord>(RUN_RECORD_SCHEMA, readJsonFile(path, file), file);
}

/** Every committed record of a model, in id order. */
export function committedRecords(model: string): RunRecord[] {
  const dir = projectPath(RUNS_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadRecord(projectPath(RUNS_DIR, f)))
    .filter((r) => r.model === model);
}

export const recordName = (file: string): string => basename(file, '.json');
