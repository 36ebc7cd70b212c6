import { duration, oneOf, positiveInt, seed, UsageError } from '../../src/cli/usage-error.js';
import { profilesByRole } from '../../src/cli/profile-flag.js';
import type { FlagSpec } from '../registry.js';
import type { LeaderboardScenario, Load } from './scenario.js';

/** The write-up's test set-up: server on c5.2xlarge, MySQL on i3.xlarge, Redis on cache.r4.8xlarge. */
export const DEFAULT_PROFILES = { app: 'c5.2xlarge', redis: 'cache.r4.8xlarge', mysql: 'i3.xlarge' };
const DEFAULT_USERS = 256;

export const leaderboardFlags: Record<string, FlagSpec> = {
  players: { type: 'string', default: '100M', describe: 'players: members of the sorted set and rows of the table (100M, 1.5e6, 20k)' },
  connections: { type: 'string', default: '10', describe: 'Redis connections and MySQL connections each (the write-up used 64)' },
  'redis-connections': { type: 'string', describe: 'Redis connections, if not --connections' },
  'mysql-connections': { type: 'string', describe: 'MySQL connections, if not --connections' },
  pipeline: { type: 'string', default: '1', describe: 'commands in flight per Redis connection (1 = no pipelining, as the write-up\'s drivers)' },
  batch: { type: 'string', default: '64', describe: 'most rows per bulk UPSERT (1 = single UPSERTs); also members per ZADD when rebuilding' },
  op: { type: 'string', default: 'mix', describe: 'requests: mix of around-reads and updates, or one kind' },
  'read-share': { type: 'string', default: '0.5', describe: 'share of reads (rank ±5) in the mix' },
  friends: { type: 'string', describe: 'friends per friends-rank request (--op friends)' },
  rate: { type: 'string', describe: 'open loop: requests per second offered (Poisson)' },
  users: { type: 'string', describe: `closed loop: clients with one request outstanding each (default ${DEFAULT_USERS} when no --rate)` },
  coalesce: { type: 'string', default: 'on', describe: 'per-player queue: one update in progress and one pending, newer replaces pending' },
  'hot-players': { type: 'string', describe: 'updates concentrate on this many players (with --hot-share)' },
  'hot-share': { type: 'string', default: '0', describe: 'share of updates that go to the hot players' },
  mysql: { type: 'string', default: 'on', describe: 'off: updates go to Redis only (the bundled server\'s --no-mysql)' },
  flush: { type: 'string', default: '1', describe: 'innodb_flush_log_at_trx_commit: 1 flushes at every commit, 2 about once a second' },
  'all-time': { type: 'string', default: 'off', describe: 'keep an all-time-best ranking beside the season (twice the sorted sets)' },
  'redis-rtt': { type: 'string', describe: "round trip server ⇄ Redis, e.g. 2ms (default: the profiles' network)" },
  'redis-delay': { type: 'string', describe: 'a variable delay added each way to Redis, lognormal, as median,p99 (e.g. 1.2ms,5.4ms): a delay proxy' },
  'server-processes': { type: 'string', describe: 'leaderboard server processes (one core each), sharing the connections (default 1: the bundled Node server)' },
  'client-connections': { type: 'string', describe: 'connections the clients use to reach the server (default: one per user)' },
  'load-generator': { type: 'string', default: 'off', describe: "on: simulate the local runs' load generator (its own core and event loop) instead of instant clients" },
  ops: { type: 'string', describe: 'requests measured after the warm-up (default 20000): precision, not scale' },
  profile: {
    type: 'string',
    array: true,
    describe: `hardware profiles by role, e.g. --profile app=local,redis=local,mysql=local (default app=${DEFAULT_PROFILES.app}, redis=${DEFAULT_PROFILES.redis}, mysql=${DEFAULT_PROFILES.mysql})`,
  },
  seed: { type: 'string', default: '1', describe: 'random seed: same inputs + seed → identical output' },
};

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/** A count such as 100M, 1.5e6 or 20k, whole and within [1, max]. */
export function count(flag: string, value: unknown, max: number): number {
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmb]?)\s*$/i.exec(value) : null;
  const n = m ? Number(m[1]) * SUFFIX[m[2].toLowerCase()] : typeof value === 'number' ? value : NaN;
  if (!(Number.isInteger(n) && n >= 1 && n <= max)) throw new UsageError(`--${flag} must be a whole count from 1 to ${max.toExponential(0)} such as 100M or 20k, got ${JSON.stringify(value)}`);
  return n;
}

