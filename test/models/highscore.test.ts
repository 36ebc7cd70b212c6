import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { highscoreScenario } from '../../models/highscore/flags.js';
import { predictHighscore } from '../../models/highscore/index.js';
import { loadHighscoreParams } from '../../models/highscore/params.js';
import { simulateHighscore } from '../../models/highscore/model.js';
import { ENDPOINTS, apiCpuNs, requestCosts } from '../../models/highscore/costs.js';
import { loadPublished } from '../../src/analysis/published.js';
import { validate } from '../../src/config/schema.js';
import { between } from '../../src/workload/index.js';
import { Simulation } from '../../src/engine/simulation.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { reproduce } from '../../src/cli/commands/reproduce.js';
import { findModel } from '../../models/index.js';

// Each case simulates minutes of Locust; on a busy shared host that takes longer than vitest's 5 s default.
vi.setConfig({ testTimeout: 120_000 });

const params = loadHighscoreParams();
const scenario = (flags: Record<string, unknown>) => highscoreScenario(flags, params);
/** Small and fast: a minute, few users. */
const small = (flags: Record<string, unknown> = {}) => scenario({ users: '40', duration: '60s', 'spawn-rate': '20', ...flags });

describe('highscore model', () => {
  it("the recorded runs' shared host (wake-up waits, Locust beside the store) applies to tiers on this machine only", () => {
    const busy = structuredClone(params);
    busy.host.apiWakeWaitUs.value = 5000;
    busy.host.storeWakeWaitUs.value = 20000;
    busy.host.locustUs.value = 2000;
    const quiet = structuredClone(params);
    quiet.host.apiWakeWaitUs.value = 0;
    quiet.host.storeWakeWaitUs.value = 0;
    quiet.host.locustUs.value = 0;
    const median = (p: typeof params, profile: string): number => simulateHighscore(highscoreScenario({ users: '40', duration: '60s', 'spawn-rate': '20', profile }, p), p).stats.Aggregated.median;
    expect(median(busy, 'writeup')).toBe(median(quiet, 'writeup'));
    expect(median(busy, 'local')).toBeGreaterThan(median(quiet, 'local') + 20);
    const local = simulateHighscore(highscoreScenario({ users: '40', duration: '60s', 'spawn-rate': '20', profile: 'local' }, busy), busy);
    expect(local.host.locustCpuSeconds).toBeGreaterThan(0);
    // The store's CPU is PostgreSQL's alone: Locust's on the same core is not counted in it.
    const calm = simulateHighscore(highscoreScenario({ users: '40', duration: '60s', 'spawn-rate': '20', profile: 'local' }, quiet), quiet);
    const perCommand = (r: typeof local): number => r.work.storeCpuSeconds / r.work.storeCommands;
    expect(Math.abs(perCommand(local) / perCommand(calm) - 1)).toBeLessThan(0.01);
  });

  it("Locust's between(1, 5) waits stay in [1, 5]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 200 }), (seed, n) => {
        const wait = between(1, 5);
        const stream = new Simulation(seed).stream('w');
        for (let i = 0; i < n; i++) {
          const w = wait(stream);
          expect(w).toBeGreaterThanOrEqual(1);
          expect(w).toBeLessThanOrEqual(5);
        }
      }),
    );
  });

  it('request count = Σ over users of completed tasks; begun = completed + cut off at --run-time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.constantFrom('read-modify-write', 'in-place'), fc.integer({ min: 0, max: 50 }), (users, update, seed) => {
        const run = simulateHighscore(scenario({ users: String(users), duration: '30s', 'spawn-rate': '10', update, 'doc-items': '200', seed: String(seed) }), params);
        const perEndpoint = ENDPOINTS.reduce((t, e) => t + run.stats[e].count, 0);
        expect(run.stats.Aggregated.count).toBe(run.tasks.completed);
        expect(perEndpoint).toBe(run.tasks.completed);
        expect(run.tasks.started).toBe(run.tasks.completed + run.tasks.interrupted);
        expect(run.tasks.interrupted).toBeLessThanOrEqual(users);
      }),
      { numRuns: 12 },
    );
  });

  it('in place never costs the API more CPU than read-modify-write at the same document', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(...ENDPOINTS), (items, e) => {
        expect(apiCpuNs(requestCosts(params, 'in-place', items, e))).toBeLessThanOrEqual(apiCpuNs(requestCosts(params, 'read-modify-write', items, e)));
      }),
    );
  });

  it("read-modify-write's CPU per request grows with the document; in place it does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 50_000 }), fc.constantFrom(...ENDPOINTS), (n, more, e) => {
        expect(apiCpuNs(requestCosts(params, 'read-modify-write', n + more, e))).toBeGreaterThan(apiCpuNs(requestCosts(params, 'read-modify-write', n, e)));
        expect(apiCpuNs(requestCosts(params, 'in-place', n + more, e))).toBe(apiCpuNs(requestCosts(params, 'in-place', n, e)));
      }),
    );
    // And so does the simulated CPU per request.
    const perRequest = (items: string) => {
      const run = simulateHighscore(small({ 'doc-items': items }), params);
      return run.work.apiCpuSeconds / run.work.requests;
    };
    expect(perRequest('2000')).toBeGreaterThan(perRequest('200'));
  });

  it('same inputs and seed give byte-identical JSON; another seed differs; the JSON fits its schema', () => {
    const a = JSON.stringify(predictHighscore(small({ seed: '3' })));
    expect(JSON.stringify(predictHighscore(small({ seed: '3' })))).toBe(a);
    expect(JSON.stringify(predictHighscore(small({ seed: '4' })))).not.toBe(a);
    expect(() => validate('models/highscore/prediction.schema.json', JSON.parse(a), 'prediction')).not.toThrow();
  });

  it('bad flags are usage errors naming the flag', () => {
    for (const [flag, value] of [['users', '0'], ['update', 'sometimes'], ['doc-items', '-1'], ['workers', '0'], ['api-memory', 'lots'], ['spawn-rate', '0'], ['profile', 'm9.huge']] as const) {
      expect(() => scenario({ [flag]: value }), flag).toThrow(UsageError);
      expect(() => scenario({ [flag]: value }), flag).toThrow(`--${flag}`);
    }
  });
});

