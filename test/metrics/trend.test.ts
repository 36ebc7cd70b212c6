import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Trend, TREND_RELATIVE_ERROR } from '../../src/metrics/index.js';
import { exactPercentile, PROBES, withinRelative } from './k6-reference.js';

// Latency-like values across many scales, with zeros, subnormals and repeats (ties) mixed in.
const value = fc.oneof(
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.integer({ min: 0, max: 50 }),
  fc.double({ min: 1e-3, max: 10, noNaN: true }),
);
const samples = fc.array(value, { minLength: 1, maxLength: 400 });

function trendOf(values: readonly number[]): Trend {
  const t = new Trend();
  for (const v of values) t.add(v);
  return t;
}

describe('Trend percentiles', () => {
  it('stay within TREND_RELATIVE_ERROR of the exact k6 percentile', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const t = trendOf(values);
        for (const q of [p, ...PROBES]) {
          const exact = exactPercentile(values, q);
          if (!withinRelative(t.percentile(q), exact, TREND_RELATIVE_ERROR)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('are exactly min and max at p = 0 and p = 1', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const t = trendOf(values);
        expect(t.percentile(0)).toBe(Math.min(...values));
        expect(t.percentile(1)).toBe(Math.max(...values));
      }),
    );
  });

  it('is exact for a single sample and interpolates like k6 between two', () => {
    const one = trendOf([3.7]);
    expect([one.percentile(0), one.percentile(0.5), one.percentile(0.95)]).toEqual([3.7, 3.7, 3.7]);
    const two = trendOf([10, 20]);
    expect(two.percentile(0.5)).toBe(15); // both samples are min/max, so exact
  });

  it('uses a bound that is not vacuous: midpoints really are off for most values', () => {
    const t = trendOf([1, 1.003, 2]); // 1.003 shares a 1/128-wide sub-bucket with 1
    expect(t.percentile(0.5)).not.toBe(1.003);
    expect(withinRelative(t.percentile(0.5), 1.003, TREND_RELATIVE_ERROR)).toBe(true);
    expect(TREND_RELATIVE_ERROR).toBe(2 ** -8);
  });
});

describe('Trend exact statistics', () => {
  it('tracks count, sum, min, max and avg exactly', () => {
    fc.assert(
      fc.property(samples, (values) => {
        const t = trendOf(values);
        const sum = values.reduce((a, b) => a + b, 0);
        expect(t.count).toBe(values.length);
        expect(t.min).toBe(Math.min(...values));
        expect(t.max).toBe(Math.max(...values));
        expect(Math.abs(t.sum - sum)).toBeLessThanOrEqual(1e-12 * sum);
        expect(Math.abs(t.avg - sum / values.length)).toBeLessThanOrEqual(1e-12 * (sum / values.length));
      }),
    );
  });

  it('keeps the average of many small latencies to the last digit', () => {
    const t = new Trend();
    for (let i = 0; i < 1_000_000; i++) t.add(0.1);
    expect(t.avg).toBe(0.1);
  });

  it('treats a weight as that many identical samples', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 50 }), (pairs) => {
        const weighted = new Trend();
        const expanded: number[] = [];
        for (const [v, w] of pairs) {
          weighted.add(v, w);
          for (let i = 0; i < w; i++) expanded.push(v);
        }
        const reference = trendOf(expanded);
        expect(weighted.count).toBe(expanded.length);
        for (const q of PROBES) expect(weighted.percentile(q)).toBe(reference.percentile(q));
      }),
    );
  });

  it('reports all zeros when empty', () => {
    const t = new Trend();
    expect([t.count, t.sum, t.avg, t.min, t.max, t.percentile(0.95)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(t.summary()).toEqual({ avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0 });
  });

  it('rejects values and weights it cannot represent', () => {
    const t = new Trend();
    for (const bad of [-1, NaN, Infinity]) expect(() => t.add(bad)).toThrow(RangeError);
    expect(() => t.add(1, 1.5)).toThrow(RangeError);
    expect(() => t.addUniform(-1, 5, 3)).toThrow(RangeError);
    expect(() => t.percentile(1.5)).toThrow(RangeError);
    expect(t.count).toBe(0);
  });
});

describe('Trend summary', () => {
  it('has the k6 --summary-export trend shape, in k6 order, with optional extra percentiles', () => {
    const t = trendOf([1, 2, 3, 4, 5]);
    expect(Object.keys(t.summary())).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);
    const s = t.summary(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count']);
    expect(s.avg).toBe(3);
    expect(s.min).toBe(1);
    expect(s.max).toBe(5);
    expect(s.count).toBe(5);
    expect(withinRelative(s.med, 3, TREND_RELATIVE_ERROR)).toBe(true);
    expect(withinRelative(s['p(90)'], 4.6, TREND_RELATIVE_ERROR)).toBe(true);
    expect(withinRelative(s['p(99.9)'], 4.996, TREND_RELATIVE_ERROR)).toBe(true);
  });

  it('rejects stats k6 would reject', () => {
    const t = trendOf([1]);
    for (const bad of ['mean', 'p(101)', 'p()', 'p90']) expect(() => t.summary([bad])).toThrow(RangeError);
  });
});
