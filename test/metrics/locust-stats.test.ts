import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LocustStats, locustRound } from '../../src/metrics/locust-stats.js';

const logged = (xs: number[]): LocustStats => {
  const s = new LocustStats();
  for (const x of xs) s.log(x);
  return s;
};

describe('LocustStats (locust/stats.py StatsEntry)', () => {
  it('files response times as Locust does: whole ms < 100, tens < 1 s, hundreds < 10 s, seconds above', () => {
    expect([42.4, 147, 3432, 58760].map(locustRound)).toEqual([42, 150, 3400, 59000]);
    // Python's round: half to even.
    expect([2.5, 3.5, 125, 135].map(locustRound)).toEqual([2, 4, 120, 140]);
  });

  it('median_from_dict over rounded times; percentiles walk down from the slowest', () => {
    const s = logged(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s.median).toBe(50);
    // ⌊100 · 0.95⌋ = 95 may remain below: 100, 99, 98, 97, 96 are taken off, and 96 is returned.
    expect(s.percentile(0.95)).toBe(96);
    expect(s.percentile(1)).toBe(100);
    expect(s.avg).toBeCloseTo(50.5, 12);
    expect([s.count, s.min, s.max]).toEqual([100, 1, 100]);
  });

  it('clamps the median into [min, max] as Locust does for a few slow requests', () => {
    expect(logged([1234]).median).toBe(1234);
    expect(logged([96.4, 147]).median).toBe(96.4);
  });

  it('percentiles never fall as p grows and stay within the rounded extremes', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p, q) => {
        const s = logged(xs);
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(s.percentile(lo)).toBeLessThanOrEqual(s.percentile(hi));
        expect(s.percentile(hi)).toBeLessThanOrEqual(locustRound(Math.max(...xs)));
        expect(s.median).toBeGreaterThanOrEqual(s.min);
        expect(s.median).toBeLessThanOrEqual(s.max);
      }),
    );
  });

  it('counts failures among requests and refuses a negative time', () => {
    const s = new LocustStats();
    s.log(10, true);
    s.log(20);
    expect([s.count, s.failures]).toEqual([2, 1]);
    expect(() => s.log(-1)).toThrow(RangeError);
  });
});
