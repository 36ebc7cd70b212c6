import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../src/metrics/index.js';
import { fromSeconds } from '../../src/engine/index.js';

describe('TimeWeighted', () => {
  // Queue length 0 for 1 s, 2 for 2 s, 1 for 1 s, then 0: area 0 + 4 + 1 + 0 = 5 over 5 s.
  it('gives the hand-computed mean and max of a step function', () => {
    const q = new TimeWeighted();
    q.set(fromSeconds(1), 2);
    q.set(fromSeconds(3), 1);
    q.set(fromSeconds(4), 0);
    expect(q.mean(fromSeconds(5))).toBe(1);
    expect(q.integral(fromSeconds(5))).toBe(5 * 1e9);
    expect(q.max).toBe(2);
    expect(q.level).toBe(0);
  });

  it('counts the level still held at the end, and works from arrivals and departures', () => {
    const busy = new TimeWeighted();
    busy.add(0, 1); // a job starts on a core
    busy.add(fromSeconds(1), 1); // a second core busy
    busy.add(fromSeconds(3), -1);
    // 1 core for 1 s, 2 for 2 s, 1 still busy for the last 1 s: 6 core·s over 4 s.
    expect(busy.mean(fromSeconds(4))).toBe(1.5);
    expect(busy.max).toBe(2);
  });

  it('measures from its own start with an initial level', () => {
    const pool = new TimeWeighted(fromSeconds(10), 4);
    pool.set(fromSeconds(12), 0);
    expect(pool.mean(fromSeconds(14))).toBe(2);
    expect(pool.mean(fromSeconds(10))).toBe(0); // empty interval: the current level
    expect(pool.max).toBe(4);
  });

  it('refuses to go back in time', () => {
    const q = new TimeWeighted();
    q.set(100, 1);
    expect(() => q.set(99, 2)).toThrow(RangeError);
    expect(() => q.mean(50)).toThrow(RangeError);
  });
});
