import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { between, constantWait } from '../../src/workload/index.js';

describe('between(a, b)', () => {
  it('is a + random()·(b − a), as Locust computes it', () => {
    expect(between(1, 5)(() => 0)).toBe(1);
    expect(between(1, 5)(() => 0.25)).toBe(2);
    expect(between(2, 2)(() => 0.9)).toBe(2);
    expect(constantWait(3)(() => 0.5)).toBe(3);
    expect(() => between(5, 1)).toThrow(RangeError);
  });

  it('stays in [a, b) and its mean converges to (a + b)/2', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (a, width, seed) => {
          const b = a + width;
          const wait = between(a, b);
          const random = new Simulation(seed).stream('wait');
          const n = 5000;
          let [sum, lo, hi] = [0, Infinity, -Infinity];
          for (let i = 0; i < n; i++) {
            const w = wait(random);
            [sum, lo, hi] = [sum + w, Math.min(lo, w), Math.max(hi, w)];
          }
          expect(lo).toBeGreaterThanOrEqual(a);
          expect(hi).toBeLessThan(b);
          // Standard error of the mean of U[a, b) is (b − a)/√(12n); allow 5 of them.
          expect(Math.abs(sum / n - (a + b) / 2)).toBeLessThan((5 * (b - a)) / Math.sqrt(12 * n));
        },
      ),
      { numRuns: 100 },
    );
  });
});
