import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantVus } from '../../src/workload/index.js';
import { S, record, timed } from './helpers.js';

describe('constant-vus', () => {
  it('loops iterations until duration, then waits for the ones in flight', () => {
    // 2 VUs, 3 s iterations, 10 s: each begins at 0, 3, 6, 9; the last ones end at 12 s.
    const r = record((sim, hooks) => constantVus({ vus: 2, duration: '10s' }).start(sim, timed(() => 3 * S), hooks));
    expect(r.stats).toMatchObject({ started: 8, completed: 8, interrupted: 0, dropped: 0, finishedAt: 12 * S, vusMax: 2 });
    expect(r.starts.filter((s) => s.vu === 1).map((s) => s.t)).toEqual([0, 3 * S, 6 * S, 9 * S]);
    expect(r.stats.vusSeries).toEqual([{ t: 0, vus: 2 }, { t: 12 * S, vus: 0 }]);
  });

  it('interrupts iterations still running after gracefulStop', () => {
    const r = record((sim, hooks) => constantVus({ vus: 2, duration: '10s', gracefulStop: '1s' }).start(sim, timed(() => 3 * S), hooks));
    expect(r.stats).toMatchObject({ started: 8, completed: 6, interrupted: 2, finishedAt: 11 * S });
  });

  it('an iteration ending exactly when gracefulStop runs out counts as completed', () => {
    // 4 s iterations: the third runs 8–12 s; 10 s + 2 s gracefulStop = 12 s.
    const r = record((sim, hooks) => constantVus({ vus: 1, duration: '10s', gracefulStop: '2s' }).start(sim, timed(() => 4 * S), hooks));
    expect(r.stats).toMatchObject({ started: 3, completed: 3, interrupted: 0, finishedAt: 12 * S });
  });

  it('begins no iteration at or after duration (an iteration ending exactly then is the last)', () => {
    const r = record((sim, hooks) => constantVus({ vus: 1, duration: '10s' }).start(sim, timed(() => 5 * S), hooks));
    expect(r.stats).toMatchObject({ started: 2, completed: 2, finishedAt: 10 * S });
  });

  it('matches a reference model for random iteration times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: S / 10, max: 8 * S }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 30 * S }),
        fc.integer({ min: 0, max: 10 * S }),
        (vus, times, duration, gracefulStop) => {
          const d = (vu: number, k: number) => times[(vu * 7 + k) % times.length];
          const r = record((sim, hooks) =>
            constantVus({ vus, duration, gracefulStop }).start(sim, timed((vu) => d(vu.id, vu.iteration)), hooks),
          );
          const want = { started: 0, completed: 0, interrupted: 0, finishedAt: duration };
          for (let v = 1; v <= vus; v++) {
            let t = 0;
            for (let k = 0; t < duration; k++) {
              want.started++;
              t += d(v, k);
              if (t > duration + gracefulStop) {
                want.interrupted++;
                t = duration + gracefulStop;
              } else want.completed++;
            }
            want.finishedAt = Math.max(want.finishedAt, t);
          }
          expect(r.stats).toMatchObject(want);
        },
      ),
    );
  });
});
