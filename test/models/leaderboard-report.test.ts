import { describe, expect, it } from 'vitest';
import { leaderboardScenario } from '../../models/leaderboard/flags.js';
import { leaderboardBottleneck, leaderboardResources, type LeaderboardResource } from '../../models/leaderboard/resources.js';
import { formatSeconds, leaderboardText } from '../../models/leaderboard/text.js';
import { predictLeaderboard } from '../../models/leaderboard/index.js';
import { loadLeaderboardParams } from '../../models/leaderboard/params.js';
import type { LeaderboardRun } from '../../models/leaderboard/model.js';
import type { RedisMemory } from '../../models/leaderboard/redis-memory.js';

// What a capacity review reads: each resource's busy share over the window and the bottleneck rule
// (the busiest saturated device, else the busiest saturated pool), from hand-made window figures.

/** One second's window: the server half busy, Redis 96 %, MySQL 0.8 s of CPU on its 4 cores, the log 97 %. */
function run(over: Partial<LeaderboardRun> = {}): LeaderboardRun {
  return {
    windowNs: 1e9,
    reads: 1000,
    writes: 500,
    busyNs: { app: 0.5e9, redis: 0.96e9, mysql: 0.8e9, redoLog: 0.97e9 },
    cores: { app: 1, mysql: 4 },
    sharedCore: false,
    redis: { commands: 20_000, batches: 10_000, meanInFlight: 9.6, meanWaiting: 0.5, meanBusyConnections: 9.6, capacity: 10 },
    mysql: { statements: 100, rows: 500, meanBusyConnections: 5, meanQueuedRows: 0, flushes: 100 },
    replaced: 0,
    // 0.25 GB in a second: 2 Gbit/s out of Redis; 0.125 GB: 1 Gbit/s out of the server.
    bytes: { redisIn: 125_000_000, redisOut: 250_000_000 },
    ...over,
  } as LeaderboardRun;
}
const memory = (usedBytes: number): RedisMemory => ({ encoding: 'skiplist', setBytes: usedBytes, bytesPerMember: 1, usedBytes, socketBytes: 0, rankings: 1 });
const GIB = 2 ** 30;
const byName = (rs: LeaderboardResource[], prefix: string): LeaderboardResource => rs.find((r) => r.name.startsWith(prefix))!;

