import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leaderboardScenario } from '../../models/leaderboard/flags.js';
import { loadLeaderboardParams, perProfile, type LeaderboardParams } from '../../models/leaderboard/params.js';
import { argumentElements, commandUs, depthOf, replyElements } from '../../models/leaderboard/redis-costs.js';
import { commandsPerRequest, connectionLaw, meanDelayUs } from '../../models/leaderboard/law.js';
import { log2Factorial, rebuildEstimate } from '../../models/leaderboard/rebuild.js';
import { fitLogLaw } from '../../models/leaderboard/fit.js';
import { isLocal, rttUs } from '../../models/leaderboard/servers.js';

// The model's closed forms with round-number costs, each expected figure worked out by hand in the
// comment beside it (models/leaderboard/README.md: the law, the rebuild, Redis's command costs).

const base = loadLeaderboardParams();

/** Round costs: dispatch 1, command 2, rank 4, search 0.5 per log2 N, ZADD member 3, range element 0.25, I/O 5 µs; a rebuild's ZADD 7 on Redis and 13 on the server, insert 3 + 0.5 per log2 n. */
function roundParams(): LeaderboardParams {
  const p = structuredClone(base);
  Object.assign(p.redis, {
    dispatchUs: { ...p.redis.dispatchUs, value: 1 },
    commandUs: { ...p.redis.commandUs, value: 2 },
    rankUs: { ...p.redis.rankUs, value: 4 },
    lookupLog2Us: { ...p.redis.lookupLog2Us, value: 0.5 },
    zaddMemberUs: { ...p.redis.zaddMemberUs, value: 3 },
    rangeElementUs: { ...p.redis.rangeElementUs, value: 0.25 },
    ioUs: { ...p.redis.ioUs, value: 5 },
    rebuildMemberUs: { ...p.redis.rebuildMemberUs, value: 3 },
    rebuildLog2Us: { ...p.redis.rebuildLog2Us, value: 0.5 },
    rebuildZaddUs: { ...p.redis.rebuildZaddUs, value: 7 },
  });
  p.app.rebuildZaddUs.value = 13;
  p.app.redisCommandUs.value = 13;
  p.app.rebuildRowUs.value = 4;
  p.mysql.scanRowUs.value = 6;
  return p;
}

/** Speeds per profile name, for every process. */
function withSpeeds(p: LeaderboardParams, speeds: { app?: number; redis?: number; mysql?: number }): LeaderboardParams {
  for (const role of ['app', 'redis', 'mysql'] as const) {
    if (speeds[role] === undefined) continue;
    for (const entry of Object.values(p[role].cpuSpeed)) entry.value = speeds[role]!;
  }
  return p;
}

describe('Redis command costs (a + b·log2 N, per member and per element)', () => {
  const p = roundParams();

  it('ZREVRANK, ZADD and ZREVRANGE at a set of 1,024 members (log2 N = 10)', () => {
    // dispatch 1 + command 2 + rank 4 + search 0.5 × 10 = 12
    expect(commandUs(p, { name: 'ZREVRANK' }, 1024)).toBeCloseTo(12, 9);
    // dispatch 1 + command 2 + 2 members × (3 + 0.5 × 10) = 19
    expect(commandUs(p, { name: 'ZADD', members: 2 }, 1024)).toBeCloseTo(19, 9);
    // dispatch 1 + command 2 + search 5 + 11 elements × 0.25 = 10.75
    expect(commandUs(p, { name: 'ZREVRANGE', returned: 11 }, 1024)).toBeCloseTo(10.75, 9);
  });

  it('a search in a tiny set still visits one level; between powers of two it follows log2', () => {
    expect(depthOf(0)).toBe(1);
    expect(depthOf(1)).toBe(1);
    expect(depthOf(2)).toBe(1);
    expect(depthOf(3)).toBeCloseTo(Math.log2(3), 12);
    expect(depthOf(1 << 20)).toBe(20);
    // 1 + 2 + 4 + 0.5 × 1
    expect(commandUs(p, { name: 'ZREVRANK' }, 1)).toBeCloseTo(7.5, 9);
  });

  it('the wire: WITHSCORES replies carry member and score; ZADD sends a score and a member each', () => {
    expect(replyElements({ name: 'ZREVRANGE', returned: 11 })).toBe(22);
    expect(replyElements({ name: 'ZREVRANK' })).toBe(1);
    expect(replyElements({ name: 'ZADD', members: 64 })).toBe(1);
    expect(argumentElements({ name: 'ZADD', members: 3 })).toBe(6);
    expect(argumentElements({ name: 'ZREVRANGE', returned: 11 })).toBe(3);
    expect(argumentElements({ name: 'ZREVRANK' })).toBe(1);
  });
});

