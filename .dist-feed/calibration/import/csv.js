import { readFileSync } from 'node:fs';
import { UsageError } from '../../src/cli/usage-error.js';
/**
 * RFC 4180 CSV as Python's csv.writer (Locust) writes it: comma-separated, fields with a comma,
 * quote or line break are quoted and quotes doubled, rows end in \r\n or \n. Returns rows of
 * raw strings; a trailing line break does not make an empty last row.
 */
export function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a BOM is not part of the first header
    const endRow = () => {
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
    };
    while (i < text.length) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') {
                field += '"';
                i += 2;
                continue;
            }
            if (c === '"')
                quoted = false;
            else
                field += c;
            i++;
            continue;
        }
        if (c === '"' && field === '')
            quoted = true;
        else if (c === ',') {
            row.push(field);
            field = '';
        }
        else if (c === '\n' || c === '\r') {
            endRow();
            if (c === '\r' && text[i + 1] === '\n')
                i++;
        }
        else
            field += c;
        i++;
    }
    if (quoted)
        throw new Error('unterminated quoted field');
    if (field !== '' || row.length > 0)
        endRow();
    return rows;
}
/** Reads a CSV file and checks it has the columns the caller needs; problems are UsageErrors. */
export function readCsvTable(file, required) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new UsageError(`${file}: cannot read file (${err.code ?? String(err)})`);
    }
    let cells;
    try {
        cells = parseCsv(text);
    }
    catch (err) {
        throw new UsageError(`${file}: not valid CSV (${err.message})`);
    }
    const [columns = [], ...body] = cells.filter((r) => !(r.length === 1 && r[0] === '')); // blank lines
    const missing = required.filter((c) => !columns.includes(c));
    if (missing.length > 0)
        throw new UsageError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}`);
    const rows = body.map((cellsOfRow, n) => {
        if (cellsOfRow.length !== columns.length)
            throw new UsageError(`${file}: data row ${n + 1} has ${cellsOfRow.length} fields, the header has ${columns.length}`);
        return Object.fromEntries(columns.map((c, k) => [c, cellsOfRow[k]]));
    });
    return { file, columns, rows };
}
/** A numeric cell; Locust writes "N/A" for percentiles of an entry without requests. */
export function numberCell(table, row, column) {
    const raw = row[column]?.trim() ?? '';
    if (raw === '' || raw === 'N/A')
        return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n))
        throw new UsageError(`${table.file}: column "${column}" must be a number, got ${JSON.stringify(raw)}`);
    return n;
}
