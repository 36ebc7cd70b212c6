import { lusolve, multiply, transpose } from 'mathjs';

export interface LeastSquaresFit {
  /** One coefficient per regressor; regressors forced out for going negative are 0. */
  coefficients: number[];
  residuals: number[];
  /** Root-mean-square residual. */
  rms: number;
}

/**
 * Non-negative least squares by a small active set: solve the normal equations with mathjs, drop
 * any regressor whose coefficient comes out negative (a cost cannot be negative), solve again.
 */
export function nonNegativeLeastSquares(rows: number[][], y: number[]): LeastSquaresFit {
  const k = rows[0].length;
  let active = Array.from({ length: k }, (_, j) => j);
  let beta = new Array<number>(k).fill(0);
  while (active.length > 0) {
    const X = rows.map((r) => active.map((j) => r[j]));
    const Xt = transpose(X) as number[][];
    const solution = lusolve(multiply(Xt, X) as number[][], multiply(Xt, y) as number[]) as number[][];
    const b = solution.map((row) => row[0]);
    const negative = b.findIndex((v) => v < 0);
    if (negative < 0) {
      beta = new Array<number>(k).fill(0);
      active.forEach((j, i) => (beta[j] = b[i]));
      break;
    }
    active = active.filter((_, i) => i !== negative);
  }
  const residuals = rows.map((r, i) => y[i] - r.reduce((acc, x, j) => acc + x * beta[j], 0));
  const rms = Math.sqrt(residuals.reduce((a, e) => a + e * e, 0) / residuals.length);
  return { coefficients: beta, residuals, rms };
}
