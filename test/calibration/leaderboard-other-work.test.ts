import { describe, expect, it } from 'vitest';
import { OTHER_WORK_SLICE_US, othersOnCore, withOtherWork } from '../../calibration/leaderboard/core-share.js';
import { committedLeaderboardRecords, type LeaderboardRecord } from '../../calibration/leaderboard/records.js';
import { recordScenario } from '../../calibration/leaderboard/runs.js';
import { loadLeaderboardParams } from '../../models/leaderboard/params.js';
import { simulateLeaderboard } from '../../models/leaderboard/model.js';

const params = loadLeaderboardParams();
const record = (machine: Record<string, unknown>, resources: Record<string, number>): LeaderboardRecord =>
  ({ kind: 'capsim-leaderboard-run', id: 'x', experiment: 'pool', createdAt: '', settings: { op: 'rank', redisConnections: 2, clientsInFlight: 32, mysql: false }, duration_s: 3, machine: { pinning: {}, speedProbe: {}, ...machine }, resources }) as LeaderboardRecord;

describe('other work on the runs’ cores (machine.coreBusy)', () => {
  it('is the core’s busy share less the run’s own processes’ CPU there, never below 0', () => {
    const r = record({ coreBusy: { core0: 0.95, core1: 0.92 } }, { server_cpu_utilisation: 0.54, redis_cpu_utilisation: 0.22, mariadb_cpu_utilisation: 0.01, load_cpu_utilisation: 0.42 });
    expect(othersOnCore(r, 'core1')).toBeCloseTo(0.92 - 0.77, 12);
    expect(othersOnCore(r, 'core0')).toBeCloseTo(0.95 - 0.42, 12);
    expect(othersOnCore(record({ coreBusy: { core1: 0.5 } }, { server_cpu_utilisation: 0.6 }), 'core1')).toBe(0);
  });

  it('on the server’s core, at most what the server and Redis waited for it (others in their idle time held up nobody)', () => {
    const machine = { coreBusy: { core0: 0.9, core1: 0.9 }, runQueueWait: { server: 0.05, redis: 0.02, mariadb: 0.6, load: 0.1 } };
    const r = record(machine, { server_cpu_utilisation: 0.2, redis_cpu_utilisation: 0.05, mariadb_cpu_utilisation: 0.1, load_cpu_utilisation: 0.2 });
    expect(othersOnCore(r, 'core1')).toBeCloseTo(0.07, 12);
    // The load generator's core is bounded by its own share of waiting instead (withOtherWork).
    expect(othersOnCore(r, 'core0')).toBeCloseTo(0.7, 12);
  });

  it('is unknown for a record made before the accounting, and such a run is simulated as before', () => {
    const r = record({}, { server_cpu_utilisation: 0.5 });
    expect(othersOnCore(r, 'core1')).toBeUndefined();
    const sc = recordScenario(r, params, '2000');
    expect(withOtherWork(r, sc, params)).toBe(sc);
  });

  it('slows a core-bound run by about the share taken and spreads its latency (the slices)', () => {
    const r = record({ coreBusy: { core0: 0.3, core1: 0.95 }, runQueueWait: { server: 0.3, redis: 0.2, load: 0 } }, { server_cpu_utilisation: 0.6, redis_cpu_utilisation: 0.2, load_cpu_utilisation: 0.3 });
    const sc = recordScenario(r, params, '6000');
    const withOthers = withOtherWork(r, sc, params);
    expect(withOthers.otherWork).toEqual({ serverCore: expect.closeTo(0.15, 12), generatorCore: 0, sliceUs: OTHER_WORK_SLICE_US });
    const alone = simulateLeaderboard(sc, params);
    const shared = simulateLeaderboard(withOthers, params);
    const rate = (run: typeof alone): number => (run.reads + run.writes) / run.windowNs;
    // The server's core is the limit: it loses about the 15 % others took (±5 points).
    expect(rate(shared) / rate(alone)).toBeGreaterThan(0.8);
    expect(rate(shared) / rate(alone)).toBeLessThan(0.9);
    // Requests that meet a slice wait it out: the tail grows more than the median.
    const p = (run: typeof alone, q: number): number => run.readLatency.percentile(q);
    expect(p(shared, 0.95) / p(shared, 0.5)).toBeGreaterThan((1.2 * p(alone, 0.95)) / p(alone, 0.5));
  });

  it('the load generator’s core: the share of the time it wanted it that it waited, from its simulated busy share', () => {
    const r = record({ coreBusy: { core0: 0.95, core1: 0.5 }, runQueueWait: { server: 0.1, redis: 0.1, load: 0.4 } }, { server_cpu_utilisation: 0.3, redis_cpu_utilisation: 0.1, load_cpu_utilisation: 0.4 });
    const sc = recordScenario(r, params, '4000');
    const shared = withOtherWork(r, sc, params).otherWork!;
    const whole = simulateLeaderboard({ ...sc, otherWork: { ...shared, generatorCore: 0 } }, params);
    const busy = whole.iterations.generatorBusyNs / whole.windowNs;
    expect(shared.generatorCore).toBeCloseTo(Math.min(0.55, 0.4 / (busy + 0.4)), 12);
  });

  it('every committed record with the accounting names both cores', () => {
    for (const r of committedLeaderboardRecords().filter((x) => x.machine.coreBusy !== undefined)) {
      expect(othersOnCore(r, 'core0'), r.id).toBeGreaterThanOrEqual(0);
      expect(othersOnCore(r, 'core1'), r.id).toBeGreaterThanOrEqual(0);
    }
  });
});