describe('leaderboard resources', () => {
  // Default profiles: server c5.2xlarge (2.5 Gbit/s), Redis cache.r4.8xlarge (10 Gbit/s, 203 GiB), MySQL i3.xlarge (4 vCPUs).
  const sc = leaderboardScenario({ connections: '10' });

  it('busy shares by hand, saturated from 95 %', () => {
    const rs = leaderboardResources(sc, run(), memory(101.5 * GIB));
    expect(rs.map((r) => r.name)).toEqual([
      'server CPU (1 Node process)',
      'Redis CPU (one command thread)',
      'MySQL CPU (4 cores)',
      'MySQL redo log flush (group commit)',
      'Redis connections (10 × depth 1)',
      'MySQL connections (10, one statement each)',
      'Redis NIC out',
      'server NIC out',
      'Redis memory (203 GiB)',
    ]);
    expect(rs.map((r) => r.utilisation)).toEqual([0.5, 0.96, 0.2, 0.97, 0.96, 0.5, 0.2, 0.4, 0.5]);
    expect(rs.map((r) => r.saturated)).toEqual([false, true, false, true, false, false, false, false, false]);
    expect(rs.map((r) => r.kind)).toEqual(['cpu', 'cpu', 'cpu', 'device', 'pool', 'pool', 'network', 'network', 'memory']);
    // The Redis pool is 96 % full but nothing waits for a slot (0.5 < 1): not saturated.
    expect(byName(rs, 'Redis connections')).toMatchObject({ queue: 0.5, queueUnit: 'commands waiting' });
  });

  it('exactly 95 % is saturated; a pool needs a command waiting too', () => {
    const rs = leaderboardResources(sc, run({ busyNs: { app: 0.95e9, redis: 0.9499e9, mysql: 0, redoLog: 0 }, redis: { ...run().redis, meanInFlight: 9.5, meanWaiting: 1 } }), memory(0));
    expect(byName(rs, 'server CPU').saturated).toBe(true);
    expect(byName(rs, 'Redis CPU').saturated).toBe(false);
    expect(byName(rs, 'Redis connections').saturated).toBe(true);
    const waitingLess = leaderboardResources(sc, run({ redis: { ...run().redis, meanInFlight: 9.5, meanWaiting: 0.99 } }), memory(0));
    expect(byName(waitingLess, 'Redis connections').saturated).toBe(false);
    const mysqlFull = leaderboardResources(sc, run({ mysql: { ...run().mysql, meanBusyConnections: 9.5, meanQueuedRows: 1 } }), memory(0));
    expect(byName(mysqlFull, 'MySQL connections')).toMatchObject({ utilisation: 0.95, saturated: true, queue: 1, queueUnit: 'rows waiting' });
    const rowsLess = leaderboardResources(sc, run({ mysql: { ...run().mysql, meanBusyConnections: 9.5, meanQueuedRows: 0.99 } }), memory(0));
    expect(byName(rowsLess, 'MySQL connections').saturated).toBe(false);
  });

  it('the log saturates only when every commit waits for it (flush 1); past 100 % it shows full', () => {
    const busyLog = run({ busyNs: { ...run().busyNs, redoLog: 1.2e9 } });
    expect(byName(leaderboardResources(sc, busyLog, memory(0)), 'MySQL redo log')).toMatchObject({ utilisation: 1, saturated: true });
    const flush2 = leaderboardScenario({ connections: '10', flush: '2' });
    expect(byName(leaderboardResources(flush2, busyLog, memory(0)), 'MySQL redo log').saturated).toBe(false);
  });

  it('without MySQL there is no MySQL CPU or log; without writes no MySQL pool', () => {
    const noMysql = leaderboardResources(leaderboardScenario({ mysql: 'off' }), run(), memory(0)).map((r) => r.name);
    expect(noMysql.some((n) => n.startsWith('MySQL CPU') || n.startsWith('MySQL redo'))).toBe(false);
    expect(noMysql).toContain('MySQL connections (10, one statement each)');
    const noWrites = leaderboardResources(sc, run({ writes: 0 }), memory(0)).map((r) => r.name);
    expect(noWrites.some((n) => n.startsWith('MySQL connections'))).toBe(false);
    expect(noWrites).toContain('MySQL CPU (4 cores)');
  });

  it('memory saturates only past the node; NICs from bytes against the baseline', () => {
    expect(byName(leaderboardResources(sc, run(), memory(203 * GIB)), 'Redis memory').saturated).toBe(false);
    expect(byName(leaderboardResources(sc, run(), memory(203 * GIB + 1)), 'Redis memory').saturated).toBe(true);
    // 1.1875 GB/s = 9.5 Gbit/s of Redis's 10; 0.296875 GB/s = 2.375 of the server's 2.5.
    const rs = leaderboardResources(sc, run({ bytes: { redisOut: 1_187_500_000, redisIn: 296_875_000 } }), memory(0));
    expect(byName(rs, 'Redis NIC out')).toMatchObject({ utilisation: 0.95, saturated: true });
    expect(byName(rs, 'server NIC out')).toMatchObject({ utilisation: 0.95, saturated: true });
    // A half-second window doubles every rate.
    const half = leaderboardResources(sc, run({ windowNs: 0.5e9 }), memory(0));
    expect(byName(half, 'Redis NIC out').utilisation).toBe(0.4);
    expect(byName(half, 'server CPU').utilisation).toBe(1);
  });

  it('a shared local core adds the three processes; more server processes share their busy time', () => {
    const local = leaderboardScenario({ profile: ['app=local', 'redis=local', 'mysql=local'] });
    const rs = leaderboardResources(local, run({ sharedCore: true, busyNs: { app: 0.3e9, redis: 0.3e9, mysql: 0.2e9, redoLog: 0 } }), memory(0));
    expect(rs[0]).toMatchObject({ name: 'shared server core (server + Redis + MariaDB)', utilisation: 0.8, saturated: false });
    const two = leaderboardResources(sc, run({ cores: { app: 2, mysql: 4 }, busyNs: { ...run().busyNs, app: 1.9e9 } }), memory(0));
    expect(byName(two, 'server CPU')).toMatchObject({ name: 'server CPU (2 Node processes)', utilisation: 0.95, saturated: true, scaleNext: expect.stringContaining('--server-processes 4') });
  });

  it('a pool with waiters but below 95 % in use is not saturated', () => {
    const rs = leaderboardResources(sc, run({ redis: { ...run().redis, meanInFlight: 5, meanWaiting: 3 }, mysql: { ...run().mysql, meanBusyConnections: 5, meanQueuedRows: 3 } }), memory(0));
    expect(byName(rs, 'Redis connections')).toMatchObject({ utilisation: 0.5, saturated: false });
    expect(byName(rs, 'MySQL connections')).toMatchObject({ utilisation: 0.5, saturated: false });
    expect(byName(rs, 'Redis NIC out').queueUnit).toBe('bytes');
    expect(byName(rs, 'server NIC out')).toMatchObject({ queueUnit: 'bytes', scaleNext: 'a server instance with more network bandwidth' });
    expect(byName(rs, 'Redis memory')).toMatchObject({ queueUnit: 'bytes', scaleNext: 'a node with more memory, or shard the set' });
  });

  it('the log at exactly 95 % is saturated, at half not; units and advice per resource', () => {
    const at = (redoLog: number) => byName(leaderboardResources(sc, run({ busyNs: { ...run().busyNs, redoLog } }), memory(0)), 'MySQL redo log');
    expect(at(0.95e9).saturated).toBe(true);
    expect(at(0.5e9).saturated).toBe(false);
    expect(at(0.5e9)).toMatchObject({ queueUnit: 'commits', scaleNext: 'larger bulk UPSERTs share a flush (--batch), or innodb_flush_log_at_trx_commit=2 (--flush 2)' });
    const rs = leaderboardResources(sc, run(), memory(0));
    expect(byName(rs, 'server CPU').queueUnit).toBe('jobs');
    expect(byName(rs, 'Redis CPU').scaleNext).toBe('Redis runs commands on one thread: pipelining (--pipeline 8) cuts its I/O per command; beyond that, shard the set or a faster core');
    expect(byName(rs, 'MySQL CPU').scaleNext).toBe('larger bulk UPSERTs (--batch) or a larger MySQL instance');
    const local = leaderboardScenario({ profile: ['app=local', 'redis=local', 'mysql=local'] });
    expect(leaderboardResources(local, run({ sharedCore: true }), memory(0))[0].scaleNext).toBe('the local runs pin the server, Redis and MariaDB to one core: give them cores of their own');
  });

  it('what to scale next names the settings to change, doubled', () => {
    const rs = leaderboardResources(sc, run(), memory(0));
    expect(byName(rs, 'server CPU').scaleNext).toContain('--server-processes 2');
    expect(byName(rs, 'Redis connections').scaleNext).toMatch(/--pipeline 8.*--connections 20/);
    expect(byName(rs, 'MySQL connections').scaleNext).toContain('--mysql-connections 20');
    const deep = leaderboardScenario({ connections: '10', pipeline: '4', batch: '1' });
    const rd = leaderboardResources(deep, run(), memory(0));
    expect(byName(rd, 'Redis connections').name).toBe('Redis connections (10 × depth 4)');
    expect(byName(rd, 'Redis connections').scaleNext).toMatch(/--pipeline 8.*--redis-connections 20/);
    expect(byName(rd, 'MySQL connections').scaleNext).toContain('--batch 64');
  });
});

