import { describe, expect, it } from 'vitest';
import { calibrateLeaderboard, leaderboardFittedRuns } from '../../calibration/leaderboard/calibrate.js';
import { runFigures, validateLeaderboard } from '../../calibration/leaderboard/validate.js';
import type { LeaderboardRecord } from '../../calibration/leaderboard/records.js';
import { loadLeaderboardParams } from '../../models/leaderboard/params.js';
import { setMemory } from '../../models/leaderboard/redis-memory.js';
import { validate } from '../../src/config/schema.js';
import { simulateLeaderboard } from '../../models/leaderboard/model.js';
import { recordScenario } from '../../calibration/leaderboard/runs.js';
import { rebuildInsertTerms } from '../../models/leaderboard/rebuild.js';

const machine = (probeMs: number): LeaderboardRecord['machine'] => ({ pinning: { 'redis-server': '1' }, speedProbe: { core1: [probeMs, probeMs] } });
const base = (id: string, experiment: LeaderboardRecord['experiment'], settings: LeaderboardRecord['settings'], probeMs = 100): LeaderboardRecord => ({
  kind: 'capsim-leaderboard-run',
  id,
  experiment,
  createdAt: '2026-12-05T00:00:00Z',
  settings,
  duration_s: 10,
  machine: machine(probeMs),
});

/** Synthetic redis-cost runs from known laws: command 0.5 µs, ZADD member 1.5, rank 0.2, search 0.08 × log2 N, I/O 4 µs, RTT 30 µs. */
function redisCostRuns(): LeaderboardRecord[] {
  const out: LeaderboardRecord[] = [];
  for (const op of ['PING', 'ZADD', 'ZREVRANK', 'ZSCORE']) {
    for (const n of [1_000, 100_000, 10_000_000]) {
      const search = op === 'ZADD' || op === 'ZREVRANK' ? 0.08 * Math.log2(n) : 0;
      const own = 0.5 + (op === 'ZADD' ? 1.5 : 0) + (op === 'ZREVRANK' || op === 'ZSCORE' ? 0.2 : 0) + search;
      out.push({ ...base(`cost-${op}-${n}`, 'redis-cost', { op: op.toLowerCase(), players: n }), cost: { ops: 10_000, commandstatsUsecPerCall: own, redisCpuUsPerOp: own + 4, clientCpuUsPerOp: 6, roundTripMeanMs: (own + 4 + 6 + 30) / 1000 } });
    }
  }
  return out;
}

/** Synthetic runs through the server whose CPU is exactly 20 µs/request + 9/command + 50/statement + 4/row, on cores of different speed. */
function serverRuns(): LeaderboardRecord[] {
  const settings = [
    [20_000, 40_000, 0, 0, 100],
    [10_000, 15_000, 2_000, 10_000, 100],
    [12_000, 12_000, 6_000, 6_000, 130],
    [8_000, 16_000, 500, 8_000, 80],
    [5_000, 7_500, 100, 5_000, 100],
  ];
  return settings.map(([req, cmd, st, rows, probe], i) => {
    const slower = probe / 100;
    const cpuUsPerS = req * 20 + cmd * 9 + st * 50 + rows * 4;
    const dbUsPerS = st * 70 + rows * 11;
    return {
      ...base(`pool-${i}`, i % 2 === 0 ? 'pool' : 'bulk-upsert', { op: 'mix', redisConnections: 4, pipelineDepth: 1, players: 10_000, clientsInFlight: 64, mysql: st > 0 }, probe),
      throughput: { requests: req, redisCommands: cmd, mysqlStatements: st, mysqlRows: rows },
      latency_ms: { count: 1000, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 2 },
      resources: { server_cpu_seconds: (cpuUsPerS * 10 * slower) / 1e6, mariadb_cpu_seconds: (dbUsPerS * 10 * slower) / 1e6 },
    };
  });
}

/**
 * Synthetic rebuild runs from known costs: server 20 µs per ZADD + 2 per row, Redis 4 µs per ZADD +
 * 0.5 per member + 0.3 × log2 n per insert, MariaDB 0.25 per row; two set sizes, three batch sizes.
 */
function rebuildRuns(): LeaderboardRecord[] {
  return [
    [300_000, 5, 100],
    [300_000, 50, 120],
    [300_000, 500, 100],
    [2_000_000, 200, 90],
  ].map(([rows, batch, probe]) => {
    const zadds = Math.ceil(rows / batch);
    const slower = probe / 100;
    const [perRow, levels] = rebuildInsertTerms(rows);
    const cpu = (us: number): number => (us * slower) / 1e6;
    return {
      ...base(`rebuild-${rows}-${batch}`, 'rebuild', { players: rows, zaddBatch: batch, redisConnections: 2, pipelineDepth: 8 }, probe),
      rebuild: { rows, seconds: 1, rowsPerS: rows, zadds },
      resources: { server_cpu_seconds: cpu(20 * zadds + 2 * rows), redis_cpu_seconds: cpu(4 * zadds + 0.5 * perRow + 0.3 * levels), mariadb_cpu_seconds: cpu(0.25 * rows) },
    };
  });
}

