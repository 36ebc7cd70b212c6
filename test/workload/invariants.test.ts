import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/engine/index.js';
import {
  between,
  constantArrivalRate,
  constantVus,
  locustUsers,
  perVuIterations,
  rampingVus,
  scheduledIterations,
  type ExecutorHooks,
  type ExecutorStats,
  type Iteration,
} from '../../src/workload/index.js';
import { S, record } from './helpers.js';

/** An iteration whose length comes from the VU's own stream (50 ms to `maxS` s), logged in `trace`. */
const randomLength = (maxS: number, trace: number[]): Iteration => (vu, done) => {
  const length = Math.round((0.05 + vu.random() * maxS) * S);
  trace.push(length);
  vu.sleep(length, done);
};

type Start = (sim: Simulation, hooks: ExecutorHooks) => ExecutorStats;

/** One small run of every executor kind; `p` in [0, 1) varies its parameters. */
function runs(p: number[], trace: number[] = []): Record<string, { start: Start; planned?: number }> {
  const [a, b, c, d] = p;
  const it = randomLength(1 + 4 * d, trace);
  const vus = 1 + Math.floor(a * 5);
  const iterations = 1 + Math.floor(b * 6);
  const rate = 1 + Math.floor(a * 20);
  const duration = Math.round((2 + c * 20) * S);
  return {
    'per-vu-iterations': {
      start: (sim, hooks) =>
        perVuIterations({ vus, iterations, maxDuration: Math.round((1 + c * 10) * S), gracefulStop: Math.round(b * 3 * S) }).start(sim, it, hooks),
      planned: vus * iterations,
    },
    'constant-vus': { start: (sim, hooks) => constantVus({ vus, duration, gracefulStop: Math.round(b * 3 * S) }).start(sim, it, hooks) },
    'ramping-vus': {
      start: (sim, hooks) =>
        rampingVus({
          startVUs: Math.floor(b * 3),
          stages: [{ duration: '5s', target: vus + 2 }, { duration, target: Math.floor(c * 4) }, { duration: '3s', target: vus }],
          gracefulRampDown: Math.round(d * 2 * S),
          gracefulStop: Math.round(a * 2 * S),
        }).start(sim, it, hooks),
    },
    'constant-arrival-rate': {
      start: (sim, hooks) =>
        constantArrivalRate({ rate, duration, preAllocatedVUs: Math.floor(b * 4), maxVUs: 1 + Math.floor(b * 4) + Math.floor(c * 6), gracefulStop: Math.round(d * 2 * S) }).start(sim, it, hooks),
      planned: scheduledIterations(rate, S, duration),
    },
    locust: {
      start: (sim, hooks) =>
        locustUsers({ users: vus * 3, spawnRate: 0.5 + a * 4, runTime: duration, stopTimeout: Math.round(b * 2 * S), waitTime: between(0.5, 1 + c * 3), tasks: [it, randomLength(0.5, trace), it] }).start(sim, hooks),
    },
  };
}

const paramsArb = fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 4, maxLength: 4 });

describe('every executor', () => {
  it('conserves iterations: started = completed + interrupted, and started + dropped = planned', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 1, max: 1000 }), (p, seed) => {
        for (const [kind, { start, planned }] of Object.entries(runs(p))) {
          const r = record(start, seed);
          const s = r.stats;
          expect(s.started, kind).toBe(s.completed + s.interrupted);
          expect(r.ends.length, kind).toBe(s.started);
          if (planned !== undefined) expect(s.started + s.dropped, kind).toBe(planned);
          else expect(s.dropped, kind).toBe(0);
          expect(s.vus, kind).toBe(0);
          expect(s.vusSeries.at(-1)!.vus, kind).toBe(0);
          expect(s.vusSeries.at(-1)!.t, kind).toBeLessThanOrEqual(s.finishedAt!);
          expect(s.vusSeries.every((c) => c.vus >= 0 && c.vus <= s.vusMax), kind).toBe(true);
          for (const { n, vus } of r.inFlight) expect(n, kind).toBeLessThanOrEqual(vus);
          expect(Math.max(...r.ends.map((e) => e.t), 0), kind).toBeLessThanOrEqual(s.finishedAt!);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic: the same seed gives the same starts and stats, another seed different ones', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 1, max: 1000 }), (p, seed) => {
        const kinds = Object.keys(runs(p));
        for (const kind of kinds) {
          const traced = (s: number) => {
            const trace: number[] = [];
            return { ...record(runs(p, trace)[kind].start, s), trace };
          };
          const [once, again, other] = [traced(seed), traced(seed), traced(seed + 1)];
          expect(once.trace.length, kind).toBeGreaterThan(0);
          expect(again.trace, kind).toEqual(once.trace);
          expect(again.starts, kind).toEqual(once.starts);
          expect(JSON.stringify(again.stats), kind).toBe(JSON.stringify(once.stats));
          expect(other.trace, kind).not.toEqual(once.trace);
        }
      }),
      { numRuns: 20 },
    );
  });
});
