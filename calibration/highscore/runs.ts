import { slowdown, type SpeedProbe } from '../load/speed-probe.js';
import { shareForRunQueueWait } from '../../src/machine/core-share.js';
import type { RunRecord } from '../records.js';
import { highscoreScenario } from '../../models/highscore/flags.js';
import { simulateHighscore, type HighscoreRun } from '../../models/highscore/model.js';
import { loadHighscoreParams, type HighscoreParams } from '../../models/highscore/params.js';
import type { HighscoreScenario } from '../../models/highscore/scenario.js';
import { ENDPOINTS, itemsAt } from '../../models/highscore/costs.js';

/** The bundled app's HIGHSCORE_POOL default (calibration/apps/highscore/app.py): asyncpg connections per worker. */
const BUNDLED_POOL = '20';
const UPDATE_NAMES: Record<string, string> = { rmw: 'read-modify-write', inplace: 'in-place', 'read-modify-write': 'read-modify-write', 'in-place': 'in-place' };

/** Cores in a taskset list such as "0", "0,1" or "0-3". */
export function coreCount(list: unknown): number | undefined {
  if (typeof list !== 'string' || list.trim() === '') return undefined;
  return list.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined ? 1 : b - a + 1);
  }, 0);
}

/**
 * A run record's settings as `capsim predict highscore` flags: the run helper writes `update`
 * as rmw/inplace and the document size as `items` (calibration/apps/highscore/RUNS.md); the tiers
 * ran on this machine, on the cores its pinning names.
 */
export function flagsOfRecord(r: RunRecord): Record<string, unknown> {
  const s = r.settings;
  const pinning = (r.machine.pinning ?? {}) as Record<string, string>;
  const update = UPDATE_NAMES[String(s.update)];
  if (!update) throw new Error(`${r.id}: settings.update must be rmw or inplace, got ${JSON.stringify(s.update)}`);
  return {
    users: s.users,
    'spawn-rate': s['spawn-rate'],
    duration: s.duration,
    update,
    'doc-items': s['doc-items'] ?? s.items,
    workers: s.workers ?? '1',
    'api-vcpu': String(coreCount(pinning.uvicorn) ?? 1),
    'docstore-vcpu': String(coreCount(pinning.postgres) ?? 1),
    'pool-size': s['pool-size'] ?? BUNDLED_POOL,
    profile: 'local',
    seed: '1',
  };
}

/** How much slower than the calibrated reference a run's API core (uvicorn) and store core were, by its speed probe. */
export function runSlowdown(r: RunRecord, params: HighscoreParams): { api: number; store: number } {
  const reference = params.api.probeReferenceMs.value;
  const probe = r.machine.speedProbe as SpeedProbe | undefined;
  const pinning = (r.machine.pinning ?? {}) as Record<string, string>;
  if (!(reference > 0)) return { api: 1, store: 1 };
  const of = (cores: string | undefined): number => slowdown(probe, `core${(cores ?? '').split(/[,-]/)[0]}`, reference) ?? 1;
  return { api: of(pinning.uvicorn ?? '0'), store: of(pinning.postgres ?? '1') };
}

/** The scenario of a recorded run, its cores at the speed its probe measured. */
export function scenarioOfRecord(r: RunRecord, params: HighscoreParams = loadHighscoreParams(), seed = 1): HighscoreScenario {
  const slower = runSlowdown(r, params);
  const wal = runWalFlushUs(r);
  // A run from before the WAL was recorded had a disk nobody measured: no flush wait is added to it (the
  // same day's disk probe ranged 0.5 to 37 ms, so the calibrated median says nothing about that hour).
  return { ...highscoreScenario({ ...flagsOfRecord(r), seed: String(seed) }, params), apiSpeed: 1 / slower.api, docstoreSpeed: 1 / slower.store, walFlushUs: wal ?? 0 };
}

/**
 * The disk under a run's commits as the run measured it (pg_stat_wal: fsync time over fsyncs,
 * machine.postgresWal), µs — a condition of the host during the run, as its speed probe is; undefined
 * for runs from before it was recorded.
 */
export function runWalFlushUs(r: RunRecord): number | undefined {
  const w = r.machine.postgresWal as { syncs?: number; meanSyncMs?: number } | undefined;
  return w && (w.syncs ?? 0) > 0 && typeof w.meanSyncMs === 'number' ? 1000 * w.meanSyncMs : undefined;
}

/** Mean of a record's per-second series from second 1 (second 0 is the servers' start, before Locust's first user); undefined without it. */
export function seriesMean(r: RunRecord, name: string): number | undefined {
  const xs = r.series?.[name];
  return xs && xs.length > 1 ? xs.slice(1).reduce((a, b) => a + b, 0) / (xs.length - 1) : undefined;
}

/** Below half a core a tier's run-queue waits are the host's wake-up waits (host.*WakeWaitUs), not a queue of its own work. */
export const LIGHT_LOAD = 0.5;
/** At this share of its core or more (simulated on the whole core) the store had commands ready throughout: it took all of the core it was given. */
export const SATURATED = 0.9;

/** The shares of their cores the API and the store got in a recorded run (1: the whole core). */
export interface CoreShares {
  api: number;
  store: number;
}

