import type { LeaderboardRun } from './model.js';
import type { LeaderboardScenario } from './scenario.js';
import type { RedisMemory } from './redis-memory.js';

/** One resource of the leaderboard as a capacity review reads it. */
export interface LeaderboardResource {
  name: string;
  kind: 'cpu' | 'device' | 'pool' | 'network' | 'memory';
  /** Busy share over the measuring window (a pool: slots in use; a NIC: bytes against its baseline). */
  utilisation: number;
  /** Mean work waiting for it, in `queueUnit`. */
  queue: number;
  queueUnit: string;
  saturated: boolean;
  scaleNext: string;
}

export interface LeaderboardBottleneck {
  resource: string;
  saturated: boolean;
  headline: string;
  scaleNext: string;
}

/** A resource counts as saturated at ≥ 95 % busy (a pool: with requests waiting for a slot). */
const SATURATED = 0.95;
const round = (x: number): number => +x.toFixed(4);

export function leaderboardResources(sc: LeaderboardScenario, run: LeaderboardRun, memory: RedisMemory): LeaderboardResource[] {
  const t = run.windowNs;
  const out: LeaderboardResource[] = [];
  const cpu = (name: string, busyNs: number, cores: number, scaleNext: string): void => {
    const u = busyNs / (t * cores);
    out.push({ name, kind: 'cpu', utilisation: round(u), queue: 0, queueUnit: 'jobs', saturated: u >= SATURATED, scaleNext });
  };
  const b = run.busyNs;
  if (run.sharedCore) {
    cpu('shared server core (server + Redis + MariaDB)', b.app + b.redis + b.mysql, 1, 'the local runs pin the server, Redis and MariaDB to one core: give them cores of their own');
  }
  cpu(`server CPU (${run.cores.app} Node process${run.cores.app > 1 ? 'es' : ''})`, b.app, run.cores.app, `each server process uses one core: more server processes (--server-processes ${2 * run.cores.app})`);
  cpu('Redis CPU (one command thread)', b.redis, 1, 'Redis runs commands on one thread: pipelining (--pipeline 8) cuts its I/O per command; beyond that, shard the set or a faster core');
  if (sc.mysql) {
    cpu(`MySQL CPU (${run.cores.mysql} cores)`, b.mysql, run.cores.mysql, 'larger bulk UPSERTs (--batch) or a larger MySQL instance');
    const logU = b.redoLog / t;
    out.push({ name: 'MySQL redo log flush (group commit)', kind: 'device', utilisation: round(Math.min(1, logU)), queue: 0, queueUnit: 'commits', saturated: logU >= SATURATED && sc.flush === 1, scaleNext: 'larger bulk UPSERTs share a flush (--batch), or innodb_flush_log_at_trx_commit=2 (--flush 2)' });
  }
  const r = run.redis;
  const redisU = r.meanInFlight / r.capacity;
  const commandsPerS = r.commands / (t / 1e9);
  out.push({
    name: `Redis connections (${sc.redisConnections} × depth ${sc.pipeline})`,
    kind: 'pool',
    utilisation: round(redisU),
    queue: round(r.meanWaiting),
    queueUnit: 'commands waiting',
    saturated: redisU >= SATURATED && r.meanWaiting >= 1,
    scaleNext:
      sc.pipeline === 1
        ? `each connection completes at most 1/(T_process + T_latency) commands per second: pipeline (--pipeline 8) or more connections (--connections ${2 * sc.redisConnections})`
        : `deeper pipelines (--pipeline ${2 * sc.pipeline}) or more connections (--redis-connections ${2 * sc.redisConnections})`,
  });
  if (run.writes > 0) {
    const m = run.mysql;
    const mysqlU = m.meanBusyConnections / sc.mysqlConnections;
    out.push({
      name: `MySQL connections (${sc.mysqlConnections}, one statement each)`,
      kind: 'pool',
      utilisation: round(mysqlU),
      queue: round(m.meanQueuedRows),
      queueUnit: 'rows waiting',
      saturated: mysqlU >= SATURATED && m.meanQueuedRows >= 1,
      scaleNext: sc.batch === 1 ? 'bulk UPSERTs (--batch 64): one statement carries many rows' : `more MySQL connections (--mysql-connections ${2 * sc.mysqlConnections}) or larger batches`,
    });
  }
  const gbit = (bytes: number): number => (bytes * 8) / (t / 1e9) / 1e9;
  const redisNic = gbit(run.bytes.redisOut) / (sc.profiles.redis.network.baselineGbps ?? Infinity);
  out.push({ name: 'Redis NIC out', kind: 'network', utilisation: round(redisNic), queue: 0, queueUnit: 'bytes', saturated: redisNic >= SATURATED, scaleNext: 'a node with more network bandwidth, or fewer elements per read' });
  const appNic = gbit(run.bytes.redisIn) / (sc.profiles.app.network.baselineGbps ?? Infinity);
  out.push({ name: 'server NIC out', kind: 'network', utilisation: round(appNic), queue: 0, queueUnit: 'bytes', saturated: appNic >= SATURATED, scaleNext: 'a server instance with more network bandwidth' });
  const memU = memory.usedBytes / (sc.profiles.redis.memoryGiB * 2 ** 30);
  out.push({ name: `Redis memory (${sc.profiles.redis.memoryGiB} GiB)`, kind: 'memory', utilisation: round(memU), queue: 0, queueUnit: 'bytes', saturated: memU > 1, scaleNext: 'a node with more memory, or shard the set' });
  return out;
}

/**
 * The bottleneck: the busiest saturated device (CPU, log, NIC, memory) if any — a pool is full
 * whenever what lies behind it is — else the busiest saturated pool, else nothing: the load is
 * below capacity.
 */
export function leaderboardBottleneck(sc: LeaderboardScenario, resources: LeaderboardResource[]): LeaderboardBottleneck {
  const busiest = (rs: LeaderboardResource[]): LeaderboardResource | undefined => rs.reduce<LeaderboardResource | undefined>((best, r) => (!best || r.utilisation > best.utilisation ? r : best), undefined);
  const devices = resources.filter((r) => r.saturated && r.kind !== 'pool');
  const pools = resources.filter((r) => r.saturated && r.kind === 'pool');
  const hit = busiest(devices) ?? busiest(pools);
  const pct = (u: number): string => `${(100 * u).toFixed(0)}%`;
  const others = (r: LeaderboardResource): string =>
    resources
      .filter((o) => o !== r && o.kind !== 'memory')
      .map((o) => `${o.name} ${pct(o.utilisation)}`)
      .join(', ');
  if (hit) return { resource: hit.name, saturated: true, headline: `${hit.name} saturated (${pct(hit.utilisation)} busy); the rest: ${others(hit)}`, scaleNext: hit.scaleNext };
  const top = busiest(resources.filter((r) => r.kind !== 'memory'))!;
  const more = sc.load.kind === 'users' ? `more users (--users ${2 * sc.load.users})` : 'a higher --rate';
  return { resource: 'none', saturated: false, headline: `nothing saturated: the offered load is below capacity; the busiest is ${top.name} at ${pct(top.utilisation)}`, scaleNext: `${more}; the first to saturate would be ${top.name}` };
}
