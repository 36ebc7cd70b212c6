import { leaderboardScenario } from '../../models/leaderboard/flags.js';
import type { LeaderboardParams } from '../../models/leaderboard/params.js';
import type { LeaderboardScenario } from '../../models/leaderboard/scenario.js';
import { serverSlowdown, type LeaderboardRecord } from './records.js';

/** Requests simulated per validation run: enough for its p95, cheap enough for dozens of runs. */
const VALIDATION_OPS = '20000';
/** Connections the runs' load generator opens to the server at most (calibration/load/leaderboard-run.ts). */
const LOAD_GENERATOR_CONNECTIONS = 8;

/** The predict flags that re-create a recorded run on this machine (all three servers local, one core). */
export function recordFlags(r: LeaderboardRecord, params: LeaderboardParams, ops = VALIDATION_OPS): Record<string, unknown> {
  const s = r.settings;
  // Server and Redis share core 1: a reply is in the server's socket when Redis's write returns, so
  // no round trip beyond their turns on the core. Through the delay proxy (core 0) a command crosses
  // cores both ways and waits the proxy's measured hold (lognormal through its p50 and p99) and its
  // own wake-ups.
  const proxied = throughProxy(r);
  const flags: Record<string, unknown> = {
    players: String(s.players ?? s.members ?? 1),
    'redis-connections': String(s.redisConnections ?? 1),
    'mysql-connections': String(s.mysqlConnections ?? 1),
    pipeline: String(s.pipelineDepth ?? 1),
    batch: String(r.experiment === 'rebuild' ? (s.zaddBatch ?? 1) : (s.bulkRows ?? 1)),
    op: s.op ?? 'mix',
    coalesce: s.coalesce ? 'on' : 'off',
    mysql: s.mysql === false ? 'off' : 'on',
    profile: ['app=local', 'redis=local', 'mysql=local'],
    ops,
    seed: '1',
    // The runs' load generator: its own core, min(8, in flight) connections (leaderboard-run.ts).
    'load-generator': 'on',
    'client-connections': String(Math.min(LOAD_GENERATOR_CONNECTIONS, s.clientsInFlight ?? LOAD_GENERATOR_CONNECTIONS)),
  };
  if (proxied) {
    flags['redis-rtt'] = `${(params.network.loopbackRttUs.value + params.network.proxyExtraUs.value).toFixed(3)}us`;
    const p50 = r.proxy?.p50Ms ?? s.delayMsEachWay ?? 0;
    const p99 = r.proxy?.p99Ms ?? p50;
    flags['redis-delay'] = `${(p50 * 1_000).toFixed(1)}us,${(Math.max(p50, p99) * 1_000).toFixed(1)}us`;
  }
  if (s.op === 'friends') flags.friends = '10';
  if (s.rate !== undefined && s.clientsInFlight === undefined) flags.rate = String(s.rate);
  else flags.users = String(s.clientsInFlight ?? 1);
  if (s.hotPlayers && s.hotShare) Object.assign(flags, { 'hot-players': String(s.hotPlayers), 'hot-share': String(s.hotShare) });
  return flags;
}

/** Seconds the runs' open loop waits for the answers still owed after its load phase (leaderboard-run.ts: openLoop(…, duration, 5, …)). */
const OPEN_LOOP_DRAIN_S = 5;

export function recordScenario(r: LeaderboardRecord, params: LeaderboardParams, ops?: string): LeaderboardScenario {
  const sc = leaderboardScenario(recordFlags(r, params, ops));
  // An open-loop run is finite: its load phase, then its drain; an overloaded run's backlog stops there.
  if (sc.load.kind === 'rate') sc.runWindow = { loadSeconds: r.settings.durationS ?? r.duration_s, drainSeconds: OPEN_LOOP_DRAIN_S };
  return sc;
}

/** Whether a run went through the delay proxy. */
export const throughProxy = (r: LeaderboardRecord): boolean => (r.proxy?.meanMs ?? r.settings.delayMsEachWay ?? 0) > 0;

/** The parameters a run is simulated with: its shared server core at the speed its probe measured. */
export function atRunSpeed(r: LeaderboardRecord, params: LeaderboardParams): LeaderboardParams {
  const p = structuredClone(params);
  const speed = 1 / serverSlowdown(r, params.app.probeReferenceMs.value);
  for (const g of [p.app, p.redis, p.mysql]) g.cpuSpeed.local = { value: speed, unit: '× the reference core', provenance: { kind: 'measured', source: `speed probe of ${r.id}` } };
  return p;
}
