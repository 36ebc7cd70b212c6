import { mean, median } from 'mathjs';
import { num, type FeedParams, type Param } from '../../models/feed/params.js';
import { nonNegativeLeastSquares } from '../least-squares.js';
import { APP_CPUS, LOAD_CPUS } from '../load/cores.js';
import { slowdown, type SpeedProbe } from '../load/speed-probe.js';
import type { RunRecord } from '../records.js';

/** The local Redis + Celery costs (case d's stack) fitted to redis-celery runs, on the reference core. */
export interface CeleryCalibration {
  runs: string[];
  /** Worker CPU per task message and per fan-out row (one LPUSH with its round trip), µs. */
  taskUs: number;
  rowUs: number;
  /** Redis CPU per task message (enqueue, fetch, ack, the done counter) and per row, µs. */
  redisMessageUs: number;
  redisRowUs: number;
  /** Core 1's other work per request during the test: MariaDB's connect + INSERT, the load generator, µs. */
  otherPerRequestUs: number;
  /** The view's CPU per apply_async, besides the calibrated Django request and create(), µs. */
  enqueueUs: number;
  /** Root-mean-square residuals of the two least-squares fits, as a share of the mean. */
  workerRms: number;
  redisRms: number;
  /** Core 1's speed during the runs, × the reference: the reference probe time ÷ the median of their core-1 probes. */
  coreSpeed: number;
  /** gunicorn CPU of each worker process's first Celery enqueue (the view's lazy import), µs: the mean of importByRun. */
  importUs: number;
  importByRun: number[];
}

/** Seconds at the start of a run in which the worker processes' first requests import Celery. */
const IMPORT_WINDOW_S = 3;

/**
 * The CPU gunicorn spent in a run's first seconds beyond the requests it finished in them, per
 * worker process, on the reference core (core 0 by the run's own probe), in µs. The per-request
 * CPU is the median of the steady seconds (from the fourth to the fourth-last): the runs' server
 * CPU jumps to 0.7–0.9 of the core in their first second at every VU count (30 to 120) and then
 * settles at 0.1–0.35, the same excess whatever the load, which is what a once-per-process cost is.
 */
export function firstImportUs(r: RunRecord, referenceMs: number): number {
  const cpu = r.series?.server_cpu;
  const reqs = r.series?.http_reqs;
  if (!cpu || !reqs || cpu.length < 2 * IMPORT_WINDOW_S + 3) throw new Error(`${r.id} has no server_cpu and http_reqs series long enough to see its first seconds`);
  const steady: number[] = [];
  for (let i = IMPORT_WINDOW_S; i < cpu.length - IMPORT_WINDOW_S; i++) if (reqs[i] > 0) steady.push(cpu[i] / reqs[i]);
  const perRequest = Number(median(steady));
  let excess = 0;
  for (let i = 0; i < IMPORT_WINDOW_S; i++) excess += cpu[i] - reqs[i] * perRequest;
  const core0 = slowdown(r.machine.speedProbe as SpeedProbe | undefined, `core${APP_CPUS}`, referenceMs) ?? 1;
  return (1e6 * Math.max(0, excess)) / core0 / Number(r.settings.workers);
}

/**
 * How much slower than `referenceMs` core 1 ran during these runs, one figure for all of them: the
 * median of their core-1 speed probes. Not each run's own probe: Celery's LPUSH loop and Redis take
 * turns on core 1 (two context switches and four socket calls per friend), work that the probe's
 * pure-Python loop does not time, and on the committed runs the drain's CPU per friend spread less
 * unscaled (±3.3 %, runs with two processes and ≥ 200 friends per message) than scaled by each run's
 * probe (±9.4 %), the probe itself ranging 48.7–58.7 ms (models/feed/README.md).
 */
export function celeryCoreSlowdown(runs: RunRecord[], referenceMs: number): number {
  const probes = runs.flatMap((r) => (r.machine.speedProbe as SpeedProbe | undefined)?.[`core${LOAD_CPUS}`] ?? []).sort((a, b) => a - b);
  if (probes.length === 0) return 1;
  const mid = probes.length / 2;
  const median = probes.length % 2 ? probes[Math.floor(mid)] : (probes[mid - 1] + probes[mid]) / 2;
  return median / referenceMs;
}