describe('the connection law C·P/(T_process + T_latency), capped by Redis’s thread', () => {
  const sc = (flags: Record<string, unknown>) => leaderboardScenario({ players: '1024', 'redis-rtt': '100us', ...flags });

  it('the commands of one request, by operation', () => {
    expect(commandsPerRequest(sc({ op: 'rank' }), 10)).toEqual([{ cmd: { name: 'ZREVRANK' }, weight: 1 }]);
    expect(commandsPerRequest(sc({ op: 'friends' }), 10)).toEqual([{ cmd: { name: 'ZREVRANK' }, weight: 10 }]);
    // around: the rank, then rank ±5 = 11 entries, fewer when the set is smaller.
    expect(commandsPerRequest(sc({ op: 'around' }), 10)).toEqual([
      { cmd: { name: 'ZREVRANK' }, weight: 1 },
      { cmd: { name: 'ZREVRANGE', returned: 11 }, weight: 1 },
    ]);
    expect(commandsPerRequest(sc({ op: 'around', players: '5' }), 10)[1]).toEqual({ cmd: { name: 'ZREVRANGE', returned: 5 }, weight: 1 });
    // update, batch 4: a quarter of a 4-member ZADD per request.
    expect(commandsPerRequest(sc({ op: 'update', batch: '4' }), 10)).toEqual([{ cmd: { name: 'ZADD', members: 4 }, weight: 0.25 }]);
    // mix at read share 0.2, batch 1: the around pair × 0.2, a 1-member ZADD × 0.8.
    expect(commandsPerRequest(sc({ op: 'mix', 'read-share': '0.2', batch: '1' }), 10)).toEqual([
      { cmd: { name: 'ZREVRANK' }, weight: 0.2 },
      { cmd: { name: 'ZREVRANGE', returned: 11 }, weight: 0.2 },
      { cmd: { name: 'ZADD', members: 1 }, weight: 0.8 },
    ]);
    // A batch of 0 (the law's rows per ZADD) still sends whole ZADDs of one member.
    expect(commandsPerRequest({ ...sc({ op: 'update' }), batch: 0 }, 10)).toEqual([{ cmd: { name: 'ZADD', members: 1 }, weight: 1 }]);
  });

  it('the delay proxy’s mean each way is the lognormal’s median · exp(σ²/2), σ from median and p99', () => {
    expect(meanDelayUs(sc({}))).toBe(0);
    // σ = 0.5: p99 = median · exp(2.3263 · 0.5); mean = 1,000 µs · exp(0.125) = 1,133.15 µs.
    const p99Us = 1000 * Math.exp(2.3263 * 0.5);
    expect(meanDelayUs(sc({ 'redis-delay': `1ms,${p99Us.toFixed(3)}us` }))).toBeCloseTo(1133.148, 1);
    // p99 = median: no spread, the mean is the median.
    expect(meanDelayUs(sc({ 'redis-delay': '2ms,2ms' }))).toBeCloseTo(2000, 9);
  });

  it('rank at 1,024 players, 100 µs round trip: T_process 17 µs, T_latency 113 µs', () => {
    const p = roundParams();
    // T_process = I/O 5 + ZREVRANK 12 = 17 µs; T_latency = 100 + server 13 = 113 µs.
    // One connection: 10⁶/130 = 7,692 commands/s; Redis alone 10⁶/17 = 58,824/s.
    const two = connectionLaw(p, sc({ op: 'rank', connections: '2', pipeline: '2' }), 1, 10);
    expect(two).toEqual({ tProcessMs: 0.017, tLatencyMs: 0.113, perConnectionPerS: 7692, ceilingPerS: 30770, redisCeilingPerS: 58820 });
    // 4 × 2 × 7,692 = 61,538 is past Redis's thread: the ceiling is 58,824.
    expect(connectionLaw(p, sc({ op: 'rank', connections: '4', pipeline: '2' }), 1, 10).ceilingPerS).toBe(58820);
  });

  it('mixes average T_process over the commands, weighted; speeds divide CPU time, not the round trip', () => {
    const p = withSpeeds(roundParams(), { app: 2, redis: 4 });
    // around: (5 + 12) and (5 + 10.75) averaged = 16.375 µs at speed 1, ÷ 4 = 4.094 µs.
    // T_latency = 100 + 13 ÷ 2 = 106.5 µs.
    const law = connectionLaw(p, sc({ op: 'around' }), 1, 10);
    expect(law.tProcessMs).toBeCloseTo(0.004094, 6);
    expect(law.tLatencyMs).toBeCloseTo(0.1065, 6);
    expect(law.perConnectionPerS).toBe(+(1e6 / (16.375 / 4 + 106.5)).toPrecision(4));
    // A proxy adds its mean hold each way: 2 × 2,000 µs.
    expect(connectionLaw(p, sc({ op: 'around', 'redis-delay': '2ms,2ms' }), 1, 10).tLatencyMs).toBeCloseTo(4.1065, 2);
    // update with the law's rows per ZADD (64), not the scenario's batch: ZADD of 64 at log2 N = 10.
    // 5 + 1 + 2 + 64 × (3 + 5) = 520 µs at speed 1.
    expect(connectionLaw(roundParams(), sc({ op: 'update', batch: '1' }), 64, 10).tProcessMs).toBeCloseTo(0.52, 6);
  });

  it('without --redis-rtt the round trip is the profiles’: loopback between local hosts, else same-AZ', () => {
    const local = leaderboardScenario({ profile: ['app=local', 'redis=local', 'mysql=local'] }).profiles;
    const cloud = leaderboardScenario({}).profiles;
    expect(isLocal(local.app)).toBe(true);
    expect(isLocal(cloud.app)).toBe(false);
    expect(rttUs(base, local.app, local.redis)).toBe(base.network.loopbackRttUs.value);
    expect(rttUs(base, local.app, cloud.redis)).toBe(base.network.sameAzRttUs.value);
    expect(rttUs(base, cloud.app, local.redis)).toBe(base.network.sameAzRttUs.value);
    const p = roundParams();
    p.network.sameAzRttUs.value = 250;
    // 250 + 13 µs.
    expect(connectionLaw(p, leaderboardScenario({ op: 'rank', players: '1024' }), 1, 10).tLatencyMs).toBeCloseTo(0.263, 6);
  });

  it('a profile without its own speed entry takes the profile’s published speed', () => {
    const p = roundParams();
    const sc0 = leaderboardScenario({});
    expect(perProfile(p.app.cpuSpeed, sc0.profiles.app, 7)).toBe(p.app.cpuSpeed[sc0.profiles.app.name].value);
    expect(perProfile({}, sc0.profiles.app, 7)).toBe(7);
  });
});

