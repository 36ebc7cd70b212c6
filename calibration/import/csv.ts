import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../../src/cli/usage-error.js';

/**
 * RFC 4180 CSV as Python's csv.writer (Locust) writes it, read by csv-parse: fields with a comma,
 * quote or line break are quoted and quotes doubled, rows end in \r\n, \n or \r, a BOM is not part
 * of the first header. Rows may differ in length (readCsvTable says which row is wrong), and a
 * stray quote inside an unquoted field is kept as text, as Python's reader keeps it.
 */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    throw new Error(code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field' : message.split('\n')[0]);
  }
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