/** What one run did and spent, its CPU seconds scaled to the reference core: core 1 by the runs' median probe, core 0 by its own. */
function runWork(r: RunRecord, referenceMs: number, core1: number) {
  const c = r.celery;
  if (!c) throw new Error(`${r.id} has no celery section: not a redis-celery run of capsim load`);
  const probe = r.machine.speedProbe as SpeedProbe | undefined;
  const core0 = slowdown(probe, `core${APP_CPUS}`, referenceMs) ?? 1;
  const rowsPerMessage = Math.min(c.chunk, Number(r.settings.fanout));
  const drained = c.messages_enqueued - c.done_during_test;
  // Two observations per run: the test (core 1 shared with MariaDB and the load generator) and the
  // drain after it (Celery and Redis alone on core 1), each with the messages done in it.
  const phases = [
    { messages: c.done_during_test, rows: c.done_during_test * rowsPerMessage, worker: c.worker_cpu_seconds_test / core1, redis: c.redis_cpu_seconds_test / core1 },
    ...(drained > 0 ? [{ messages: drained, rows: drained * rowsPerMessage, worker: c.worker_cpu_seconds_drain / core1, redis: c.redis_cpu_seconds_drain / core1 }] : []),
  ];
  return {
    phases,
    other: ((r.resources?.db_cpu_seconds ?? 0) + c.load_cpu_seconds_test) / core1,
    server: (r.resources?.server_cpu_seconds ?? NaN) / core0,
    requests: r.metrics.http_reqs.count,
    posts: r.metrics.checks.passes ?? Math.round(r.metrics.checks.value * r.metrics.http_reqs.count),
    messagesPerPost: c.messages_per_post,
  };
}

const relativeRms = (residuals: number[], y: number[]): number => Math.sqrt(residuals.reduce((a, e) => a + e * e, 0) / residuals.length) / (y.reduce((a, b) => a + b, 0) / y.length);

/**
 * The worker path and the request path of case d from the CPU the runs measured (no simulation):
 * non-negative least squares of the Celery processes' CPU on the task messages and rows done, the
 * test and the drain after it as two observations per run,
 * the same for Redis's CPU; core 1's other work per request; and the view's CPU per apply_async:
 * gunicorn's CPU per request less the Django request, connect and one create() already calibrated on
 * the MySQL runs, per message of the post. The drain time is then a prediction, never fitted.
 */
export function calibrateCeleryLocal(runs: RunRecord[], params: FeedParams, log: (line: string) => void = () => {}): CeleryCalibration {
  if (runs.length < 2) throw new Error(`calibrate feed needs at least 2 redis-celery runs, got ${runs.length}`);
  const rowsPerMessage = new Set(runs.map((r) => Math.min(r.celery?.chunk ?? 0, Number(r.settings.fanout))));
  if (rowsPerMessage.size < 2) throw new Error('calibrate feed: the redis-celery runs all have the same friends per message, so the costs per message and per row are not told apart');
  const ref = num(params.app.probeReferenceMs);
  const core1 = celeryCoreSlowdown(runs, ref);
  const w = runs.map((r) => runWork(r, ref, core1));
  const phases = w.flatMap((x) => x.phases);
  const X = phases.map((x) => [x.messages, x.rows]);
  const workerY = phases.map((x) => 1e6 * x.worker);
  const redisY = phases.map((x) => 1e6 * x.redis);
  const worker = nonNegativeLeastSquares(X, workerY);
  const redis = nonNegativeLeastSquares(X, redisY);
  const sum = (f: (x: (typeof w)[number]) => number): number => w.reduce((a, x) => a + f(x), 0);
  const otherPerRequestUs = (1e6 * sum((x) => x.other)) / sum((x) => x.requests);
  const a = params.app;
  const django = num(a.requestUs) + num(a.connectUs) + num(a.createUs);
  // The first request of each worker process also imported Celery (firstImportUs): not per message.
  const imports = runs.reduce((a, r) => a + firstImportUs(r, ref) * Number(r.settings.workers), 0);
  const enqueueUs = Math.max(0, (sum((x) => 1e6 * x.server) - imports - sum((x) => x.requests) * django) / sum((x) => x.posts * x.messagesPerPost));
  const r1 = (v: number): number => +v.toFixed(1);
  const c: CeleryCalibration = {
    runs: runs.map((r) => r.id),
    taskUs: r1(worker.coefficients[0]),
    rowUs: r1(worker.coefficients[1]),
    redisMessageUs: r1(redis.coefficients[0]),
    redisRowUs: r1(redis.coefficients[1]),
    otherPerRequestUs: r1(otherPerRequestUs),
    enqueueUs: r1(enqueueUs),
    workerRms: +relativeRms(worker.residuals, workerY).toFixed(4),
    redisRms: +relativeRms(redis.residuals, redisY).toFixed(4),
    coreSpeed: +(1 / core1).toFixed(4),
    importUs: 0,
    importByRun: runs.map((r) => r1(firstImportUs(r, ref))),
  };
  c.importUs = r1(Number(mean(c.importByRun)));
  log(
    `Celery (local): worker ${c.taskUs} µs per message + ${c.rowUs} µs per row (rms ${(100 * c.workerRms).toFixed(1)}%), Redis ${c.redisMessageUs} µs per message + ${c.redisRowUs} µs per row (rms ${(100 * c.redisRms).toFixed(1)}%); ` +
      `core 1's other work ${c.otherPerRequestUs} µs per request; apply_async ${c.enqueueUs} µs in the view; core 1 at ${c.coreSpeed} × the reference (median probe); ` +
      `first Celery import ${c.importUs} µs per worker process (${c.importByRun.join(', ')})`,
  );
  return c;
}