describe('highscore: the published cases (the write-up, 350 and 500 users)', () => {
  const cases = loadPublished('models/highscore/published.json').cases;
  const before350 = cases.find((c) => c.case === '350-before')!;
  const p350 = predictHighscore(scenario(before350.flags));

  // The fitted mean of the three medians is a staircase (Locust files each time rounded to 10 ms, so
  // the mean moves in steps of 3.3 ms, 1.4% here) and the fit's bisection stops at a step's edge: ±3%.
  it('350 users before the fix: medians within ±15% and the fitted mean of the medians pinned within ±3%; RPS within ±15%', () => {
    const published = before350.published!;
    let fittedSum = 0;
    let predictedSum = 0;
    for (const e of ENDPOINTS) {
      const med = published[`http_req_duration{name:${e}}.med`];
      expect(Math.abs(p350.endpoints[e].median - med) / med, `${e} median`).toBeLessThanOrEqual(0.15);
      fittedSum += med;
      predictedSum += p350.endpoints[e].median;
      const rps = published[`http_reqs{name:${e}}.rate`];
      expect(Math.abs(p350.endpoints[e].rps - rps) / rps, `${e} rps`).toBeLessThanOrEqual(0.15);
    }
    expect(Math.abs(predictedSum - fittedSum) / fittedSum).toBeLessThanOrEqual(0.03);
  });

  it('500 users before the fix: the API CPU saturates and responses rise to seconds after tens of seconds', () => {
    const p = predictHighscore(scenario({ users: '500', update: 'read-modify-write' }));
    expect(p.bottleneck.resource).toBe('API CPU');
    expect(p.bottleneck.saturated).toBe(true);
    expect(p.bottleneck.atS!).toBeGreaterThanOrEqual(10);
    expect(p.bottleneck.atS!).toBeLessThanOrEqual(90);
    const late = p.series.response_p95_ms.slice(60);
    expect(Math.max(...late)).toBeGreaterThanOrEqual(1000);
    // Before saturation responses are well under a second.
    expect(Math.max(...p.series.response_p50_ms.slice(2, 20))).toBeLessThan(1000);
  });
});

/**
 * Every published figure of the non-blind cases as `capsim reproduce highscore` prints it (seed 1):
 * the fitted medians pinned within ±15% (their mean within ±2% above), the rates (validation) within
 * ±10%, and the 500-user maximum — the 4.5 s spikes the model lacks — a known miss that may shrink
 * and grow by at most 1 point.
 */
describe('highscore: capsim reproduce judges every published figure', () => {
  const LIMITS: Record<string, number> = { fitted: 15, validation: 10 };
  const KNOWN_MISSES: Record<string, number> = { '500-before http_req_duration.max': -52.4 };
  // Reproduced inside the test, not in beforeAll: Stryker counts code run in a hook as static and
  // then reruns every test for each of its mutants.
  it('each non-blind row within its limit or no worse than its known miss', () => {
    const r = reproduce(findModel('highscore')!, '1');
    const judged = r.rows.filter((x) => x.role !== 'blind');
    expect(judged.length).toBeGreaterThan(0);
    const failures = judged.flatMap((x) => {
      const key = `${x.case} ${x.metric}`;
      const err = Math.abs(x.errorPct!);
      const limit = KNOWN_MISSES[key] === undefined ? LIMITS[x.role] : Math.abs(KNOWN_MISSES[key]) + 1;
      return err <= limit ? [] : [`${key}: ${x.errorPct}% (limit ${limit}%)`];
    });
    expect(failures).toEqual([]);
    const keys = new Set(judged.map((x) => `${x.case} ${x.metric}`));
    expect(Object.keys(KNOWN_MISSES).filter((k) => !keys.has(k))).toEqual([]);
  }, 240_000);
});
