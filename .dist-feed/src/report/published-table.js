import { formatNumber, formatPct } from './table.js';
/** Published vs predicted, one row per figure; blind cases say "withheld" and are marked. */
export function publishedTable(r) {
    const blindCases = new Set(r.cases.filter((c) => c.blind).map((c) => c.case));
    return {
        header: ['case', 'metric', 'published', 'predicted', 'error', 'role'],
        numeric: [2, 3, 4],
        rows: r.rows.map((row) => ({
            blind: blindCases.has(row.case),
            cells: [
                blindCases.has(row.case) ? `${row.case} (blind)` : row.case,
                row.metric,
                row.published === null ? 'withheld' : formatNumber(row.published),
                formatNumber(row.predicted),
                formatPct(row.errorPct),
                row.role === 'fitted' ? 'fitted (not validation)' : row.role,
            ],
        })),
    };
}
/** Per case: its configuration and the bottleneck the write-up named against the predicted one. */
export function bottleneckTable(r) {
    return {
        header: ['case', 'configuration', 'bottleneck (write-up)', 'bottleneck (predicted)'],
        rows: r.cases.map((c) => ({
            blind: c.blind,
            cells: [c.blind ? `${c.case} (blind)` : c.case, c.label, c.bottleneck.published ?? c.note ?? 'withheld', c.bottleneck.predicted],
        })),
    };
}
