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
          const events = specs.map((s) => list.push(s.time, s.priority, () => {}));
          specs.forEach((s, i) => s.cancel && list.cancel(events[i]));
          const expected = events
            .filter((_, i) => !specs[i].cancel)
            .sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq)
            .map((e) => e.seq);
          const popped: number[] = [];
          for (let e = list.pop(); e; e = list.pop()) popped.push(e.seq);
          expect(popped).toEqual(expected);
        },
      ),
    );
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
