import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { meanWithInterval, studentTQuantile } from '../../src/sweep/student-t.js';
import { replicationSeed, replicationSeeds } from '../../src/sweep/seeds.js';

describe('Student t', () => {
  // Two-sided 95% critical values t(0.975, df) from published tables.
  it.each([
    [1, 12.7062047362],
    [2, 4.3026527297],
    [4, 2.7764451052],
    [9, 2.2621571628],
    [29, 2.0452296421],
    [1000, 1.9623390808],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 8);
  });

  it('t(0.995, 5) = 4.032143 and the quantile is odd about p = 0.5', () => {
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.0321429836, 8);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451052, 8);
  });

  it('the quantile rises with p, falls with df towards the normal one, and is odd about p = 0.5', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.998, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
        const t = studentTQuantile(p, df);
        expect(studentTQuantile(p + 0.001, df)).toBeGreaterThan(t);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 9);
        if (p > 0.5) expect(studentTQuantile(p, df + 1)).toBeLessThan(t);
      }),
    );
  });

  it('refuses p outside (0, 1) and df <= 0', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
  });

  it('95% interval of 2, 4, 4, 4, 5, 5, 7, 9: mean 5, s = 2.138, half-width t(0.975,7)·s/√8', () => {
    const e = meanWithInterval([2, 4, 4, 4, 5, 5, 7, 9], 0.95);
    const half = 2.3646242516 * Math.sqrt(32 / 7 / 8);
    expect(e.mean).toBe(5);
    expect(e.lo!).toBeCloseTo(5 - half, 9);
    expect(e.hi!).toBeCloseTo(5 + half, 9);
  });

  it('one sample has a mean and no interval; equal samples have a zero-width one', () => {
    expect(meanWithInterval([3], 0.95)).toEqual({ mean: 3, lo: null, hi: null });
    expect(meanWithInterval([3, 3, 3], 0.95)).toEqual({ mean: 3, lo: 3, hi: 3 });
  });
});

describe('replication seeds', () => {
  it('replication 0 is the base seed itself, so one replication is capsim predict --seed base', () => {
    expect(replicationSeed(42, 0)).toBe(42);
  });

  it('are fixed by (base, r), distinct, and whole numbers', () => {
    const seeds = replicationSeeds(1, 50);
    expect(replicationSeeds(1, 50)).toEqual(seeds);
    expect(new Set(seeds).size).toBe(50);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(replicationSeeds(2, 3)).not.toEqual(seeds.slice(0, 3));
  });
});