/** Writes the Celery costs into a params document, each with its runs and how it was fitted. */
export function applyCeleryCalibration(doc: FeedParams, c: CeleryCalibration): void {
  const runs = `${c.runs.length} local redis-celery runs (calibration/feed-celery-runs.sh A: Celery on core 1 with Redis and MariaDB)`;
  const lsq = (what: string, rms: number): string => `capsim calibrate feed: non-negative least squares of the ${what} CPU seconds (/proc; the test and the drain after it as two observations per run, each scaled to the reference core by the median of the runs' core-1 speed probes) on the task messages and fan-out rows done in them, over ${runs}; rms ${(100 * rms).toFixed(1)}% of the mean`;
  const set = (p: Param, value: number, unit: string, source: string, residual?: string): void => {
    p.value = value;
    p.unit = unit;
    p.provenance = { kind: 'fitted', source, fittedTo: c.runs, ...(residual ? { residual } : {}) };
  };
  set(doc.celery.taskOverheadUs as Param, c.taskUs, 'µs of worker CPU per task message', `${lsq('Celery worker processes\'', c.workerRms)}: fetch, decode, ack, the bundled app's done counter`);
  set(doc.celery.commandCpuUs as Param, c.rowUs, 'µs of worker CPU per Redis command (one LPUSH per friend)', `${lsq('Celery worker processes\'', c.workerRms)}: redis-py per LPUSH and its round trip`);
  set(doc.celery.redisMessageUs as Param, c.redisMessageUs, 'µs of Redis CPU per task message', `${lsq('redis-server', c.redisRms)}: the enqueue's LPUSH, the worker's fetch and ack, the done counter`);
  set(doc.redis.commandUs as Param, c.redisRowUs, 'µs of Redis CPU per command', `${lsq('redis-server', c.redisRms)}: per LPUSH of a feed write`);
  doc.celery.localCoreOtherUs = {
    value: c.otherPerRequestUs,
    unit: 'µs of core 1 per request besides Celery and Redis (local runs only)',
    provenance: { kind: 'measured', source: `capsim calibrate feed: MariaDB's CPU and the load generator's own CPU during the test, over its requests, at the reference speed by the runs' median core-1 probe, over ${runs}`, fittedTo: c.runs },
  };
  doc.celery.localCoreSpeed = {
    value: c.coreSpeed,
    unit: '× the reference core',
    provenance: {
      kind: 'measured',
      source: `capsim calibrate feed: core 1 during the redis-celery runs, where the Celery workers, Redis and MariaDB run: the reference probe time ÷ the median of the runs' core-1 speed probes (calibration/load/speed-probe.ts), over ${runs}; every redis-celery run is simulated at it, since Celery's and Redis's turns on the core do not follow a run's own probe`,
    },
  };
  doc.celery.localImportUs = {
    value: c.importUs,
    unit: "µs of gunicorn CPU once per worker process: the view's first Celery enqueue (the bundled app only)",
    provenance: {
      kind: 'measured',
      source: `capsim calibrate feed: gunicorn's CPU in the first ${IMPORT_WINDOW_S} s of each run beyond its requests finished then (each at the median CPU per request of the run's steady seconds), per worker process, at the reference speed by core 0's probe, mean over ${runs} (${c.importByRun.join(', ')} µs): the bundled view imports feedsite.celery on its first call (Celery, kombu, redis-py) and its first apply_async connects to the broker, while the process's other threads wait on the module lock`,
      fittedTo: c.runs,
    },
  };
  set(doc.app.enqueueUs as Param, c.enqueueUs, 'µs per Celery apply_async', `capsim calibrate feed: gunicorn's CPU per request (at the reference speed by core 0's probe) less the Django request, connect and create() calibrated on the MySQL runs, per task message of a post, over ${runs}`);
}