export function share(flag: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${flag} must be a share from 0 to 1, got ${JSON.stringify(value)}`);
  return n;
}

function positiveRate(flag: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d*\.?\d+(e\d+)?\s*$/i.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n <= 1e8)) throw new UsageError(`--${flag} must be requests per second above 0 (at most 1e8), got ${JSON.stringify(value)}`);
  return n;
}

function loadOf(flags: Record<string, unknown>): Load {
  if (flags.rate !== undefined && flags.users !== undefined) throw new UsageError('--rate and --users exclude each other: an open or a closed loop');
  if (flags.rate !== undefined) return { kind: 'rate', perSecond: positiveRate('rate', flags.rate) };
  return { kind: 'users', users: positiveInt('users', flags.users ?? String(DEFAULT_USERS), 100_000) };
}

function delayOf(value: unknown): { medianNs: number; p99Ns: number } {
  const parts = typeof value === 'string' ? value.split(',') : [];
  if (parts.length !== 2) throw new UsageError(`--redis-delay must be median,p99 such as 1.2ms,5.4ms, got ${JSON.stringify(value)}`);
  const [medianNs, p99Ns] = parts.map((p) => duration('redis-delay', p.trim()));
  if (p99Ns < medianNs) throw new UsageError(`--redis-delay: the p99 must be at least the median, got ${JSON.stringify(value)}`);
  return { medianNs, p99Ns };
}

const onOff = (flag: string, value: unknown, fallback: 'on' | 'off'): boolean => oneOf(flag, value ?? fallback, ['on', 'off'] as const) === 'on';

export function leaderboardScenario(flags: Record<string, unknown>): LeaderboardScenario {
  const connections = positiveInt('connections', flags.connections ?? '10', 10_000);
  const hotShare = share('hot-share', flags['hot-share'] ?? '0');
  const players = count('players', flags.players ?? '100M', 1e10);
  const hotPlayers = flags['hot-players'] === undefined ? undefined : count('hot-players', flags['hot-players'], players);
  if (hotShare > 0 && hotPlayers === undefined) throw new UsageError('--hot-share needs --hot-players');
  // A bare cache-node name is Redis; other profiles need their role (app= or mysql=).
  const profiles = profilesByRole<'app' | 'redis' | 'mysql'>(flags.profile, DEFAULT_PROFILES, (p) => (p.kind === 'cache' ? 'redis' : 'app'));
  return {
    players,
    redisConnections: flags['redis-connections'] === undefined ? connections : positiveInt('redis-connections', flags['redis-connections'], 10_000),
    mysqlConnections: flags['mysql-connections'] === undefined ? connections : positiveInt('mysql-connections', flags['mysql-connections'], 10_000),
    pipeline: positiveInt('pipeline', flags.pipeline ?? '1', 100_000),
    batch: positiveInt('batch', flags.batch ?? '64', 100_000),
    op: oneOf('op', flags.op ?? 'mix', ['mix', 'rank', 'around', 'friends', 'update'] as const),
    readShare: share('read-share', flags['read-share'] ?? '0.5'),
    friends: flags.friends === undefined ? 0 : positiveInt('friends', flags.friends, 10_000),
    load: loadOf(flags),
    coalesce: onOff('coalesce', flags.coalesce, 'on'),
    hot: hotPlayers !== undefined && hotShare > 0 ? { players: hotPlayers, share: hotShare } : undefined,
    mysql: onOff('mysql', flags.mysql, 'on'),
    flush: Number(oneOf('flush', flags.flush ?? '1', ['1', '2'] as const)) as 1 | 2,
    rankings: onOff('all-time', flags['all-time'], 'off') ? 2 : 1,
    redisRttNs: flags['redis-rtt'] === undefined ? undefined : duration('redis-rtt', flags['redis-rtt']),
    redisDelay: flags['redis-delay'] === undefined ? undefined : delayOf(flags['redis-delay']),
    profiles,
    serverProcesses: flags['server-processes'] === undefined ? undefined : positiveInt('server-processes', flags['server-processes'], 1_000),
    clientConnections: flags['client-connections'] === undefined ? undefined : positiveInt('client-connections', flags['client-connections'], 100_000),
    loadGenerator: onOff('load-generator', flags['load-generator'], 'off'),
    measuredOps: flags.ops === undefined ? undefined : positiveInt('ops', flags.ops, 10_000_000),
    seed: seed(flags.seed ?? '1'),
  };
}
