import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventList, Simulation, parseDuration, RandomStreams } from '../../src/engine/index.js';

describe('EventList', () => {
  it('pops in (time, priority, insertion) order, whatever is cancelled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }), priority: fc.integer({ min: 0, max: 3 }), cancel: fc.boolean() }), { maxLength: 300 }),
        (specs) => {
          const list = new EventList();
          // Each event's action names its insertion index: the order is checked from outside,
          // not with the list's own sequence numbers.
          const fired: number[] = [];
          const events = specs.map((s, i) => list.push(s.time, s.priority, () => fired.push(i)));
          specs.forEach((s, i) => s.cancel && expect(list.cancel(events[i])).toBe(true));
          const expected = specs
            .map((s, i) => ({ ...s, i }))
            .filter((s) => !s.cancel)
            .sort((a, b) => a.time - b.time || a.priority - b.priority || a.i - b.i)
            .map((s) => s.i);
          expect(list.size).toBe(expected.length);
          for (let e = list.pop(); e; e = list.pop()) e.action(e.time);
          expect(fired).toEqual(expected);
          expect(list.size).toBe(0);
          expect(list.peek()).toBeUndefined();
        },
      ),
    );
  });

  it('equal-time events fire in the order they were scheduled, even when scheduled from different moments', () => {
    const sim = new Simulation(1);
    const order: string[] = [];
    sim.schedule(10, () => order.push('a')); // at t = 0 for t = 10
    sim.schedule(5, () => {
      sim.schedule(5, () => order.push('c')); // at t = 5 for t = 10: after a and b
      sim.schedule(5, () => order.push('d'), -1); // lower priority value fires first on a tie
    });
    sim.schedule(10, () => order.push('b'));
    sim.run();
    expect(order).toEqual(['d', 'a', 'b', 'c']);
  });

  it('cancelling twice or after firing reports false', () => {
    const list = new EventList();
    const a = list.push(1, 0, () => {});
    expect(list.cancel(a)).toBe(true);
    expect(list.cancel(a)).toBe(false);
    const b = list.push(2, 0, () => {});
    list.pop();
    expect(list.cancel(b)).toBe(false);
  });
});

describe('Simulation', () => {
  it('advances the clock to each event and stops on request', () => {
    const sim = new Simulation(1);
    const seen: number[] = [];
    sim.schedule(30, (t) => seen.push(t));
    sim.schedule(10, (t) => {
      seen.push(t);
      sim.schedule(5, (u) => seen.push(u));
    });
    sim.schedule(100, () => sim.stop());
    sim.schedule(200, (t) => seen.push(t));
    sim.run();
    expect(seen).toEqual([10, 15, 30]);
    expect(sim.now).toBe(100);
  });

  it('refuses to schedule into the past', () => {
    expect(() => new Simulation().schedule(-1, () => {})).toThrow(RangeError);
  });
});

describe('RandomStreams', () => {
  it('a stream depends only on the seed and its own name', () => {
    const a = new RandomStreams(7);
    const b = new RandomStreams(7);
    b.stream('other')(); // a new source must not shift an existing one
    const xs = Array.from({ length: 5 }, a.stream('arrivals'));
    const ys = Array.from({ length: 5 }, b.stream('arrivals'));
    expect(ys).toEqual(xs);
    expect(Array.from({ length: 5 }, new RandomStreams(8).stream('arrivals'))).not.toEqual(xs);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 5e8],
    ['1s', 1e9],
    ['1m30s', 9e10],
    ['1.5s', 1.5e9],
  ])('%s', (text, ns) => expect(parseDuration(text)).toBe(ns));
  it.each(['', '1x', 'abc', '1', '-1s', '1s2'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
