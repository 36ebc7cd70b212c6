import { feedScenario } from '../../models/feed/flags.js';
import { loadFeedParams, num, type FeedParams } from '../../models/feed/params.js';
import { APP_CPUS, LOAD_CPUS } from '../load/cores.js';
import { slowdown, type SpeedProbe } from '../load/speed-probe.js';
import { simulateFeed, type FeedRun } from '../../models/feed/model.js';
import { meanOverSeeds } from '../../models/feed/seeds.js';
import { bySetting, type RunRecord } from '../records.js';
import { meanFigures } from '../../src/metrics/mean-figures.js';
import { HELD_OUT, validationRows, type ValidationRow } from '../targets.js';

/** The held-out targets of issue 4, the same as chat's (calibration/targets.ts). */
export const FEED_TARGETS = {
  'http_reqs/s': HELD_OUT.rate,
  'success ratio': HELD_OUT.share,
  'server CPU utilisation': HELD_OUT.cpu,
  'http_req_duration p95 (ms)': HELD_OUT.p95,
  'failed with 1040 (share of requests)': HELD_OUT.reported,
  // Issue 16: the Celery backlog's drain after the test (redis-celery runs only).
  'Celery backlog drain after the test (s)': { kind: 'relative', limit: 0.2 },
} as const;
export type MetricName = keyof typeof FEED_TARGETS;

/**
 * The parameters a recorded run is simulated with: its cores at the speed its speed probe measured
 * (calibration/load/speed-probe.ts) against `app.probeReferenceMs`, the probe time at which the
 * local costs hold. Django runs on core 0, MariaDB on core 1. A record without a probe keeps speed 1.
 */
function paramsForRun(r: RunRecord, params: FeedParams): FeedParams {
  const slower = runSlowdown(r, num(params.app.probeReferenceMs));
  if (!slower) return params;
  const p = structuredClone(params);
  p.app.cpuSpeed.local = { value: 1 / slower.app, unit: '× the reference core', provenance: { kind: 'measured', source: `speed probe of ${r.id}` } };
  p.mysql.speed.local.value = num(params.mysql.speed.local) / slower.db;
  // The Celery workers and Redis share core 1 with MariaDB in a local redis-celery run; they run at
  // celery.localCoreSpeed, core 1's speed over the calibration runs, not at this run's own probe
  // (calibration/feed/calibrate-celery.ts, celeryCoreSlowdown).
  // An SQLite run with a disk probe holds each commit's lock as long as the disk made it then
  // (calibration/load/disk-probe.ts): this disk's fsync has ranged from 0.5 to 37 ms.
  const disk = r.machine.diskProbeUs as number[] | undefined;
  if (r.settings.db === 'sqlite' && disk && disk.length > 0) {
    p.sqlite.localStatementUs.value = +(disk.reduce((a, b) => a + b, 0) / disk.length).toFixed(1);
  }
  return p;
}

/** A run's server CPU seconds as a core at `referenceMs` would have spent them (by its probe). */
export function cpuSecondsAtReference(r: RunRecord, referenceMs: number): number {
  return (r.resources?.server_cpu_seconds ?? NaN) / (runSlowdown(r, referenceMs)?.app ?? 1);
}

/** How much slower than `referenceMs` a run's app core (Django) and db core (MariaDB) were; undefined without a probe. */
function runSlowdown(r: RunRecord, referenceMs: number): { app: number; db: number } | undefined {
  const probe = r.machine.speedProbe as SpeedProbe | undefined;
  const app = slowdown(probe, `core${APP_CPUS}`, referenceMs);
  const db = slowdown(probe, `core${LOAD_CPUS}`, referenceMs);
  return app === undefined || db === undefined ? undefined : { app, db };
}

/** A recorded run re-simulated with its exact settings, at its probed speed (seed 1). */
export function simulateRecord(r: RunRecord, params: FeedParams = loadFeedParams()): FeedRun {
  return simulateFeed(feedScenario({ ...r.settings, seed: '1' }), paramsForRun(r, params));
}

/** Server CPU seconds of a simulated run: the app tasks' busy core-seconds. */
export function simulatedServerCpuSeconds(run: FeedRun): number {
  return run.resources.filter((x) => x.kind === 'cpu' && x.name.startsWith('app task')).reduce((a, x) => a + x.utilisation, 0) * (run.durationNs / 1e9);
}

export function measuredFigures(r: RunRecord): Record<MetricName, number> {
  const m = r.metrics;
  const reqs = m.http_reqs?.count ?? 0;
  return {
    'http_reqs/s': m.http_reqs?.rate ?? NaN,
    'success ratio': m.checks?.value ?? NaN,
    'server CPU utilisation': (r.resources?.server_cpu_seconds ?? NaN) / r.duration_s,
    'http_req_duration p95 (ms)': m.http_req_duration?.['p(95)'] ?? NaN,
    'failed with 1040 (share of requests)': reqs > 0 && m.errors_1040 ? m.errors_1040.count / reqs : NaN,
    'Celery backlog drain after the test (s)': r.celery?.drained_after_s ?? NaN,
  };
}

function predictedFigures(run: FeedRun): Record<MetricName, number> {
  const m = run.summary.metrics;
  const reqs = m.http_reqs.count;
  return {
    'http_reqs/s': m.http_reqs.rate,
    'success ratio': m.checks.value,
    'server CPU utilisation': simulatedServerCpuSeconds(run) / (run.durationNs / 1e9),
    'http_req_duration p95 (ms)': m.http_req_duration['p(95)'],
    'failed with 1040 (share of requests)': reqs > 0 ? (run.server.byOutcome['error-1040'] ?? 0) / reqs : 0,
    'Celery backlog drain after the test (s)': run.celery?.drainedAfterS ?? NaN,
  };
}

/**
 * The figures of a recorded run re-simulated with its exact settings, averaged over seeds: a real
 * run is one draw from the spread those seeds sample.
 */
function meanPredictedFigures(r: RunRecord, params: FeedParams = loadFeedParams()): Record<MetricName, number> {
  return meanOverSeeds(r.settings, paramsForRun(r, params), predictedFigures);
}

/**
 * One setting's measured figures (the mean over its run and repeats) and predicted figures (each
 * run re-simulated at its own speed probe, averaged the same way). One 30 s run spreads further
 * around its setting's mean than the targets allow, so a setting, not a run, is what is judged.
 */
export const measuredSettingFigures = (runs: RunRecord[]): Record<MetricName, number> => meanFigures(runs.map(measuredFigures));
export const predictedSettingFigures = (runs: RunRecord[], params: FeedParams): Record<MetricName, number> => meanFigures(runs.map((r) => meanPredictedFigures(r, params)));

/** How a setting is named in a table: its id, and how many runs its figures are the mean of. */
export const settingLabel = (setting: string, runs: number): string => (runs === 1 ? setting : `${setting} (mean of ${runs})`);

/** Re-simulates each held-out setting's runs with their exact settings and lines the figures up. */
export function validateFeed(records: RunRecord[], params: FeedParams = loadFeedParams()): ValidationRow[] {
  return bySetting(records).flatMap(({ setting, runs }) => {
    const readings = runs.map(measuredFigures);
    return validationRows(settingLabel(setting, runs.length), FEED_TARGETS, meanFigures(readings), predictedSettingFigures(runs, params), readings);
  });
}
