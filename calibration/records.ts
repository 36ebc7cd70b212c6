import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { readJsonFile, validate } from '../src/config/schema.js';
import { projectPath } from '../src/config/project-root.js';
import type { CeleryRecord } from './load/celery-watch.js';

export const RUNS_DIR = 'calibration/runs';
/** The same settings made again (calibration/feed-repeats.sh): `<id>-r<k>.json`. */
const REPEATS_DIR = 'calibration/repeats';
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
  /** A feed run with --db redis-celery (calibration/load/celery-watch.ts). */
  celery?: CeleryRecord;
  notes?: string;
}

export function loadRecord(file: string): RunRecord {
  const path = isAbsolute(file) ? file : resolve(file);
  return validate<RunRecord>(RUN_RECORD_SCHEMA, readJsonFile(path, file), file);
}

/** Every committed record of a model, runs and repeats, in id order. */
export function committedRecords(model: string): RunRecord[] {
  const files = [RUNS_DIR, REPEATS_DIR].flatMap((dir) =>
    existsSync(projectPath(dir))
      ? readdirSync(projectPath(dir))
          .filter((f) => f.endsWith('.json'))
          .map((f) => projectPath(dir, f))
      : [],
  );
  // Records of another kind (a model's own record format, e.g. capsim-leaderboard-run) have their own loader.
  return files
    .filter((f) => (readJsonFile(f, f) as { kind?: unknown }).kind === 'capsim-run-record')
    .map((f) => loadRecord(f))
    .filter((r) => r.model === model)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The setting a run was made with: its id without the repeat suffix (`-r2`). */
export const settingOf = (id: string): string => id.replace(/-r\d+$/, '');

/** Records grouped by setting (a run and its repeats), in the order each setting first appears. */
export function bySetting(records: RunRecord[]): Array<{ setting: string; runs: RunRecord[] }> {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const setting = settingOf(r.id);
    const runs = groups.get(setting);
    if (runs) runs.push(r);
    else groups.set(setting, [r]);
  }
  return [...groups].map(([setting, runs]) => ({ setting, runs }));
}

/** Whether a run may validate parameters fitted to `fitted`: neither one of them nor a repeat of their settings. */
export function heldOutFrom(fitted: Iterable<string>): (id: string) => boolean {
  const settings = new Set([...fitted].map(settingOf));
  return (id) => !settings.has(settingOf(id));
}