describe('leaderboard bottleneck', () => {
  const sc = leaderboardScenario({ users: '100' });
  const r = (name: string, kind: LeaderboardResource['kind'], utilisation: number, saturated: boolean): LeaderboardResource => ({ name, kind, utilisation, queue: 0, queueUnit: 'jobs', saturated, scaleNext: `scale ${name}` });

  it('the busiest saturated device before any pool, however full the pool', () => {
    const rs = [r('pool A', 'pool', 1, true), r('cpu B', 'cpu', 0.96, true), r('log C', 'device', 0.98, true), r('cpu D', 'cpu', 0.99, false)];
    expect(leaderboardBottleneck(sc, rs)).toEqual({
      resource: 'log C',
      saturated: true,
      headline: 'log C saturated (98% busy); the rest: pool A 100%, cpu B 96%, cpu D 99%',
      scaleNext: 'scale log C',
    });
  });

  it('the busiest wherever it stands in the list; a tie names the first', () => {
    const rs = [r('log C', 'device', 0.98, true), r('cpu B', 'cpu', 0.96, true), r('cpu D', 'cpu', 0.5, false)];
    expect(leaderboardBottleneck(sc, rs).resource).toBe('log C');
    const tie = [r('cpu A', 'cpu', 0.97, true), r('cpu B', 'cpu', 0.97, true)];
    expect(leaderboardBottleneck(sc, tie).resource).toBe('cpu A');
  });

  it('a saturated pool when no device is; memory never listed among the rest', () => {
    const rs = [r('pool A', 'pool', 0.96, true), r('pool B', 'pool', 0.97, true), r('cpu', 'cpu', 0.5, false), r('mem', 'memory', 0.2, false)];
    expect(leaderboardBottleneck(sc, rs)).toMatchObject({ resource: 'pool B', headline: 'pool B saturated (97% busy); the rest: pool A 96%, cpu 50%' });
  });

  it('nothing saturated: the busiest (memory aside) would be first, and more load is the next step', () => {
    const rs = [r('cpu', 'cpu', 0.5, false), r('mem', 'memory', 0.9, false), r('pool', 'pool', 0.7, false)];
    expect(leaderboardBottleneck(sc, rs)).toEqual({
      resource: 'none',
      saturated: false,
      headline: 'nothing saturated: the offered load is below capacity; the busiest is pool at 70%',
      scaleNext: 'more users (--users 200); the first to saturate would be pool',
    });
    expect(leaderboardBottleneck(leaderboardScenario({ rate: '100' }), rs).scaleNext).toBe('a higher --rate; the first to saturate would be pool');
  });
});