describe('rebuild from MySQL (stages overlap; the slowest sets the time)', () => {
  it('log2 N! by Stirling is within log2(e)/(12N) of the exact sum (0.1% slack for the float sum)', () => {
    expect(log2Factorial(0)).toBe(0);
    expect(log2Factorial(1)).toBe(0);
    let exact = 0;
    for (let n = 2; n <= 2000; n++) {
      exact += Math.log2(n);
      if ([2, 3, 10, 100, 2000].includes(n)) expect(Math.abs(log2Factorial(n) - exact)).toBeLessThan((1.001 * Math.LOG2E) / (12 * n));
    }
    // 10! = 3,628,800: log2 = 21.791.
    expect(log2Factorial(10)).toBeCloseTo(21.79, 1);
  });

  // 1,000 rows in ZADDs of 100 (10 ZADDs), 2 connections × depth 1, 100 µs round trip, speeds 1.
  const sc = (flags: Record<string, unknown> = {}) => leaderboardScenario({ players: '1000', batch: '100', connections: '2', 'redis-rtt': '100us', ...flags });

  it('on hosts of their own: MySQL scan, server, Redis and round trips by hand', () => {
    const p = roundParams();
    const r = rebuildEstimate(p, sc());
    // MySQL: 1,000 × 6 µs = 6 ms. Server: 1,000 × 4 + 10 × 13 = 4,130 µs.
    // Redis: 10 × (5 + 2) + 1,000 × 3 + 0.5 × log2(1000!) = 70 + 3,000 + 0.5 × 8,529.4 = 7,334.7 µs.
    // Round trips: 10 × (100 + ZADD of 100 at 500 members + I/O) ÷ 2, the ZADD = 1 + 2 + 100 × (3 + 0.5 log2 500) = 751.29,
    // so 10 × (100 + 756.29) ÷ 2 = 4,281.4 µs.
    expect(r.rows).toBe(1000);
    expect(r.batch).toBe(100);
    expect(r.stages.mysqlScanS).toBeCloseTo(0.006, 9);
    expect(r.stages.serverS).toBeCloseTo(0.00413, 9);
    expect(r.stages.redisS).toBeCloseTo(0.007335, 6);
    expect(r.stages.roundTripsS).toBeCloseTo(0.004281, 6);
    expect(r).toMatchObject({ limit: 'Redis CPU', seconds: r.stages.redisS });
  });

  it('each stage can be the limit, and its speed divides it', () => {
    const p = roundParams();
    p.mysql.scanRowUs.value = 20; // 20 ms
    expect(rebuildEstimate(p, sc())).toMatchObject({ limit: 'MySQL scan', seconds: 0.02 });
    expect(rebuildEstimate(withSpeeds(p, { mysql: 4 }), sc()).stages.mysqlScanS).toBeCloseTo(0.005, 9);
    const q = roundParams();
    q.app.rebuildRowUs.value = 10; // 10,000 + 130 µs
    expect(rebuildEstimate(q, sc())).toMatchObject({ limit: 'server CPU', seconds: 0.01013 });
    expect(rebuildEstimate(withSpeeds(q, { app: 2 }), sc()).stages.serverS).toBeCloseTo(0.005065, 9);
    // A tie names the stage listed first: MySQL's scan and the server both 6 ms.
    const tie = roundParams();
    tie.app.rebuildRowUs.value = 6;
    tie.app.rebuildZaddUs.value = 0;
    tie.redis.rebuildMemberUs.value = 0; // Redis then 4.3 ms
    expect(rebuildEstimate(tie, sc())).toMatchObject({ limit: 'MySQL scan', seconds: 0.006, stages: { mysqlScanS: 0.006, serverS: 0.006 } });
    // One connection, depth 1: 10 × 856.29 µs = 8.563 ms of round trips, above Redis's 7.335.
    expect(rebuildEstimate(roundParams(), sc({ connections: '1' }))).toMatchObject({ limit: 'Redis round trips', seconds: 0.008563 });
    // Depth 2 halves them again.
    expect(rebuildEstimate(roundParams(), sc({ connections: '1', pipeline: '2' })).stages.roundTripsS).toBeCloseTo(0.004281, 6);
    expect(rebuildEstimate(withSpeeds(roundParams(), { redis: 2 }), sc()).stages.redisS).toBeCloseTo(0.003667, 6);
  });

  it('a batch larger than the rows is one ZADD of them all; a proxy adds its hold each way to every round trip', () => {
    const p = roundParams();
    const one = rebuildEstimate(p, sc(), 50);
    // 50 rows: batch 50, one ZADD. Redis: (5 + 2) + 50 × 3 + 0.5 × max(50, log2 50!) = 157 + 0.5 × 214.2 = 264.1 µs.
    expect(one.batch).toBe(50);
    expect(one.stages.redisS).toBeCloseTo(0.0002641, 7);
    // A tiny rebuild: log2 N! < N, so each insert pays at least one level: 3 rows → 0.5 × 3.
    // Redis: 1 ZADD × 7 + 3 × 3 + 1.5 = 17.5 µs.
    expect(rebuildEstimate(p, sc(), 3).stages.redisS).toBeCloseTo(0.0000175, 9);
    const delayed = rebuildEstimate(p, sc({ 'redis-delay': '1ms,1ms', connections: '1' }));
    // 10 × (100 + 2 × 1,000 + 756.29) = 28.563 ms.
    expect(delayed.stages.roundTripsS).toBeCloseTo(0.02856, 5);
  });

  it('locally the three processes share one core: their CPU adds', () => {
    const p = roundParams();
    p.network.loopbackRttUs.value = 100;
    const r = rebuildEstimate(p, sc({ profile: ['app=local', 'redis=local', 'mysql=local'] }));
    // 6 + 4.13 + 7.3347 ms = 17.465 ms.
    expect(r.limit).toBe('shared core');
    expect(r.seconds).toBeCloseTo(0.01746, 5);
    // Round trips still overlap the shared core: a 10 ms trip on one connection sets the time,
    // 10 × (10,000 + 756.29) µs = 107.56 ms.
    expect(rebuildEstimate(p, sc({ profile: ['app=local', 'redis=local', 'mysql=local'], connections: '1', 'redis-rtt': '10ms' }))).toMatchObject({ limit: 'Redis round trips', seconds: 0.1076 });
    // One local host among cloud ones: no sharing.
    expect(rebuildEstimate(p, sc({ profile: ['app=local'] })).limit).not.toBe('shared core');
  });
});