describe('capsim calibrate leaderboard', { timeout: 120_000 }, () => {
  it("recovers a rebuild's server and Redis costs per ZADD, per row and per log2 n, at the reference speed", () => {
    const { calibration, params } = calibrateLeaderboard(rebuildRuns(), () => {}, { timing: false });
    const r = calibration.rebuild!;
    expect(calibration.probeReferenceMs).toBe(100);
    expect([r.rebuildZaddUs, r.rebuildRowUs, r.scanRowUs].map((x) => +x.toFixed(2))).toEqual([20, 2, 0.25]);
    expect([r.redisZaddUs!, r.redisMemberUs!, r.redisLog2Us!].map((x) => +x.toFixed(2))).toEqual([4, 0.5, 0.3]);
    expect(params.redis.rebuildLog2Us.provenance.fittedTo).toEqual(rebuildRuns().map((x) => x.id));
    expect(() => validate('calibration/leaderboard/report.schema.json', calibration, 'report')).not.toThrow();
  });


  it('recovers Redis’s per-command laws, its I/O and the loopback round trip from redis-cost runs', () => {
    const { calibration } = calibrateLeaderboard(redisCostRuns());
    const r = calibration.redis!;
    expect(r.commandUs).toBeCloseTo(0.5, 2);
    expect(r.zaddMemberUs).toBeCloseTo(1.5, 2);
    expect(r.rankUs).toBeCloseTo(0.2, 2);
    expect(r.lookupLog2Us).toBeCloseTo(0.08, 3);
    expect(r.perIterationUs).toBeCloseTo(4, 2);
    expect(r.loopbackRttUs).toBeCloseTo(30, 1);
    expect(calibration.app).toBeNull();
  });

  it('recovers the server’s and MariaDB’s costs at the reference speed, whatever each run’s core speed', () => {
    const { calibration, params } = calibrateLeaderboard(serverRuns(), () => {}, { timing: false });
    expect(calibration.probeReferenceMs).toBe(100);
    const a = calibration.app!;
    expect([a.requestUs, a.redisCommandUs, a.mysqlStatementUs, a.mysqlRowUs].map((x) => +x.toFixed(1))).toEqual([20, 9, 50, 4]);
    expect([calibration.mysql!.statementUs, calibration.mysql!.rowUs].map((x) => +x.toFixed(1))).toEqual([70, 11]);
    expect(params.app.requestUs.provenance.kind).toBe('fitted');
    expect(params.app.requestUs.provenance.fittedTo).toEqual(serverRuns().map((r) => r.id));
    expect(() => validate('calibration/leaderboard/report.schema.json', calibration, 'report')).not.toThrow();
  });

  it('the runs fitted to are never validation runs', () => {
    const { params } = calibrateLeaderboard([...redisCostRuns(), ...serverRuns()], () => {}, { timing: false });
    const fitted = leaderboardFittedRuns(params);
    expect(fitted).toContain('pool-0');
    expect(fitted).toContain('cost-ZADD-1000');
    expect(leaderboardFittedRuns(loadLeaderboardParams())).not.toContain('pool-0');
  });
});

describe('capsim calibrate leaderboard: round trips by bisection', { timeout: 180_000 }, () => {
  it('recovers the delay proxy’s overhead a run was simulated with from its throughput, and leaves the measured loopback hop alone', () => {
    const params = loadLeaderboardParams();
    const truth = structuredClone(params);
    truth.network.proxyExtraUs.value = 300;
    const record = base('pool-proxy', 'pool', { op: 'rank', redisConnections: 2, pipelineDepth: 1, delayMsEachWay: 0.5, players: 100_000, clientsInFlight: 32, mysql: false });
    record.proxy = { meanMs: 0.5, p50Ms: 0.5, p99Ms: 0.5, chunks: 1000 };
    const sim = simulateLeaderboard(recordScenario(record, truth, '4000'), truth);
    record.throughput = { requests: (sim.reads + sim.writes) / (sim.windowNs / 1e9) };
    record.latency_ms = { count: 1000, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 2 };
    const { calibration } = calibrateLeaderboard([record]);
    expect(calibration.timing?.proxyExtraUs?.value).toBeGreaterThan(300 * 0.97);
    expect(calibration.timing?.proxyExtraUs?.value).toBeLessThan(300 * 1.03);
    expect(calibration.timing?.loopbackRttUs).toBeUndefined();
  });
});

describe('capsim validate leaderboard', { timeout: 120_000 }, () => {
  it('judges bytes per member within ±5%: the model’s own figure passes, 20% more fails', () => {
    const params = loadLeaderboardParams();
    const members = 50_000;
    const model = (setMemory(params, members, members, 8).setBytes + params.memory.keyBytes.value) / members;
    const mem = (id: string, bytesPerMember: number): LeaderboardRecord => ({
      ...base(id, 'memory', { members, memberBytes: 8 }),
      memory: { members, usedMemoryBefore: 900_000, usedMemoryAfter: 900_000 + bytesPerMember * members, bytesPerMember, memoryUsageKey: Math.round(bytesPerMember * members), encoding: 'skiplist' },
    });
    const rows = validateLeaderboard([mem('m-ok', model), mem('m-off', model * 1.2)]);
    expect(rows.map((r) => [r.run, r.metric, r.pass])).toEqual([
      ['m-ok', 'bytes per member', true],
      ['m-off', 'bytes per member', false],
    ]);
  });

  it('re-simulates a pool run with its settings: more connections, more predicted throughput', () => {
    const run = (k: number): LeaderboardRecord => ({
      ...base(`p-k${k}`, 'pool', { op: 'rank', redisConnections: k, pipelineDepth: 1, delayMsEachWay: 1, players: 100_000, clientsInFlight: 64, mysql: false }),
      throughput: { requests: 1000 },
      latency_ms: { count: 1000, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 2 },
    });
    const one = runFigures(run(1)).predicted['requests/s'];
    const four = runFigures(run(4)).predicted['requests/s'];
    // 1 ms each way through the proxy: one connection is bounded by 1 / 2 ms.
    expect(one).toBeLessThanOrEqual(500);
    expect(four).toBeGreaterThan(3 * one);
  });
});
