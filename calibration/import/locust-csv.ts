import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../src/cli/usage-error.js';
import { numberCell, readCsvTable, type CsvTable } from './csv.js';
import type { ImportedRun } from './k6-summary.js';

const STATS_COLUMNS = ['Name', 'Request Count', 'Failure Count', 'Median Response Time', 'Average Response Time', 'Min Response Time', 'Max Response Time', 'Requests/s', '90%', '95%', '99%'];
const HISTORY_COLUMNS = ['Timestamp', 'User Count', 'Name', 'Requests/s', 'Failures/s'];
/** Locust's name for the row that sums every request type. */
const AGGREGATED = 'Aggregated';

type Row = Record<string, string>;

/**
 * k6's submetric name for one Locust row: `{name:<Name>}`, or `{name:<Name>,method:<Type>}`
 * when the same name is used with more than one request type (Locust keys rows by both).
 */
function tagger(rows: readonly Row[]): (row: Row) => string {
  const types = new Map<string, Set<string>>();
  for (const r of rows) (types.get(r.Name) ?? types.set(r.Name, new Set()).get(r.Name)!).add(r.Type ?? '');
  return (r) => ((types.get(r.Name)?.size ?? 0) > 1 ? `{name:${r.Name},method:${r.Type ?? ''}}` : `{name:${r.Name}}`);
}

function need(table: CsvTable, row: Row, column: string): number {
  const n = numberCell(table, row, column);
  if (n === undefined || n < 0) throw new UsageError(`${table.file}: row "${row.Name}": column "${column}" must be a number ≥ 0, got ${JSON.stringify(row[column])}`);
  return n;
}

/** One Locust stats row → k6's http_reqs, http_req_failed and http_req_duration (ms, as both write). */
function rowMetrics(table: CsvTable, row: Row, durationS: number, tag: string, rate?: number): Record<string, Record<string, number>> {
  const count = need(table, row, 'Request Count');
  const failures = need(table, row, 'Failure Count');
  const out: Record<string, Record<string, number>> = { [`http_reqs${tag}`]: { count, rate: rate ?? count / durationS } };
  // k6's http_req_failed is a rate of "failed": a failure counts as a pass of that rate.
  if (count > 0) out[`http_req_failed${tag}`] = { fails: count - failures, passes: failures, value: failures / count };
  const p = (column: string) => numberCell(table, row, column);
  const trend = { avg: p('Average Response Time'), max: p('Max Response Time'), med: p('Median Response Time'), min: p('Min Response Time'), 'p(90)': p('90%'), 'p(95)': p('95%'), 'p(99)': p('99%') };
  // Locust writes N/A percentiles for a row without requests; such a row has no trend.
  if (count > 0 && Object.values(trend).every((v) => v !== undefined)) out[`http_req_duration${tag}`] = trend as Record<string, number>;
  return out;
}

/** What is known of the run besides the CSVs: its length (Locust's -t, the record's `duration`). */
export interface LocustRunFacts {
  runTimeS?: number;
}

/** `<prefix>_final.json`, written at exit by an event hook (calibration/load/highscore-locustfile.py). */
interface FinalFacts {
  start: number;
  end: number;
  requests: number;
}

/** How much shorter than its run a file may be before it "ends before its run did": Locust stamps whole seconds. */
const SLACK_S = 2;

const FLUSH_NOTE = 'Locust 2.12.1 flushes its CSVs every 10 s and not at exit';

