import { readFileSync } from 'node:fs';
import { UsageError } from '../../src/cli/usage-error.js';

/**
 * RFC 4180 CSV as Python's csv.writer (Locust) writes it: comma-separated, fields with a comma,
 * quote or line break are quoted and quotes doubled, rows end in \r\n or \n. Returns rows of
 * raw strings; a trailing line break does not make an empty last row.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
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
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** A CSV file with a header line, as records keyed by column name. */
export interface CsvTable {
  file: string;
  columns: string[];
  rows: Array<Record<string, string>>;
  /** The file stopped inside its last row (no line break after it), which was left out. */
  cutRow?: boolean;
}

/**
 * Reads a CSV file and checks it has the columns the caller needs; problems are UsageErrors.
 * `cutLastRow`: a file that does not end with a line break was cut off while being written (Locust
 * writes rows ending in \r\n and flushes them in 8 KB blocks), so its last row is incomplete: it is
 * dropped and the table says so.
 */
export function readCsvTable(file: string, required: readonly string[], options: { cutLastRow?: boolean } = {}): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const cutRow = options.cutLastRow === true && text.length > 0 && !/[\r\n]$/.test(text);
  if (cutRow) text = text.slice(0, Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);
  let cells: string[][];
  try {
    cells = parseCsv(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid CSV (${(err as Error).message})`);
  }
  const [columns = [], ...body] = cells.filter((r) => !(r.length === 1 && r[0] === '')); // blank lines
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new UsageError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}`);
  const rows = body.map((cellsOfRow, n) => {
    if (cellsOfRow.length !== columns.length) throw new UsageError(`${file}: data row ${n + 1} has ${cellsOfRow.length} fields, the header has ${columns.length}`);
    return Object.fromEntries(columns.map((c, k) => [c, cellsOfRow[k]]));
  });
  return { file, columns, rows, ...(cutRow ? { cutRow } : {}) };
}

/** A numeric cell; Locust writes "N/A" for percentiles of an entry without requests. */
export function numberCell(table: CsvTable, row: Record<string, string>, column: string): number | undefined {
  const raw = row[column]?.trim() ?? '';
  if (raw === '' || raw === 'N/A') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`${table.file}: column "${column}" must be a number, got ${JSON.stringify(raw)}`);
  return n;
}
