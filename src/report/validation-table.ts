import { existsSync } from 'node:fs';
import { projectPath } from '../config/project-root.js';
import { readJsonFile, validate } from '../config/schema.js';
import { formatNumber, formatPct, type Table } from './table.js';
import { isJudged, metricUnit, verdict } from './metric-unit.js';

import type { ValidationRow } from '../../calibration/targets.js';

/** Where `capsim validate` keeps a model's last validation, for `capsim report`. */
export const validationFile = (model: string): string => `calibration/validation/${model}.json`;

export const VALIDATION_SCHEMA = 'calibration/validation.schema.json';

/** calibration/validation/<model>.json as written by `capsim validate`, or null when there is none yet. */
export function loadValidation(model: string): { file: string; rows: ValidationRow[]; fittedTo: string[] } | null {
  const file = validationFile(model);
  const path = projectPath(file);
  if (!existsSync(path)) return null;
  const doc = validate<{ rows: ValidationRow[]; fittedTo: string[] }>(VALIDATION_SCHEMA, readJsonFile(path, file), file);
  return { file, rows: doc.rows, fittedTo: doc.fittedTo };
}

/** The runs' lowest and highest reading of a row's figure ("6.0–8.0"), one figure when they agree, — for a single run. */
export function rangeText(r: ValidationRow, format: (x: number) => string): string {
  if (!r.measuredRange) return '—';
  const [lo, hi] = r.measuredRange.map(format);
  return lo === hi ? lo : `${lo}–${hi}`;
}

export function validationTable(rows: readonly ValidationRow[]): Table {
  return {
    header: ['run', 'metric', 'unit', 'measured', 'runs (low–high)', 'predicted', 'error (% or points)', 'target', 'within target'],
    numeric: [3, 4, 5, 6],
    rows: rows.map((r) => ({
      cells: [
        r.run,
        r.metric,
        metricUnit(r.metric),
        formatNumber(r.measured),
        rangeText(r, formatNumber),
        formatNumber(r.predicted),
        r.errorUnit === 'points' ? `${r.errorPct >= 0 ? '+' : ''}${r.errorPct} pt` : formatPct(r.errorPct),
        r.target,
        verdict(r.target, r.pass),
      ],
    })),
  };
}

/** Rows within target, outside it, and reported only (no target): what validate prints and saves. */
export function validationCounts(rows: readonly ValidationRow[]): { passed: number; failed: number; reported: number } {
  const judged = rows.filter((r) => isJudged(r.target));
  const failed = judged.filter((r) => !r.pass).length;
  return { passed: judged.length - failed, failed, reported: rows.length - judged.length };
}

/** "56 of 72 judged rows within target, 16 outside, 18 reported only". */
export const countsLine = (c: { passed: number; failed: number; reported: number }): string =>
  `${c.passed} of ${c.passed + c.failed} judged rows within target, ${c.failed} outside, ${c.reported} reported only`;