describe('fitting Redis’s cost against log2 of the set size', () => {
  it('least squares through exact points recovers base and slope', () => {
    // us = 1 + 2 log2 N at N = 2, 4, 8.
    expect(fitLogLaw([{ setSize: 2, us: 3 }, { setSize: 4, us: 5 }, { setSize: 8, us: 7 }])).toEqual({ baseUs: 1, perLog2Us: 2 });
    // Sizes below 2 count as 2 (log2 = 1).
    expect(fitLogLaw([{ setSize: 1, us: 3 }, { setSize: 8, us: 7 }])).toEqual({ baseUs: 1, perLog2Us: 2 });
  });

  it('a single size is a flat law; a falling cost is clipped to a flat one at the mean', () => {
    expect(fitLogLaw([{ setSize: 1000, us: 4 }, { setSize: 1000, us: 6 }])).toEqual({ baseUs: 5, perLog2Us: 0 });
    expect(fitLogLaw([{ setSize: 2, us: 9 }, { setSize: 1024, us: 1 }])).toEqual({ baseUs: 5, perLog2Us: 0 });
    expect(() => fitLogLaw([])).toThrow(/at least one point/);
  });

  it('recovers any non-negative law it is given (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 2, maxLength: 6 }), (a, b, exps) => {
        const fit = fitLogLaw(exps.map((e) => ({ setSize: 2 ** e, us: a + b * e })));
        expect(fit.perLog2Us).toBeCloseTo(b, 6);
        expect(fit.baseUs).toBeCloseTo(a, 6);
      }),
    );
  });
});
