import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Trend, TREND_RELATIVE_ERROR } from '../../src/metrics/index.js';
import { exactPercentile, PROBES, withinRelative } from './k6-reference.js';

const value = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 50 }));
const samples = fc.array(value, { maxLength: 300 });

function trendOf(values: readonly number[]): Trend {
  const t = new Trend();
  for (const v of values) t.add(v);
  return t;
}

/** The documented addUniform samples: min(hi, lo + i·(hi − lo)/(count − 1)), the last exactly hi. */
function linspace(lo: number, hi: number, count: number): number[] {
  if (count === 1 || lo === hi) return Array.from({ length: count }, () => lo);
  const step = (hi - lo) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : Math.min(hi, lo + i * step)));
}

function expectSameTrend(actual: Trend, expected: Trend): void {
  expect(actual.count).toBe(expected.count);
  expect(actual.min).toBe(expected.min);
  expect(actual.max).toBe(expected.max);
  expect(Math.abs(actual.sum - expected.sum)).toBeLessThanOrEqual(1e-12 * expected.sum + 1e-300); // subnormal steps underflow
  for (const q of PROBES) expect(actual.percentile(q)).toBe(expected.percentile(q));
}

describe('Trend.merge', () => {
  it('equals adding all samples to one trend', () => {
    fc.assert(
      fc.property(samples, samples, (a, b) => {
        const merged = trendOf(a);
        merged.merge(trendOf(b));
        expectSameTrend(merged, trendOf([...a, ...b]));
      }),
    );
  });

  it('can merge a trend into itself, doubling every sample', () => {
    const t = trendOf([1, 5, 9]);
    t.merge(t);
    expectSameTrend(t, trendOf([1, 1, 5, 5, 9, 9]));
  });
});

describe('Trend.addUniform', () => {
  const range = fc
    .tuple(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(0)), fc.double({ min: 0, max: 1e6, noNaN: true }))
    .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

  it('matches adding the linspace samples one by one, within the error bound of the exact percentiles', () => {
    fc.assert(
      fc.property(range, fc.integer({ min: 0, max: 3000 }), ([lo, hi], count) => {
        const values = linspace(lo, hi, count);
        const uniform = new Trend();
        uniform.addUniform(lo, hi, count);
        expectSameTrend(uniform, trendOf(values));
        for (const q of PROBES) {
          expect(withinRelative(uniform.percentile(q), exactPercentile(values, q), TREND_RELATIVE_ERROR)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts every single sample in the bucket adding it alone would (all ranks compared)', () => {
    const check = (lo: number, hi: number, count: number) => {
      const uniform = new Trend();
      uniform.addUniform(lo, hi, count);
      const reference = trendOf(linspace(lo, hi, count));
      for (let rank = 0; rank < count; rank++) {
        const p = count === 1 ? 0 : rank / (count - 1);
        if (uniform.percentile(p) !== reference.percentile(p)) return false;
      }
      return true;
    };
    expect(check(0, 189, 2500)).toBe(true); // needs the rounding correction at bucket edges
    fc.assert(fc.property(range, fc.integer({ min: 1, max: 400 }), ([lo, hi], count) => check(lo, hi, count)));
  });

  it('splits runs exactly at bucket boundaries (integer grids put samples on powers of two)', () => {
    for (const [lo, hi, count] of [[0, 4096, 4097], [1, 1024, 2047], [0.5, 64.5, 129]] as const) {
      const uniform = new Trend();
      uniform.addUniform(lo, hi, count);
      expectSameTrend(uniform, trendOf(linspace(lo, hi, count)));
    }
  });

  it('accepts the ends in either order and adds to what is already there', () => {
    const t = trendOf([7]);
    t.addUniform(4, 2, 3);
    expectSameTrend(t, trendOf([7, 2, 3, 4]));
  });

  it('records ten million samples without touching each one', () => {
    const t = new Trend();
    t.addUniform(0.5, 2000.5, 1e7);
    expect(t.count).toBe(1e7);
    expect([t.min, t.max]).toEqual([0.5, 2000.5]);
    expect(t.avg).toBeCloseTo(1000.5, 9);
    // Exact k6 percentile of a linspace is lo + p·(hi − lo).
    for (const q of PROBES) expect(withinRelative(t.percentile(q), 0.5 + q * 2000, TREND_RELATIVE_ERROR)).toBe(true);
  });

  it('handles a trillion samples, which only a bucket-proportional walk can finish', () => {
    const t = new Trend();
    t.addUniform(0, 1e4, 1e12);
    expect(t.count).toBe(1e12);
    expect(withinRelative(t.percentile(0.95), 9500, TREND_RELATIVE_ERROR)).toBe(true);
  });
});
