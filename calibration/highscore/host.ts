import { median as mathMedian } from 'mathjs';
import type { RunRecord } from '../records.js';
import type { HighscoreParams } from '../../models/highscore/params.js';
import { LIGHT_LOAD, runSlowdown, runWalFlushUs, simulateRecord } from './runs.js';

/**
 * The host the recorded runs had (--profile local): other sessions' work shared both cores, so a
 * sleeping process waited for a time slice to end before it ran (the run records' schedstat
 * run-queue waits), and Locust ran on the store's core.
 */
export interface HostFit {
  /** Mean wait per wake-up of the API worker, µs, and the runs it was fitted to (API below half a core). */
  apiWakeWaitUs: number;
  apiRuns: string[];
  /** The per-run fits the median was taken of, µs: lowest and highest. */
  apiRange: [number, number];
  /** Mean wait when the store's core is woken, µs, and its runs (PostgreSQL below half a core). */
  storeWakeWaitUs: number;
  storeRuns: string[];
  storeRange: [number, number];
  /** Locust's CPU per request on the reference core, µs (median over the runs), and its runs. */
  locustUs: number;
  locustRuns: string[];
  /** Share of its core the API got while runnable (median over the runs in which it was runnable throughout), and those runs: reported, not applied (host.apiShare stays as params.json has it). */
  apiShare: number;
  apiShareRuns: string[];
  apiShareRange: [number, number];
  /** Mean WAL flush (fsync) of PostgreSQL's commits, µs (median over the runs that recorded pg_stat_wal), and its runs. */
  walFlushUs: number;
  walRuns: string[];
  walRange: [number, number];
}

const round = (x: number, d = 2): number => +x.toFixed(d);
const median = (xs: number[]): number => (xs.length === 0 ? 0 : (mathMedian(xs) as number));
const range = (xs: number[]): [number, number] => (xs.length === 0 ? [0, 0] : [round(Math.min(...xs)), round(Math.max(...xs))]);
/** A per-second series of a record summed from second 1 (second 0 is the servers' start, before Locust's first user). */
const total = (r: RunRecord, name: string): number | undefined => {
  const xs = r.series?.[name];
  return xs && xs.length > 1 ? xs.slice(1).reduce((a, b) => a + b, 0) : undefined;
};
const mean = (r: RunRecord, name: string): number => (total(r, name) ?? NaN) / Math.max(1, (r.series?.[name]?.length ?? 1) - 1);

/** Below half a core the tier's run-queue waits are the host's, not a queue of its own work. */
const LIGHT = LIGHT_LOAD;
/** Running plus waiting to run at least this share of the run: the API was runnable throughout (its own queue never emptied). */
const RUNNABLE = 0.9;

const ITERATIONS = 8;
/** A wait longer than a scheduler period (tens of ms) is a queue of the tier's own, not a wake-up. */
const MAX_WAIT_US = 50_000;

/**
 * Fits the host from the calibration runs' own measurements, not from Locust's response times:
 * each wake-up wait is the mean of an exponential draw such that the simulated run waits on its run
 * queue as long as schedstat says the real one did (per run, by a fixed point; the median over the
 * runs in which the tier was lightly loaded), and Locust's CPU per request is measured.
 */
