import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../config/project-root.js';
import { formatNumber, formatPct, type Table } from './table.js';

import type { ValidationRow } from '../../calibration/targets.js';

/** Where `capsim validate` keeps a model's last validation, for `capsim report`. */
export const validationFile = (model: string): string => `calibration/validation/${model}.json`;

/** calibration/validation/<model>.json as written by `capsim validate`, or null when there is none yet. */
export function loadValidation(model: string): { file: string; rows: ValidationRow[]; fittedTo: string[] } | null {
  const file = validationFile(model);
  const path = projectPath(file);
  if (!existsSync(path)) return null;
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { rows?: unknown; fittedTo?: unknown };
  if (!Array.isArray(doc.rows)) throw new Error(`${file} has no rows array`);
  return { file, rows: doc.rows as ValidationRow[], fittedTo: Array.isArray(doc.fittedTo) ? doc.fittedTo.map(String) : [] };
}

export function validationTable(rows: readonly ValidationRow[]): Table {
  return {
    header: ['run', 'metric', 'measured', 'predicted', 'error', 'target', 'within target'],
    numeric: [2, 3, 4],
    rows: rows.map((r) => ({
      cells: [
        String(r.run),
        String(r.metric),
        formatNumber(r.measured),
        formatNumber(r.predicted),
        r.errorUnit === 'points' ? `${r.errorPct >= 0 ? '+' : ''}${r.errorPct} pt` : formatPct(r.errorPct),
        String(r.target ?? '—'),
        r.pass ? 'yes' : 'NO',
      ],
    })),
  };
}
