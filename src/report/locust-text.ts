/** One row of a Locust `_stats.csv`, as a model predicts it (times in ms, rates per second). */
export interface LocustRow {
  type: string;
  name: string;
  requests: number;
  failures: number;
  median: number;
  average: number;
  min: number;
  max: number;
  rps: number;
  failuresPerS: number;
  p95: number;
  p99: number;
}

/** Locust's `_stats.csv` column names for the figures a row carries, in its order. */
const COLUMNS = ['Type', 'Name', 'Request Count', 'Failure Count', 'Median Response Time', 'Average Response Time', 'Min Response Time', 'Max Response Time', 'Requests/s', 'Failures/s', '95%', '99%'];

const ms = (x: number): string => String(Math.round(x));
const rate = (x: number): string => x.toFixed(2);

/** Rows under Locust's column names, right-aligned numbers; the last row is usually Aggregated. */
export function locustTable(rows: readonly LocustRow[]): string {
  const cells = rows.map((r) => [r.type, r.name, String(r.requests), String(r.failures), ms(r.median), ms(r.average), ms(r.min), ms(r.max), rate(r.rps), rate(r.failuresPerS), ms(r.p95), ms(r.p99)]);
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => '  ' + c.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(COLUMNS), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
