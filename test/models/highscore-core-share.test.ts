import { describe, expect, it } from 'vitest';
import { highscoreScenario } from '../../models/highscore/flags.js';
import { simulateHighscore } from '../../models/highscore/model.js';
import { loadHighscoreParams } from '../../models/highscore/params.js';
import type { HighscoreScenario } from '../../models/highscore/scenario.js';
import { foreignOnStoreCore } from '../../calibration/highscore/runs.js';
import type { RunRecord } from '../../calibration/records.js';

const params = loadHighscoreParams();
/** A saturated local run, short: 900 users of 100-item read-modify-write on one API core. */
const scenario = (over: Partial<HighscoreScenario> = {}, workers = '1'): HighscoreScenario => ({
  ...highscoreScenario({ users: '900', 'doc-items': '100', update: 'read-modify-write', duration: '20s', 'spawn-rate': '100', 'api-vcpu': '1', 'docstore-vcpu': '1', workers, profile: 'local', seed: '1' }, params),
  ...over,
});

describe('highscore: the shares of their cores a recorded run’s tiers got (scenario.apiShare, docstoreShare)', () => {
  it('a smaller API share serves fewer requests of a saturated API and waits longer on its run queue, at the same CPU per request', () => {
    const whole = simulateHighscore(scenario({ apiShare: 1 }), params);
    const half = simulateHighscore(scenario({ apiShare: 0.5 }), params);
    expect(half.stats.Aggregated.count).toBeLessThan(0.8 * whole.stats.Aggregated.count);
    expect(half.host.apiRunQueueSeconds).toBeGreaterThan(whole.host.apiRunQueueSeconds);
    expect(half.host.apiShareWaitSeconds).toBeGreaterThan(0);
    expect(whole.host.apiShareWaitSeconds).toBe(0);
  });

  it('the API’s run-queue seconds hold its wake-up and preemption waits, and two workers on one core wait for each other too', () => {
    const one = simulateHighscore(scenario({ apiShare: 0.6 }), params);
    expect(one.host.apiRunQueueSeconds).toBeCloseTo(one.host.apiWaitSeconds + one.host.apiShareWaitSeconds, 6);
    const two = simulateHighscore(scenario({ apiShare: 0.6 }, '2'), params);
    expect(two.host.apiRunQueueSeconds).toBeGreaterThan(two.host.apiWaitSeconds + two.host.apiShareWaitSeconds);
  });

  it('a store given a share of its core uses no more CPU than that share, and serves fewer requests than on its whole core', () => {
    const s = (share: number): HighscoreScenario => ({ ...highscoreScenario({ users: '150', 'doc-items': '5000', update: 'read-modify-write', duration: '20s', 'spawn-rate': '50', 'docstore-vcpu': '1', profile: 'local', seed: '1' }, params), docstoreShare: share });
    const whole = simulateHighscore(s(1), params);
    const part = simulateHighscore(s(0.6), params);
    const busy = (r: typeof whole): number => r.work.storeCpuSeconds / (r.durationNs / 1e9);
    expect(busy(whole)).toBeGreaterThan(0.6);
    expect(busy(part)).toBeLessThanOrEqual(0.6 + 1e-9);
    expect(part.stats.Aggregated.count).toBeLessThan(whole.stats.Aggregated.count);
  });

  it('the write-up profile ignores a share: its tiers are instances of their own', () => {
    const base = { ...highscoreScenario({ users: '200', duration: '20s', seed: '1' }, params) };
    const a = simulateHighscore({ ...base }, params);
    const b = simulateHighscore({ ...base, apiShare: 0.3, docstoreShare: 0.3 }, params);
    expect(b.stats.Aggregated.count).toBe(a.stats.Aggregated.count);
    expect(b.work.apiCpuSeconds).toBe(a.work.apiCpuSeconds);
  });
});

describe('highscore: other processes’ CPU on the store’s core in a record (foreignOnStoreCore)', () => {
  const record = (series: Record<string, number[]>, pinning: Record<string, string> = { postgres: '1' }): RunRecord => ({ series, machine: { pinning } }) as unknown as RunRecord;

  it('is the core’s busy share less PostgreSQL’s and Locust’s, from second 1, never below 0', () => {
    // Second 0 (the servers' start) is left out.
    expect(foreignOnStoreCore(record({ core1_busy: [0, 1, 1], db_cpu: [0, 0.6, 0.7], load_generator_cpu: [9, 0.1, 0.1] }))).toBeCloseTo(0.25, 12);
    expect(foreignOnStoreCore(record({ core1_busy: [0, 0.5], db_cpu: [0, 0.6] }))).toBe(0);
  });

  it('reads the core the record pinned PostgreSQL to, and nothing without the series', () => {
    expect(foreignOnStoreCore(record({ core3_busy: [0, 1], db_cpu: [0, 0.4] }, { postgres: '3' }))).toBeCloseTo(0.6, 12);
    expect(foreignOnStoreCore(record({ db_cpu: [0, 0.4] }))).toBeUndefined();
  });
});
