import { bisect } from '../../src/analysis/bisect.js';
import { defaultErrorPageBytes, num, type FeedParams } from '../../models/feed/params.js';
import { bySetting, type RunRecord } from '../records.js';
import { workDone } from './calibrate.js';
import { cpuSecondsAtReference, measuredSettingFigures, predictedSettingFigures, type MetricName } from './validate.js';

export interface SqliteCalibration {
  runs: string[];
  /** The lock held per INSERT besides the writer's CPU (write + fsyncs), µs. */
  statementUs: number;
  /** SQLite's CPU per INSERT in the app's process, µs on the reference core. */
  cpuUs: number;
  measured: SqliteFigures;
  predicted: SqliteFigures;
}

/** A SQLite run's figures: no Celery backlog to drain (that figure is NaN, which a report cannot hold). */
type SqliteFigures = Record<Exclude<MetricName, typeof DRAIN>, number>;
const DRAIN = 'Celery backlog drain after the test (s)';
const withoutDrain = ({ [DRAIN]: _, ...rest }: Record<MetricName, number>): SqliteFigures => rest;

/** Posts written per second: what a file that is the bottleneck sets, whatever else the run does. */
const okPerS = (f: SqliteFigures): number => f['http_reqs/s'] * f['success ratio'];
const CPU = 'server CPU utilisation' satisfies MetricName;

/**
 * SQLite's CPU per row written, µs on the reference core: the runs' server CPU (at the reference
 * speed, by their probes) less what the calibrated Django costs account for (each request, each
 * create() of the posts written, each 500 page and its log), over the rows of the posts written.
 * Rows of requests that failed midway are not in the count (the record does not have them).
 */
function sqliteCpuPerRow(runs: RunRecord[], p: FeedParams): number {
  const a = p.app;
  let left = 0;
  let rows = 0;
  for (const r of runs) {
    const w = workDone(r, num(a.errorPageMeasuredBytes), defaultErrorPageBytes(p, 'sqlite'));
    left += 1e6 * cpuSecondsAtReference(r, num(a.probeReferenceMs)) - w.requests * num(a.requestUs) - w.statements * num(a.createUs) - w.pages * num(a.errorPageMeasuredUs) - w.logged * num(a.errorLogUs);
    rows += w.statements;
  }
  return Math.max(0, Math.round(left / rows));
}

/** The SQLite costs are fitted to the runs of one setting; checked before anything is fitted or saved. */
export function checkOneSetting(runs: RunRecord[]): void {
  const settings = bySetting(runs).map((g) => g.setting);
  if (settings.length !== 1) throw new Error(`calibrate feed fits the local SQLite costs to one setting, got ${settings.length} (${settings.join(', ')})`);
}

/**
 * The local SQLite costs per autocommit INSERT, from the runs of one setting where the file is the
 * bottleneck, with the Django costs calibrated on the MySQL runs: SQLite's CPU in the app's process
 * (`sqlite.localStatementCpuUs`, sqliteCpuPerRow), then the rest of the lock's time
 * (`sqlite.localStatementUs`) by bisection until the simulated posts written per second match
 * (each run at its speed probe, mean of seeds 1–3).
 */
export function calibrateSqliteLocal(runs: RunRecord[], params: FeedParams, log: (line: string) => void = () => {}): SqliteCalibration {
  checkOneSetting(runs);
  const p = structuredClone(params);
  const measured = withoutDrain(measuredSettingFigures(runs));
  const cpu = p.sqlite.localStatementCpuUs;
  const lock = p.sqlite.localStatementUs;
  cpu.value = sqliteCpuPerRow(runs, p);
  const posts = (us: number): number => {
    lock.value = us;
    return okPerS(predictedSettingFigures(runs, p));
  };
  lock.value = Math.round(bisect(posts, okPerS(measured), 100, 50_000, 2e-3));
  const predicted = withoutDrain(predictedSettingFigures(runs, p));
  log(`SQLite (local): ${cpu.value} µs of app CPU + ${lock.value} µs more of the lock per autocommit INSERT; posts written ${okPerS(predicted).toFixed(2)}/s against ${okPerS(measured).toFixed(2)}/s, server CPU ${(100 * predicted[CPU]).toFixed(1)}% against ${(100 * measured[CPU]).toFixed(1)}%`);
  return { runs: runs.map((r) => r.id), statementUs: num(lock), cpuUs: num(cpu), measured, predicted };
}

/** Sets `sqlite.localStatementUs` and `sqlite.localStatementCpuUs` in a params document, with their runs and residuals. */
export function applySqliteCalibration(doc: FeedParams, c: SqliteCalibration): void {
  const pct = (p: number, m: number): string => `${((100 * (p - m)) / m).toFixed(1)}%`;
  const residual =
    `posts written per s: measured ${okPerS(c.measured).toFixed(3)}, predicted ${okPerS(c.predicted).toFixed(3)} (${pct(okPerS(c.predicted), okPerS(c.measured))}); ` +
    `server CPU: measured ${c.measured[CPU].toFixed(4)}, predicted ${c.predicted[CPU].toFixed(4)}`;
  const source =
    'capsim calibrate feed: on the local SQLite runs of one setting where the file is the bottleneck (server CPU well short of the core), with the Django costs calibrated on the MySQL runs; each run at its speed probe, mean of seeds 1–3';
  doc.sqlite.localStatementCpuUs = {
    value: c.cpuUs,
    unit: "µs of the app core per autocommit INSERT inside SQLite (this machine), under the file's lock",
    provenance: { kind: 'fitted', source: `${source}: the server CPU the model leaves unexplained, per row written`, fittedTo: c.runs, residual },
  };
  doc.sqlite.localStatementUs = {
    value: c.statementUs,
    unit: "µs more per autocommit INSERT that the file's lock is held on this machine (write + journal fsyncs), used with --profile app=local",
    provenance: { kind: 'fitted', source: `${source}: bisection on the simulated posts written per second (http_reqs/s × success ratio)`, fittedTo: c.runs, residual },
  };
}
