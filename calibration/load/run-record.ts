import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../src/config/schema.js';
import type { K6SummaryExport } from '../../src/metrics/index.js';
import type { ResourceTotals } from './resource-sampler.js';
import type { CeleryRecord } from './celery-watch.js';

export const RUN_RECORD_SCHEMA = 'calibration/run-record.schema.json';

/** What `capsim load <model>` writes (calibration/run-record.schema.json). */
export interface RunRecord {
  kind: 'capsim-run-record';
  model: string;
  id: string;
  source: 'capsim load';
  createdAt: string;
  settings: Record<string, string | string[]>;
  machine: Record<string, unknown>;
  duration_s: number;
  metrics: K6SummaryExport['metrics'];
  series: Record<string, number[]>;
  resources: ResourceTotals & { server_cpu_utilisation: number };
  /** --db redis-celery only. */
  celery?: CeleryRecord;
  notes: string;
}

/** Validates against calibration/run-record.schema.json and writes `<dir>/<id>.json`; returns the path. */
export function writeRunRecord(record: RunRecord, dir: string): string {
  validate(RUN_RECORD_SCHEMA, record, `run record ${record.id}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${record.id}.json`);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  return file;
}
