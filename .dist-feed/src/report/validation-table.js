import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../config/project-root.js';
import { formatNumber, formatPct } from './table.js';
/** calibration/validation/<model>.json as written by `capsim validate`, or null when there is none yet. */
export function loadValidation(model) {
    const file = `calibration/validation/${model}.json`;
    const path = projectPath(file);
    if (!existsSync(path))
        return null;
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(doc.rows))
        throw new Error(`${file} has no rows array`);
    return { file, rows: doc.rows, fittedTo: Array.isArray(doc.fittedTo) ? doc.fittedTo.map(String) : [] };
}
export function validationTable(rows) {
    return {
        header: ['run', 'metric', 'measured', 'predicted', 'error', 'target', 'within target'],
        numeric: [2, 3, 4],
        rows: rows.map((r) => ({
            cells: [
                String(r.run),
                String(r.metric),
                formatNumber(r.measured),
                formatNumber(r.predicted),
                formatPct(r.errorPct),
                String(r.target ?? '—'),
                r.pass ? 'yes' : 'NO',
            ],
        })),
    };
}