function readFinalFacts(file: string): FinalFacts | undefined {
  if (!existsSync(file)) return undefined;
  let facts: Partial<FinalFacts>;
  try {
    facts = JSON.parse(readFileSync(file, 'utf8')) as Partial<FinalFacts>;
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const { start, end, requests } = facts;
  if (![start, end, requests].every((v) => typeof v === 'number' && Number.isFinite(v)) || end! < start!) throw new UsageError(`${file}: needs numbers start ≤ end and requests`);
  return { start: start!, end: end!, requests: requests! };
}

/** The Aggregated request count of a `_stats.csv` Locust may have left half-written; undefined without one. */
function flushedRequests(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const table = readCsvTable(file, ['Name', 'Request Count'], { cutLastRow: true });
  const row = table.rows.find((r) => r.Name === AGGREGATED);
  return row === undefined ? 0 : numberCell(table, row, 'Request Count');
}

/**
 * Locust's `--csv=<prefix>` output → run duration, k6-named metrics and per-second series.
 * Locust's Aggregated Requests/s is requests ÷ (last request − start), so that quotient is the
 * run's duration; every rate is count ÷ that duration, k6's definition.
 *
 * Locust 2.12.1 flushes its CSVs every 10 s and not at exit, so `_stats.csv` may trail the run.
 * When `<prefix>_final_stats.csv` exists (the same rows, written once more by an event hook when
 * Locust quits) the totals come from it; either way a file that ends before its run did — by the
 * final flush, `<prefix>_final.json`'s start and end, or `facts.runTimeS` — is said in `warnings`.
 */
export function importLocustCsv(prefix: string, facts: LocustRunFacts = {}): ImportedRun {
  const finalFile = `${prefix}_final_stats.csv`;
  const hasFinal = existsSync(finalFile);
  const stats = readCsvTable(hasFinal ? finalFile : `${prefix}_stats.csv`, STATS_COLUMNS);
  const total = stats.rows.find((r) => r.Name === AGGREGATED);
  if (!total) throw new UsageError(`${stats.file}: no "${AGGREGATED}" row`);
  const requests = need(stats, total, 'Request Count');
  const rps = need(stats, total, 'Requests/s');
  if (requests === 0 || rps === 0) throw new UsageError(`${stats.file}: the ${AGGREGATED} row has no requests, so the run's duration is unknown`);
  const duration_s = requests / rps;
  const final = readFinalFacts(`${prefix}_final.json`);
  const runS = final ? final.end - final.start : facts.runTimeS;
  const warnings: string[] = [];
  if (hasFinal) {
    const flushed = flushedRequests(`${prefix}_stats.csv`);
    if (flushed !== undefined && flushed < requests)
      warnings.push(`${prefix}_stats.csv ends before its run did: it counts ${flushed} of the run's ${requests} requests (${FLUSH_NOTE}); the totals here are from ${finalFile}, written when Locust quit.`);
  } else if (final && final.requests > requests) {
    warnings.push(`${stats.file} ends before its run did: it counts ${requests} of the run's ${final.requests} requests (${prefix}_final.json; ${FLUSH_NOTE}); its totals and percentiles miss the rest.`);
  } else if (runS !== undefined && duration_s < runS - SLACK_S) {
    warnings.push(`${stats.file} ends before its run did: its requests span ${+duration_s.toFixed(1)} s of a ${+runS.toFixed(1)} s run (${FLUSH_NOTE}); its totals and percentiles miss the last seconds.`);
  }

  const named = stats.rows.filter((r) => r !== total);
  const tagOf = tagger(named);
  const metrics: Record<string, Record<string, number>> = rowMetrics(stats, total, duration_s, '', rps);
  for (const row of named) Object.assign(metrics, rowMetrics(stats, row, duration_s, tagOf(row)));
  const countSum = named.reduce((s, r) => s + need(stats, r, 'Request Count'), 0);
  const notes = [
    `Locust's per-row Requests/s is requests ÷ that row's own time span; here every rate is count ÷ the run's duration (${AGGREGATED} requests ÷ Requests/s), as in k6.`,
  ];
  if (named.length > 0 && countSum !== requests) notes.push(`The named rows sum to ${countSum} requests, the ${AGGREGATED} row says ${requests}.`);

  if (hasFinal) notes.push(`Totals from ${finalFile} (written when Locust quit), not from ${prefix}_stats.csv.`);

  const historyFile = `${prefix}_stats_history.csv`;
  if (!existsSync(historyFile)) return withWarnings({ duration_s, metrics: sortedByName(metrics), notes }, warnings);
  const history = readCsvTable(historyFile, HISTORY_COLUMNS, { cutLastRow: true });
  if (history.cutRow) notes.push(`${historyFile} stops inside its last row (cut off while being written); that row was left out.`);
  const { series, notes: seriesNotes } = historySeries(history);
  const stamps = history.rows.map((r) => Math.floor(need(history, r, 'Timestamp')));
  const spanS = stamps.length === 0 ? 0 : Math.max(...stamps) - (final ? Math.floor(final.start) : Math.min(...stamps));
  if (runS !== undefined && spanS < runS - SLACK_S)
    warnings.push(`${historyFile} ends before its run did: its rows cover ${spanS} s of a ${+runS.toFixed(1)} s run (${FLUSH_NOTE}); the series stop there.`);
  return withWarnings({ duration_s, metrics: sortedByName(metrics), series, notes: [...notes, ...seriesNotes] }, warnings);
}

/** Warnings are notes too: the record keeps them. */
function withWarnings(run: ImportedRun, warnings: string[]): ImportedRun {
  return warnings.length === 0 ? run : { ...run, notes: [...run.notes, ...warnings], warnings };
}

function sortedByName(metrics: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries(Object.keys(metrics).sort().map((k) => [k, metrics[k]]));
}

/** The longest history read, in seconds: a day of one-second rows. */
export const MAX_HISTORY_S = 86_400;

interface Sample {
  second: number;
  users: number;
  total?: number;
  failures?: number;
  rps: number;
  fps: number;
}

/**
 * Per-second series from `_stats_history.csv`: `vus` (User Count), `http_reqs` and
 * `http_req_failures` (requests and failures in each second). Locust's Requests/s column is a
 * 10-second moving average that lags 2 s, so counts come from the differences of Total Request
 * Count when the file has it. Locust stamps rows with int(time) about once a second: a repeated
 * second keeps its last row, a skipped one shares the next difference evenly, and a total that
 * falls (statistics reset) restarts the differences.
 */
function historySeries(table: CsvTable): { series: Record<string, number[]>; notes: string[] } {
  const hasTotals = table.columns.includes('Total Request Count') && table.columns.includes('Total Failure Count');
  const tagOf = tagger(table.rows.filter((r) => r.Name !== AGGREGATED));
  const groups = new Map<string, Map<number, Sample>>();
  for (const row of table.rows) {
    const tag = row.Name === AGGREGATED ? '' : tagOf(row);
    const second = Math.floor(need(table, row, 'Timestamp'));
    const sample: Sample = {
      second,
      users: need(table, row, 'User Count'),
      total: hasTotals ? need(table, row, 'Total Request Count') : undefined,
      failures: hasTotals ? need(table, row, 'Total Failure Count') : undefined,
      rps: need(table, row, 'Requests/s'),
      fps: need(table, row, 'Failures/s'),
    };
    (groups.get(tag) ?? groups.set(tag, new Map()).get(tag)!).set(second, sample);
  }
  const series: Record<string, number[]> = {};
  const seconds = [...groups.values()].flatMap((g) => [...g.keys()]);
  const start = Math.min(...seconds);
  const end = Math.max(...seconds);
  // One value per second from first to last stamp: a stamp far off (0, or a typo) would ask for billions.
  if (end - start > MAX_HISTORY_S) {
    throw new UsageError(`${table.file}: its Timestamps span ${(end - start).toLocaleString('en-US')} s (${start} to ${end}); Locust stamps about one row a second, and capsim reads at most ${MAX_HISTORY_S.toLocaleString('en-US')} s (a day)`);
  }
  for (const tag of [...groups.keys()].sort()) {
    const samples = [...groups.get(tag)!.values()].sort((a, b) => a.second - b.second);
    // A named row appears with its first request: before that, it had none (and series stay aligned).
    const before = (values: number[]) => [...new Array<number>(samples[0].second - start).fill(0), ...values];
    if (tag === '') series.vus = before(held(samples, (s) => s.users));
    series[`http_reqs${tag}`] = before(hasTotals ? perSecond(samples, (s) => s.total!) : held(samples, (s) => s.rps));
    series[`http_req_failures${tag}`] = before(hasTotals ? perSecond(samples, (s) => s.failures!) : held(samples, (s) => s.fps));
  }
  const notes = [
    hasTotals
      ? `Series from ${table.file}: one value per second; http_reqs and http_req_failures are differences of Locust's running totals, vus is User Count.`
      : `Series from ${table.file}: no Total Request Count column, so http_reqs and http_req_failures are Locust's Requests/s and Failures/s (10-second moving averages).`,
  ];
  if (!groups.has('')) notes.push(`${table.file} has no ${AGGREGATED} rows, so there is no vus series.`);
  return { series, notes };
}

/** A level (users, a moving average) per second from first to last sample, held across gaps. */
function held(samples: readonly Sample[], value: (s: Sample) => number): number[] {
  const out: number[] = [];
  samples.forEach((s, i) => {
    const next = samples[i + 1]?.second ?? s.second + 1;
    for (let t = s.second; t < next; t++) out.push(value(s));
  });
  return out;
}

/** Events per second from a running total sampled about once a second. */
function perSecond(samples: readonly Sample[], total: (s: Sample) => number): number[] {
  const out: number[] = [];
  samples.forEach((s, i) => {
    if (i === 0) {
      out.push(total(s)); // everything counted before the first sample
      return;
    }
    const prev = samples[i - 1];
    const gap = s.second - prev.second;
    const delta = total(s) >= total(prev) ? total(s) - total(prev) : total(s);
    for (let k = 0; k < gap; k++) out.push(delta / gap);
  });
  return out;
}