export function fitHost(runs: RunRecord[], start: HighscoreParams, log: (line: string) => void = () => {}): HostFit {
  const params: HighscoreParams = structuredClone(start);
  const locustRuns = runs.filter((r) => total(r, 'load_generator_cpu') !== undefined);
  const perRequest = locustRuns.map((r) => {
    const requests = (r.metrics.http_reqs?.count ?? 0) + Number(r.settings.users) * Math.round(params.locust.tokenRequests.value);
    return ((total(r, 'load_generator_cpu')! / runSlowdown(r, params).store) * 1e6) / requests;
  });
  const locustUs = locustRuns.length > 0 ? round(median(perRequest)) : params.host.locustUs.value;
  params.host.locustUs.value = locustUs;
  // With several uvicorn workers on one core, schedstat adds their waits for each other to the host's.
  const oneWorker = runs.filter((r) => String(r.settings.workers ?? '1') === '1');
  // Shares of a core under other sessions' work (CFS splits a core between autogroups by weight): what a
  // tier that always wanted the core got of it, from schedstat and /proc CPU only, never a response time.
  const apiShareRuns = oneWorker.filter((r) => total(r, 'server_runqueue_wait') !== undefined && mean(r, 'server_cpu') + mean(r, 'server_runqueue_wait') >= RUNNABLE);
  const apiShares = apiShareRuns.map((r) => mean(r, 'server_cpu') / (mean(r, 'server_cpu') + mean(r, 'server_runqueue_wait')));
  const apiShare = apiShares.length > 0 ? round(median(apiShares), 3) : params.host.apiShare.value;
  // The disk under the commits: pg_stat_wal's fsync time over its fsyncs, as each run recorded it.
  const walOf = runWalFlushUs;
  const walRuns = runs.filter((r) => walOf(r) !== undefined);
  const walFlushes = walRuns.map((r) => walOf(r)!);
  const walFlushUs = walRuns.length > 0 ? round(median(walFlushes)) : params.host.walFlushUs.value;
  params.host.walFlushUs.value = walFlushUs;
  const waits = runs.filter((r) => total(r, 'server_runqueue_wait') !== undefined && total(r, 'db_runqueue_wait') !== undefined);
  const apiRuns = waits.filter((r) => oneWorker.includes(r) && mean(r, 'server_cpu') < LIGHT);
  const storeRuns = waits.filter((r) => mean(r, 'db_cpu') < LIGHT);
  // The API's waits fold (callbacks ready during a wait run in the same wake-up), so its mean is a
  // damped fixed point; every store command wakes a backend of its own, so its mean is direct.
  const fixedPoint = (r: RunRecord): { api: number; store: number } => {
    let api = 1000;
    let store = 5000;
    for (let k = 0; k < ITERATIONS; k++) {
      const p = structuredClone(params);
      p.host.apiWakeWaitUs.value = api;
      p.host.storeWakeWaitUs.value = store;
      const h = simulateRecord(r, p).host;
      // The share's waits (preempted while running) are simulated apart; the wake-ups carry the rest.
      const wakeWaits = Math.max(0.01 * total(r, 'server_runqueue_wait')!, total(r, 'server_runqueue_wait')! - h.apiShareWaitSeconds);
      if (h.apiWaitSeconds > 0) api = Math.min(MAX_WAIT_US, api * Math.sqrt(wakeWaits / h.apiWaitSeconds));
      const shared = h.storeRunQueueSeconds - h.storeWakeWaitSeconds;
      if (h.storeWakeWaitSeconds > 0) store = Math.min(MAX_WAIT_US, (store * Math.max(0, total(r, 'db_runqueue_wait')! - shared)) / h.storeWakeWaitSeconds);
    }
    return { api, store };
  };
  const fitted = new Map(waits.filter((r) => apiRuns.includes(r) || storeRuns.includes(r)).map((r) => [r.id, fixedPoint(r)]));
  const fit: HostFit = {
    apiWakeWaitUs: apiRuns.length > 0 ? round(median(apiRuns.map((r) => fitted.get(r.id)!.api))) : params.host.apiWakeWaitUs.value,
    apiRuns: apiRuns.map((r) => r.id),
    apiRange: range(apiRuns.map((r) => fitted.get(r.id)!.api)),
    storeWakeWaitUs: storeRuns.length > 0 ? round(median(storeRuns.map((r) => fitted.get(r.id)!.store))) : params.host.storeWakeWaitUs.value,
    storeRuns: storeRuns.map((r) => r.id),
    storeRange: range(storeRuns.map((r) => fitted.get(r.id)!.store)),
    locustUs,
    locustRuns: locustRuns.map((r) => r.id),
    apiShare,
    apiShareRuns: apiShareRuns.map((r) => r.id),
    apiShareRange: range(apiShares.map((x) => round(x, 3))),
    walFlushUs,
    walRuns: walRuns.map((r) => r.id),
    walRange: range(walFlushes),
  };
  for (const [id, f] of fitted) log(`host: ${id}: API wake-up wait ${round(f.api)} µs, store wake-up wait ${round(f.store)} µs`);
  log(`host: API share of its core while runnable ${apiShare} (median of ${apiShareRuns.length} runs, ${fit.apiShareRange.join('–')})`);
  log(`host: WAL flush ${walFlushUs} µs (median of ${walRuns.length} runs, ${fit.walRange.join('–')})`);
  log(`host: API wake-up wait ${fit.apiWakeWaitUs} µs (median of ${apiRuns.length} runs), store ${fit.storeWakeWaitUs} µs (${storeRuns.length} runs), Locust ${fit.locustUs} µs per request (${locustRuns.length} runs)`);
  return fit;
}

/** Writes the host's fit into params with the runs it came from. */
export function saveHostFit(doc: HighscoreParams, f: HostFit): void {
  const wait = (what: string, runs: string[]): string =>
    `capsim calibrate highscore: mean of an exponential wait per wake-up such that each simulated run spends as long on its run queue as the real ${what} did (the record's schedstat series ${what === 'API worker' ? 'server_runqueue_wait' : 'db_runqueue_wait'}, seconds 1 to the end); median over the ${runs.length} calibration runs in which the ${what} used under half its core. Other sessions' work shared the core (each helper's shell is an autogroup of its own, so nice 19 elsewhere does not yield to it)`;
  if (f.apiRuns.length > 0) doc.host.apiWakeWaitUs = { ...doc.host.apiWakeWaitUs, value: f.apiWakeWaitUs, provenance: { kind: 'fitted', source: wait('API worker', f.apiRuns), fittedTo: f.apiRuns, residual: `per run ${f.apiRange[0]} to ${f.apiRange[1]} µs` } };
  if (f.storeRuns.length > 0) doc.host.storeWakeWaitUs = { ...doc.host.storeWakeWaitUs, value: f.storeWakeWaitUs, provenance: { kind: 'fitted', source: wait('PostgreSQL', f.storeRuns), fittedTo: f.storeRuns, residual: `per run ${f.storeRange[0]} to ${f.storeRange[1]} µs` } };
  if (f.walRuns.length > 0)
    doc.host.walFlushUs = {
      ...doc.host.walFlushUs,
      value: f.walFlushUs,
      provenance: {
        kind: 'measured',
        source: `capsim calibrate highscore: PostgreSQL's WAL fsync time over its fsyncs during the run (pg_stat_wal wal_sync_time ÷ wal_sync, track_wal_io_timing on, reset after seeding; the record's machine.postgresWal); median of ${f.walRuns.length} calibration runs. Every UPDATE's commit waits for a flush (synchronous_commit on, group commit); this machine's disk is shared with other sessions`,
        fittedTo: f.walRuns,
        residual: `per run ${f.walRange[0]} to ${f.walRange[1]} µs`,
      },
    };
  if (f.locustRuns.length > 0)
    doc.host.locustUs = {
      ...doc.host.locustUs,
      value: f.locustUs,
      provenance: {
        kind: 'measured',
        source: `capsim calibrate highscore: Locust's CPU seconds (the record's load_generator_cpu, seconds 1 to the end, brought to the reference core by the store core's speed probe) over its requests (Locust's count and each user's token requests); median of ${f.locustRuns.length} calibration runs`,
      },
    };
}
