import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lusolve } from 'mathjs';
import { exactNnls } from '../../src/analysis/nnls.js';
import { nonNegativeLeastSquares } from '../../calibration/least-squares.js';

const sse = (rows: number[][], y: number[], b: number[]): number => rows.reduce((a, r, i) => a + (y[i] - r.reduce((s, v, j) => s + v * b[j], 0)) ** 2, 0);

/** The exact answer by enumeration: the best unconstrained fit on any subset of columns whose coefficients are all ≥ 0. */
function bruteForce(rows: number[][], y: number[]): { b: number[]; sse: number } {
  const n = rows[0].length;
  let best = { b: new Array<number>(n).fill(0), sse: sse(rows, y, new Array<number>(n).fill(0)) };
  for (let mask = 1; mask < 1 << n; mask++) {
    const cols = Array.from({ length: n }, (_, j) => j).filter((j) => mask & (1 << j));
    const g = cols.map((a) => cols.map((c) => rows.reduce((s, r) => s + r[a] * r[c], 0)));
    const rhs = cols.map((a) => rows.reduce((s, r, i) => s + r[a] * y[i], 0));
    let z: number[];
    try {
      z = (lusolve(g, rhs) as number[][]).map((row) => row[0]);
    } catch {
      continue;
    }
    if (z.some((v) => !(v >= 0))) continue;
    const b = new Array<number>(n).fill(0);
    cols.forEach((j, a) => (b[j] = z[a]));
    const e = sse(rows, y, b);
    if (e < best.sse) best = { b, sse: e };
  }
  return best;
}

const problem = fc.record({
  rows: fc.array(fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }), { minLength: 8, maxLength: 14 }),
  y: fc.array(fc.double({ min: -5, max: 20, noNaN: true }), { minLength: 14, maxLength: 14 }),
});

describe('exactNnls (exact non-negative least squares, ml-fcnnls)', () => {
  it('recovers non-negative coefficients of exact linear data, including zeros', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 100, noNaN: true })), { minLength: 3, maxLength: 3 }), (beta) => {
        const rows = Array.from({ length: 8 }, (_, i) => [1 + i, ((i * 7) % 5) + 1, ((i * i) % 11) + 2]);
        const y = rows.map((r) => r.reduce((a, x, j) => a + x * beta[j], 0));
        const fit = exactNnls(rows, y);
        fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(beta[j], 6));
        expect(fit.rms).toBeLessThan(1e-6);
      }),
      // A column entering on a rounding-sized gradient with a zero solution once made the step 0/0.
      { numRuns: 40, examples: [[[99.92216559335745, 0, 0]]] },
    );
  });

  it('reaches the minimum over all non-negative coefficients (as enumeration finds it), never above the greedy solver', () => {
    fc.assert(
      fc.property(problem, ({ rows, y }) => {
        const ys = y.slice(0, rows.length);
        const fit = exactNnls(rows, ys);
        expect(Math.min(...fit.coefficients)).toBeGreaterThanOrEqual(0);
        const exact = bruteForce(rows, ys);
        const mine = sse(rows, ys, fit.coefficients);
        expect(mine).toBeLessThanOrEqual(exact.sse * (1 + 1e-7) + 1e-9);
        let greedy: number[] | undefined;
        try {
          greedy = nonNegativeLeastSquares(rows, ys).coefficients; // throws on dependent columns
        } catch {
          greedy = undefined;
        }
        if (greedy) expect(mine).toBeLessThanOrEqual(sse(rows, ys, greedy) * (1 + 1e-7) + 1e-9);
      }),
      // Dependent columns (all equal) and a subnormal target once made a singular solve.
      { numRuns: 150, examples: [[{ rows: Array.from({ length: 8 }, () => [0.5, 0.5, 0.5, 0.5]), y: [0, 0, 0, 0, 0, 0, 0, 1e-323, 0, 0, 0, 0, 0, 0] }]] },
    );
  });

  it('keeps a column the greedy solver drops, when it belongs in the answer', () => {
    // The unconstrained fit gives column 1 a negative sign; the greedy solver drops it, then drops
    // column 0 (negative with 1 gone) and never takes it back; column 0 belongs in the optimum.
    const rows = [[4, 0, 4], [3, 3, 3], [1, 2, 2], [3, 1, 3], [1, 2, 3], [3, 4, 4], [1, 4, 3], [4, 1, 2]];
    const y = [4, 0, 2, 8, 6, 4, 1, 4];
    const exact = bruteForce(rows, y);
    const fit = exactNnls(rows, y);
    fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(exact.b[j], 9));
    expect(fit.coefficients[0]).toBeGreaterThan(0.3);
    const greedy = nonNegativeLeastSquares(rows, y).coefficients;
    expect(greedy[0]).toBe(0);
    expect(sse(rows, y, fit.coefficients)).toBeLessThan(sse(rows, y, greedy) - 1);
  });

  it('fits a base beside µs-sized costs (columns scaled apart by 10⁶)', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [1 - (i % 7) / 10, 1e-6 * (50 + 10 * i), 1e-6 * (500 + 97 * ((i * 13) % 17))]);
    const y = rows.map((r) => 0.05 * r[0] + 300 * r[1] + 7 * r[2]);
    const fit = exactNnls(rows, y);
    expect(fit.coefficients[0]).toBeCloseTo(0.05, 9);
    expect(fit.coefficients[1]).toBeCloseTo(300, 5);
    expect(fit.coefficients[2]).toBeCloseTo(7, 5);
  });
});
