import { describe, expect, it } from 'vitest';
import { leaderboardScenario } from '../../models/leaderboard/flags.js';
import { predictLeaderboard } from '../../models/leaderboard/index.js';
import { loadLeaderboardParams } from '../../models/leaderboard/params.js';
import { simulateLeaderboard } from '../../models/leaderboard/model.js';
import { redisMemory } from '../../models/leaderboard/redis-memory.js';
import { rebuildEstimate } from '../../models/leaderboard/rebuild.js';
import { connectionLaw } from '../../models/leaderboard/law.js';
import { leaderboardModel } from '../../models/leaderboard/index.js';

// predict's JSON is the simulated run and the closed forms, each figure where it says it is: the
// same seed re-simulated gives the run, and the rates are its counts over its window.

const params = loadLeaderboardParams();
params.load.warmupOps.value = 200;
const GIB = 2 ** 30;
const r4 = (x: number): number => +x.toPrecision(4);

describe('leaderboard prediction JSON', { timeout: 120_000 }, () => {
  const sc = leaderboardScenario({ ops: '800', users: '16', connections: '3', 'mysql-connections': '2', pipeline: '2', players: '2M', op: 'mix', 'read-share': '0.4', batch: '8', 'all-time': 'on', seed: '5', 'hot-players': '3', 'hot-share': '0.5', flush: '2' });
  // Simulated inside the first test that needs it, not while the file is collected: Stryker's
  // per-test coverage only sees code a test runs, and a mutant is switched on per test.
  type Pair = { p: ReturnType<typeof predictLeaderboard>; run: ReturnType<typeof simulateLeaderboard> };
  let cached: Pair | undefined;
  const both = (): Pair => (cached ??= { p: predictLeaderboard(sc, params), run: simulateLeaderboard(sc, params) });

  it('echoes the scenario in the flags’ terms', () => {
    const { p } = both();
    expect(p.model).toBe('leaderboard');
    expect(p.scenario).toEqual({
      players: 2_000_000, redis_connections: 3, mysql_connections: 2, pipeline: 2, server_processes: 1, batch: 8, op: 'mix', read_share: 0.4, load: { users: 16 },
      coalesce: true, hot: { players: 3, share: 0.5 }, mysql: true, flush: 2, rankings: 2, redis_rtt: '150µs', profiles: { app: 'c5.2xlarge', redis: 'cache.r4.8xlarge', mysql: 'i3.xlarge' }, seed: 5,
    });
    const open = predictLeaderboard(leaderboardScenario({ ops: '300', rate: '800', op: 'rank', players: '1k' }), params);
    expect(open.scenario).toMatchObject({ load: { rate: 800 }, hot: null, rankings: 1 });
  });

  it('rates are the run’s counts over its window, to 4 figures; the summary repeats them', () => {
    const { p, run } = both();
    const seconds = run.windowNs / 1e9;
    expect(p.duration_s).toBe(r4(seconds));
    expect(p.metrics.reads).toEqual({ count: run.reads, rate: r4(run.reads / seconds) });
    expect(p.metrics.writes).toEqual({ count: run.writes, rate: r4(run.writes / seconds) });
    expect(p.metrics.updates_replaced).toEqual({ count: run.replaced, rate: r4(run.replaced / seconds) });
    expect(p.summary).toEqual({ reads_per_s: p.metrics.reads.rate, writes_per_s: p.metrics.writes.rate, redis_memory_gib: p.memory.used_gib, rebuild_s: p.rebuild.seconds, bottleneck: p.bottleneck.resource });
    expect(p.redis).toEqual({ commands_per_s: r4(run.redis.commands / seconds), commands_per_batch: r4(run.redis.commands / run.redis.batches), mean_commands_in_flight: r4(run.redis.meanInFlight) });
    const rows = run.mysql.rows / run.mysql.statements;
    expect(p.mysql).toEqual({ statements_per_s: r4(run.mysql.statements / seconds), rows_per_statement: r4(rows), flushes_per_s: r4(run.mysql.flushes / seconds) });
    expect(p.coalescing).toEqual({ replaced: run.replaced, replaced_per_s: r4(run.replaced / seconds), stale_applied: run.staleApplied });
    expect(p.engine.events).toBe(run.events);
    // The law at the rows a statement carried, with the default friends.
    expect(p.law).toEqual(connectionLaw(params, sc, rows, params.load.friends.value));
  });

  it('latency trends carry k6’s statistics and p(99); none measured gives zeros', () => {
    const { p } = both();
    expect(Object.keys(p.metrics.read_duration).sort()).toEqual(['avg', 'max', 'med', 'min', 'p(90)', 'p(95)', 'p(99)']);
    expect(p.metrics.read_duration['p(99)']).toBeGreaterThanOrEqual(p.metrics.read_duration['p(95)']);
    expect(p.metrics.read_duration.max).toBeGreaterThan(0);
    const readsOnly = predictLeaderboard(leaderboardScenario({ ops: '300', users: '4', op: 'rank', players: '1k' }), params);
    expect(readsOnly.metrics.write_duration).toEqual({ avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0, 'p(99)': 0 });
    expect(readsOnly.mysql.rows_per_statement).toBe(1);
    expect(readsOnly.redis.commands_per_batch).toBeGreaterThan(0);
  });

  it('memory and rebuild are the closed forms; an all-time ranking doubles the sets', () => {
    const { p } = both();
    const mem = redisMemory(params, 2_000_000, 3, 2);
    const allTime = redisMemory(params, 2_000_000, 3, 2);
    expect(p.memory).toEqual({
      encoding: 'skiplist', bytes_per_member: r4(mem.bytesPerMember), set_gib: r4(mem.setBytes / GIB), rankings: 2, used_gib: r4(mem.usedBytes / GIB), with_all_time_gib: r4(allTime.usedBytes / GIB), socket_buffers_gib: r4(mem.socketBytes / GIB),
    });
    const one = predictLeaderboard(leaderboardScenario({ ops: '300', users: '4', op: 'rank', players: '2M', connections: '3' }), params);
    expect(one.memory.used_gib).toBe(r4(redisMemory(params, 2_000_000, 3, 1).usedBytes / GIB));
    expect(one.memory.with_all_time_gib).toBe(p.memory.with_all_time_gib);
    expect(p.rebuild).toEqual(rebuildEstimate(params, sc));
    expect(p.warnings).toEqual([]);
  });

  it('warns when the set does not fit the node, with the figure needed', () => {
    const small = predictLeaderboard(leaderboardScenario({ ops: '300', users: '4', op: 'rank', profile: ['cache.t4g.small'] }), params);
    const need = r4(redisMemory(params, 100_000_000, 10, 1).usedBytes / GIB);
    expect(small.warnings).toEqual([`the sorted set does not fit: ${need} GiB needed on a 1.37 GiB node`]);
  });

  it('the model entry: flags checked before anything runs, blind metrics, parameters listed', () => {
    const { p } = both();
    expect(() => leaderboardModel.checkFlags!({ players: '0' })).toThrow(/--players/);
    expect(leaderboardModel.name).toBe('leaderboard');
    expect(leaderboardModel.blindMetrics).toEqual(['reads.rate', 'writes.rate', 'read_duration.p(95)', 'write_duration.p(95)']);
    expect(leaderboardModel.parameters().some((row) => JSON.stringify(row).includes('lookupLog2Us'))).toBe(true);
    expect(leaderboardModel.text(p)).toContain('capsim predict leaderboard (simulated, seed 5)');
  });
});