/**
 * Other processes' CPU on the store's core (core 1) in a recorded run, share of the core: the core's
 * busy time (/proc/stat, `series.core1_busy`) less PostgreSQL's and Locust's own CPU (schedstat,
 * `db_cpu`, `load_generator_cpu`), mean over seconds 1 to the end; undefined without the series.
 */
export function foreignOnStoreCore(r: RunRecord): number | undefined {
  const pinning = (r.machine.pinning ?? {}) as Record<string, string>;
  const core = seriesMean(r, `core${(pinning.postgres ?? '1').split(/[,-]/)[0]}_busy`);
  const db = seriesMean(r, 'db_cpu');
  const locust = seriesMean(r, 'load_generator_cpu') ?? 0;
  return core === undefined || db === undefined ? undefined : Math.max(0, core - db - locust);
}

/**
 * The shares of their cores the API (core 0) and PostgreSQL with Locust (core 1) got from other
 * sessions' work in a recorded run — a condition of the host during the run, as its speed probe is:
 * - the API, when the simulation on its whole core keeps it busy at least LIGHT_LOAD: the share at
 *   which the simulated run (seed 1) waits on the API's run queue as long per second as the record's
 *   schedstat says the real workers did (`series.server_runqueue_wait`: wake-ups, preemptions and
 *   the workers' waits for each other), as chat gives uvicorn its share (calibration/chat/run-speed.ts);
 *   a lighter API keeps its core: its waits are wake-ups, which host.apiWakeWaitUs carries;
 * - the store, when the simulation on its whole core keeps it SATURATED: what other processes left
 *   of its core (foreignOnStoreCore). Its run-queue waits cannot tell: a saturated PostgreSQL's
 *   backends mostly wait for each other. A store with idle time keeps its core (others filled the idle time).
 */
export function runCoreShares(r: RunRecord, params: HighscoreParams = loadHighscoreParams()): CoreShares {
  const base = scenarioOfRecord(r, params, 1);
  const whole = simulateHighscore(base, params);
  const durationS = whole.durationNs / 1e9;
  const apiBusy = whole.work.apiCpuSeconds / durationS / base.apiVcpu;
  const storeBusy = whole.work.storeCpuSeconds / durationS / base.docstoreVcpu;
  const apiWait = seriesMean(r, 'server_runqueue_wait');
  const api = apiWait !== undefined && apiBusy >= LIGHT_LOAD ? shareForRunQueueWait(apiWait, (share) => simulateHighscore({ ...base, apiShare: share }, params).host.apiRunQueueSeconds / durationS) : 1;
  const foreign = foreignOnStoreCore(r);
  const store = foreign !== undefined && storeBusy >= SATURATED ? +(1 - foreign).toFixed(3) : 1;
  return { api, store };
}

/** The scenario of a recorded run as validate re-simulates it: at its probed speeds and with its tiers' shares of their cores (runCoreShares). */
export function sharedCoreScenarioOfRecord(r: RunRecord, params: HighscoreParams, shares: CoreShares, seed = 1): HighscoreScenario {
  return { ...scenarioOfRecord(r, params, seed), apiShare: shares.api, docstoreShare: shares.store };
}

export function simulateRecord(r: RunRecord, params: HighscoreParams = loadHighscoreParams(), seed = 1): HighscoreRun {
  return simulateHighscore(scenarioOfRecord(r, params, seed), params);
}

/** Seeds a recorded run is simulated with when one prediction is set against it: a minute of Locust is noisy. */
export const AVERAGED_SEEDS = [1, 2, 3];

/** What a run did, counted from Locust's own totals: the regressors of the cost fit. */
export interface MeasuredWork {
  /** Requests the API served: Locust's counts and each user's token requests. */
  requests: number;
  /** Locust's requests alone (add, edit, delete). */
  taskRequests: number;
  storeCommands: number;
  itemsInPython: number;
  /** KiB of document the store read, parsed or rewrote: by SELECT and UPDATE (read-modify-write), by an operator (in place). */
  storeKiB: number;
  inPlaceKiB: number;
  /** Read-modify-write UPDATEs of a document larger than docstore.largeDocKiB. */
  largeDocUpdates: number;
}

export function measuredWork(r: RunRecord, params: HighscoreParams): MeasuredWork {
  const s = highscoreScenario(flagsOfRecord(r), params);
  const rmw = s.update === 'read-modify-write';
  // Every user fetched its DPoP-bound token at its start (POST /token, outside Locust's stats): a request without a store command.
  const work: MeasuredWork = { requests: s.users * Math.round(params.locust.tokenRequests.value), taskRequests: 0, storeCommands: 0, itemsInPython: 0, storeKiB: 0, inPlaceKiB: 0, largeDocUpdates: 0 };
  for (const e of ENDPOINTS) {
    const n = r.metrics[`http_reqs{name:${e}}`]?.count ?? 0;
    const items = itemsAt(s.docItems, e);
    const kib = (params.document.baseBytes.value + items * params.document.itemBytes.value) / 1024;
    work.requests += n;
    work.taskRequests += n;
    work.storeCommands += n * (rmw ? 2 : 1);
    work.itemsInPython += rmw ? n * items : 0;
    // SELECT reads it, UPDATE parses and rewrites it (read-modify-write); an operator rewrites it (in place).
    if (rmw) work.storeKiB += n * kib * 3;
    else work.inPlaceKiB += n * kib;
    if (rmw && kib > params.docstore.largeDocKiB.value) work.largeDocUpdates += n;
  }
  return work;
}