describe('leaderboard text', { timeout: 120_000 }, () => {
  it('seconds, minutes and hours', () => {
    expect([0.5, 59.94, 60, 3599, 3600, 7200].map(formatSeconds)).toEqual(['0.5 s', '59.9 s', '1.0 min', '60.0 min', '1.00 h', '2.00 h']);
  });

  it('latency in ms (3 decimals below 10 ms, 1 above), busy shares, queues and the table aligned', () => {
    const params = loadLeaderboardParams();
    params.load.warmupOps.value = 200;
    const p = structuredClone(predictLeaderboard(leaderboardScenario({ ops: '300', users: '8', op: 'mix', players: '1k' }), params));
    p.metrics.reads.count = 1234;
    p.metrics.read_duration = { avg: 3.14159, 'p(95)': 9.9996, 'p(99)': 10, max: 123.45 } as never;
    p.resources = [
      { name: 'a long resource name', kind: 'cpu', utilisation: 0.5, queue: 0, queueUnit: 'jobs', saturated: false, scaleNext: '' },
      { name: 'pool', kind: 'pool', utilisation: 0.987, queue: 2.5, queueUnit: 'commands waiting', saturated: true, scaleNext: '' },
    ];
    p.warnings = [];
    const lines = leaderboardText(p).split('\n');
    expect(lines).toContain('  read latency : avg 3.142 ms  p95 10.000 ms  p99 10.0 ms  (max 123.5 ms, 1,234 measured)');
    const table = lines.slice(lines.indexOf('     resource               busy  queue'));
    expect(table).toEqual(['     resource               busy  queue', '     a long resource name  50.0%  —', '     pool                  98.7%  2.5 commands waiting  saturated']);
  });

  it('prints the prediction’s own figures: load, law, memory, rebuild and the resource table', () => {
    const params = loadLeaderboardParams();
    params.load.warmupOps.value = 200;
    const p = predictLeaderboard(leaderboardScenario({ ops: '600', users: '20', connections: '4', players: '1M', op: 'mix', 'all-time': 'on' }), params);
    const text = leaderboardText(p);
    const lines = text.split('\n');
    expect(lines[0]).toBe('  capsim predict leaderboard (simulated, seed 1): 1,000,000 players, 20 users in a closed loop, op mix (read share 0.5)');
    expect(lines[1]).toBe('  server on c5.2xlarge, Redis on cache.r4.8xlarge (round trip 150µs), MySQL on i3.xlarge; 4 Redis connections × pipeline 1, 4 MySQL connections, bulk UPSERTs of ≤ 64 rows, coalescing on');
    expect(text).toContain(`  reads sustained:  ${p.metrics.reads.rate.toLocaleString('en-US', { maximumFractionDigits: 1 })}/s`);
    expect(text).toContain(`T_process ${p.law.tProcessMs} ms, T_latency ${p.law.tLatencyMs} ms`);
    expect(text).toContain(`(2 sorted sets, skiplist encoding, ${p.memory.bytes_per_member} bytes per member)`);
    const rb = p.rebuild;
    expect(text).toContain(`  rebuild from MySQL: 1,000,000 entries in ${formatSeconds(rb.seconds)} (ZADDs of 64, limited by ${rb.limit}; MySQL scan ${formatSeconds(rb.stages.mysqlScanS)}, server ${formatSeconds(rb.stages.serverS)}, Redis ${formatSeconds(rb.stages.redisS)}, round trips ${formatSeconds(rb.stages.roundTripsS)})`);
    expect(text).toContain(`4 × depth 1 ≤ ${p.law.ceilingPerS.toLocaleString('en-US')}/s`);
    expect(text).toContain(`  scale next: ${p.bottleneck.scaleNext}`);
    expect(text).toMatch(/\n {5}resource +busy {2}queue\n {5}server CPU \(1 Node process\) +\d+\.\d% {2}—/);
    expect(text).toContain(`  bottleneck: ${p.bottleneck.headline}`);
    expect(lines.filter((l) => l.startsWith('     ')).length).toBe(p.resources.length + 1);
    // Blocks separated by one blank line: set-up, rates, memory and rebuild, bottleneck, table.
    expect([2, 10, 13, 16].map((i) => lines[i])).toEqual(['', '', '', '']);
    const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
    expect(lines[4]).toBe(`  writes sustained: ${num(p.metrics.writes.rate)}/s`);
    expect(lines[7]).toBe(`  Redis: ${num(p.redis.commands_per_s)} commands/s, ${p.redis.commands_per_batch} per Redis event-loop iteration; MySQL: ${num(p.mysql.statements_per_s)} statements/s of ${p.mysql.rows_per_statement} rows, ${num(p.mysql.flushes_per_s)} log flushes/s`);
    expect(lines[8]).toBe(`  coalescing: ${num(p.coalescing.replaced)} pending updates replaced by newer ones (${num(p.coalescing.replaced_per_s)}/s); applied out of order: ${p.coalescing.stale_applied}`);
    const open = leaderboardText(predictLeaderboard(leaderboardScenario({ ops: '300', rate: '500', op: 'rank', players: '100' }), params));
    expect(open.split('\n')[0]).toBe('  capsim predict leaderboard (simulated, seed 1): 100 players, 500 requests/s offered (Poisson), op rank');
    expect(open).toContain('(1 sorted set, listpack encoding');
    expect(open).toContain('  write latency: none');
    // 100 M players on a 1.37 GiB node: the warning line; coalescing off is said so.
    const small = leaderboardText(predictLeaderboard(leaderboardScenario({ ops: '300', users: '8', op: 'rank', coalesce: 'off', profile: ['cache.t4g.small'] }), params));
    expect(small).toMatch(/coalescing off\n/);
    expect(small).toMatch(/\n {2}warning: the sorted set does not fit: [\d.]+ GiB needed on a 1\.37 GiB node$/);
  });
});
