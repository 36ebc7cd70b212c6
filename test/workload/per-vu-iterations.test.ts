import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perVuIterations } from '../../src/workload/index.js';
import { S, record, timed } from './helpers.js';

const durationsArb = (maxVus: number, maxIters: number) =>
  fc.array(fc.array(fc.integer({ min: 1, max: 20 * S }), { minLength: maxIters, maxLength: maxIters }), {
    minLength: maxVus,
    maxLength: maxVus,
  });

describe('per-vu-iterations', () => {
  it('runs exactly vus·iterations iterations; the run lasts as long as the slowest VU\'s iterations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), durationsArb(6, 5), (vus, iterations, d) => {
        const r = record((sim, hooks) =>
          perVuIterations({ vus, iterations }).start(sim, timed((vu) => d[vu.id - 1][vu.iteration]), hooks),
        );
        const longest = Math.max(...d.slice(0, vus).map((row) => row.slice(0, iterations).reduce((a, b) => a + b, 0)));
        expect(r.stats.started).toBe(vus * iterations);
        expect(r.stats.completed).toBe(vus * iterations);
        expect(r.stats.interrupted + r.stats.dropped).toBe(0);
        expect(r.stats.finishedAt).toBe(longest);
        expect(r.stats.duration).toBe(longest);
        expect(r.stats.vusMax).toBe(vus);
        expect(r.stats.vusSeries[0]).toEqual({ t: 0, vus });
        expect(r.stats.vusSeries.at(-1)).toEqual({ t: longest, vus: 0 });
      }),
    );
  });

  it('stops beginning iterations at maxDuration, lets one in flight run gracefulStop, then interrupts it', () => {
    // One VU, 4 s iterations: 0–4, 4–8, 8–12; maxDuration 10 s.
    const run = (gracefulStop: string, iterations: number) =>
      record((sim, hooks) => perVuIterations({ vus: 1, iterations, maxDuration: '10s', gracefulStop }).start(sim, timed(() => 4 * S), hooks)).stats;
    expect(run('1s', 3)).toMatchObject({ started: 3, completed: 2, interrupted: 1, dropped: 0, finishedAt: 11 * S });
    expect(run('3s', 3)).toMatchObject({ started: 3, completed: 3, interrupted: 0, dropped: 0, finishedAt: 12 * S });
    // Two iterations never begun are k6 dropped_iterations.
    expect(run('3s', 5)).toMatchObject({ started: 3, completed: 3, interrupted: 0, dropped: 2, finishedAt: 12 * S });
  });

  it('matches a reference model for any maxDuration and gracefulStop', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        durationsArb(4, 5),
        fc.integer({ min: 1, max: 60 * S }),
        fc.integer({ min: 0, max: 20 * S }),
        (vus, iterations, d, maxDuration, gracefulStop) => {
          const r = record((sim, hooks) =>
            perVuIterations({ vus, iterations, maxDuration, gracefulStop }).start(sim, timed((vu) => d[vu.id - 1][vu.iteration]), hooks),
          );
          const hard = maxDuration + gracefulStop;
          const want = { started: 0, completed: 0, interrupted: 0, dropped: 0, finishedAt: 0 };
          for (let v = 0; v < vus; v++) {
            let t = 0;
            let k = 0;
            for (; k < iterations && (k === 0 || t < maxDuration); k++) {
              want.started++;
              t += d[v][k];
              if (t <= hard) want.completed++;
              else {
                want.interrupted++;
                t = hard;
                k++;
                break;
              }
            }
            want.dropped += iterations - k;
            want.finishedAt = Math.max(want.finishedAt, t);
          }
          expect(r.stats).toMatchObject(want);
        },
      ),
    );
  });
});
