import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantArrivalRate, scheduledIterations } from '../../src/workload/index.js';
import { MS, S, record, timed } from './helpers.js';

describe('constant-arrival-rate', () => {
  it('starts iterations every timeUnit/rate; a due iteration with no free VU is dropped and asks for one more VU', () => {
    // 10/s for 1 s, 250 ms iterations, 1 VU pre-allocated, up to 3.
    const r = record((sim, hooks) =>
      constantArrivalRate({ rate: 10, duration: '1s', preAllocatedVUs: 1, maxVUs: 3 }).start(sim, timed(() => 250 * MS), hooks),
    );
    // 0: VU1 · 100: drop, VU2 allocated · 200: VU2 · 300: VU1 · 400: drop, VU3 allocated · 500: VU3
    // 600: VU2 (idle longest) · 700: VU1 · 800: VU3 · 900: VU2
    expect(r.starts.map((s) => [s.t / MS, s.vu])).toEqual([[0, 1], [200, 2], [300, 1], [500, 3], [600, 2], [700, 1], [800, 3], [900, 2]]);
    expect(r.drops).toEqual([100 * MS, 400 * MS]);
    expect(r.stats).toMatchObject({ started: 8, completed: 8, dropped: 2, vusMax: 3, finishedAt: 1150 * MS });
    expect(r.stats.vusSeries).toEqual([{ t: 0, vus: 1 }, { t: 100 * MS, vus: 2 }, { t: 400 * MS, vus: 3 }, { t: 1150 * MS, vus: 0 }]);
  });

  it('never exceeds maxVUs, and interrupts what is left after gracefulStop', () => {
    const r = record((sim, hooks) =>
      constantArrivalRate({ rate: 10, duration: '1s', preAllocatedVUs: 1, gracefulStop: 0 }).start(sim, timed(() => 250 * MS), hooks),
    );
    expect(r.starts.map((s) => s.t / MS)).toEqual([0, 300, 600, 900]);
    expect(r.stats).toMatchObject({ started: 4, completed: 3, interrupted: 1, dropped: 6, vusMax: 1, finishedAt: 1 * S });
  });

  it('an extra VU needs vuInitTime before it can serve', () => {
    const r = record((sim, hooks) =>
      constantArrivalRate({ rate: 10, duration: '1s', preAllocatedVUs: 1, maxVUs: 2, vuInitTime: '150ms' }).start(sim, timed(() => 250 * MS), hooks),
    );
    // 100: drop, VU2 ready at 250 · 200: drop (still initialising) · 300: VU1 (free at 250) · 400: VU2 …
    expect(r.drops.slice(0, 2)).toEqual([100 * MS, 200 * MS]);
    expect(r.starts.slice(0, 3).map((s) => [s.t / MS, s.vu])).toEqual([[0, 1], [300, 1], [400, 2]]);
  });

  it('schedules ⌊i·timeUnit/rate⌋ for i < ceil(rate·duration/timeUnit): started + dropped = scheduled ≤ rate·duration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 * S }), { minLength: 1, maxLength: 6 }),
        (rate, unitS, durationS, pre, extra, times) => {
          const [timeUnit, duration] = [unitS * S, durationS * S];
          const r = record((sim, hooks) =>
            constantArrivalRate({ rate, timeUnit, duration, preAllocatedVUs: pre, maxVUs: pre + extra }).start(
              sim,
              timed((vu) => times[(vu.id + vu.iteration) % times.length]),
              hooks,
            ),
          );
          const scheduled = scheduledIterations(rate, timeUnit, duration);
          expect(scheduled).toBe(Math.ceil((rate * duration) / timeUnit));
          expect(r.stats.started + r.stats.dropped).toBe(scheduled);
          expect(r.stats.started).toBeLessThanOrEqual(Math.ceil((rate * durationS) / unitS));
          if ((rate * durationS) % unitS === 0) expect(scheduled).toBe((rate * durationS) / unitS);
          const due = [...r.starts.map((s) => s.t), ...r.drops].sort((a, b) => a - b);
          expect(due).toEqual(Array.from({ length: scheduled }, (_, i) => Math.floor((i * timeUnit) / rate)));
          expect(r.stats.vusMax).toBeLessThanOrEqual(pre + extra);
          for (const { n, vus } of r.inFlight) expect(n).toBeLessThanOrEqual(vus);
        },
      ),
    );
  });
});
