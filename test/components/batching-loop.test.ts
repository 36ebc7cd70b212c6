import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchingLoop } from '../../src/components/batching-loop.js';
import { Simulation } from '../../src/engine/index.js';

/** A loop whose iterations run on a dedicated core: an iteration of `us` µs takes us · 1,000 ns. */
function loopOn(sim: Simulation, wakeUs: number, readUs: number, charged: number[] = []): BatchingLoop {
  return new BatchingLoop((us, done) => {
    charged.push(us);
    sim.schedule(us * 1_000, done);
  }, wakeUs, readUs);
}

describe('BatchingLoop', () => {
  it('an iteration costs wake + one read per distinct socket + its items, and its items complete together at its end', () => {
    const sim = new Simulation(1);
    const charged: number[] = [];
    const loop = loopOn(sim, 5, 3, charged);
    const done: Array<[string, number]> = [];
    const item = (name: string) => (now: number) => done.push([name, now]);
    // Alone at 0: 5 wake + 3 read + 10 = 18 µs.
    loop.submit(0, 10, item('a'));
    // Arrive while the first iteration runs: sockets 0 and 2 (two reads), one item the loop made
    // itself (source −1, no read): 5 + 2·3 + (4 + 6 + 1 + 2) = 24 µs, from 18 to 42 µs.
    sim.at(1_000, () => {
      loop.submit(0, 4, item('b'));
      loop.submit(2, 6, item('c'));
      loop.submit(0, 1, item('d'));
      loop.submit(-1, 2, item('e'));
    });
    // After the loop went idle, an item starts an iteration at once: 100 + 5 + 3 + 1 µs.
    sim.at(100_000, () => loop.submit(7, 1, item('f')));
    sim.run();
    expect(charged).toEqual([18, 24, 9]);
    expect(done).toEqual([['a', 18_000], ['b', 42_000], ['c', 42_000], ['d', 42_000], ['e', 42_000], ['f', 109_000]]);
    expect({ iterations: loop.iterations, items: loop.items, reads: loop.reads }).toEqual({ iterations: 3, items: 6, reads: 4 });
  });

  it('a loop whose work completes at once still serves what its callbacks submit, in later iterations', () => {
    const charged: number[] = [];
    const loop = new BatchingLoop((us, done) => {
      charged.push(us);
      done(0);
    }, 1, 2);
    const order: string[] = [];
    loop.submit(4, 3, () => {
      order.push('first');
      loop.submit(-1, 5, () => order.push('second'));
    });
    expect(order).toEqual(['first', 'second']);
    expect(charged).toEqual([1 + 2 + 3, 1 + 5]);
    expect(loop.iterations).toBe(2);
  });

  it('free wake-ups and reads are allowed; negative or missing costs are not', () => {
    const sim = new Simulation(1);
    const charged: number[] = [];
    const loop = loopOn(sim, 0, 0, charged);
    loop.submit(1, 2, () => {});
    sim.run();
    expect(charged).toEqual([2]);
    const noop = () => {};
    expect(() => new BatchingLoop(noop, -1, 0)).toThrow('loop costs must be >= 0, got wake -1, read 0');
    expect(() => new BatchingLoop(noop, 0, -0.5)).toThrow(RangeError);
    expect(() => new BatchingLoop(noop, Number.NaN, 0)).toThrow(RangeError);
    expect(() => new BatchingLoop(noop, 0, Number.NaN)).toThrow(RangeError);
  });

  it('charges exactly wake · iterations + Σ item costs + read · reads, completes every item once after it arrived (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 200 }), source: fc.integer({ min: -1, max: 4 }), us: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (items, wakeUs, readUs) => {
          const sim = new Simulation(1);
          const charged: number[] = [];
          const loop = loopOn(sim, wakeUs, readUs, charged);
          const doneAt: number[] = new Array(items.length).fill(-1);
          items.forEach((it, i) => sim.at(it.at * 1_000, () => loop.submit(it.source, it.us, (now) => {
            expect(doneAt[i]).toBe(-1);
            doneAt[i] = now;
          })));
          sim.run();
          items.forEach((it, i) => expect(doneAt[i]).toBeGreaterThanOrEqual(it.at * 1_000 + (wakeUs + it.us) * 1_000));
          const total = charged.reduce((a, b) => a + b, 0);
          expect(total).toBe(wakeUs * loop.iterations + items.reduce((a, it) => a + it.us, 0) + readUs * loop.reads);
          expect(loop.items).toBe(items.length);
          expect(loop.iterations).toBe(charged.length);
          // One read per socket per iteration at most, never for the loop's own work.
          expect(loop.reads).toBeLessThanOrEqual(items.filter((it) => it.source >= 0).length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('under load the cost per item falls: 64 items arriving together pay one wake-up and one read', () => {
    const cost = (together: boolean): number => {
      const sim = new Simulation(1);
      const charged: number[] = [];
      const loop = loopOn(sim, 40, 10, charged);
      for (let i = 0; i < 64; i++) sim.at(together ? 0 : i * 1_000_000, () => loop.submit(0, 14, () => {}));
      sim.run();
      return charged.reduce((a, b) => a + b, 0) / 64;
    };
    // One at a time: 40 + 10 + 14 = 64 µs per item. The first alone, then 63 together in one
    // iteration: (64 + 40 + 10 + 63 · 14) / 64 = 996 / 64 = 15.5625 µs.
    expect(cost(false)).toBe(64);
    expect(cost(true)).toBe(15.5625);
  });
});
