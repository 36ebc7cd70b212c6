import { lusolve, multiply, transpose, add, diag } from 'mathjs';

export interface LevenbergMarquardtResult {
  x: number[];
  residuals: number[];
  iterations: number;
}

/** The squared residual a fit minimises. */
export const norm2 = (r: number[]): number => r.reduce((a, e) => a + e * e, 0);

/**
 * Levenberg–Marquardt on a residual function that only a simulation can evaluate: the Jacobian
 * comes from forward differences of `relStep`, steps that do not lower the squared residual are
 * retried with more damping. Parameters are kept positive (they are costs).
 */
export function levenbergMarquardt(residual: (x: number[]) => number[], x0: number[], maxIterations = 8, relStep = 0.03): LevenbergMarquardtResult {
  let x = [...x0];
  let r = residual(x);
  let lambda = 1e-2;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const J = r.map(() => new Array<number>(x.length).fill(0));
    x.forEach((xj, j) => {
      const h = Math.max(Math.abs(xj) * relStep, 1e-6);
      const rj = residual(x.map((v, k) => (k === j ? v + h : v)));
      rj.forEach((v, i) => (J[i][j] = (v - r[i]) / h));
    });
    const Jt = transpose(J) as number[][];
    const JtJ = multiply(Jt, J) as number[][];
    const g = multiply(Jt, r) as number[];
    let improved = false;
    for (let tries = 0; tries < 6 && !improved; tries++) {
      const A = add(JtJ, multiply(lambda, diag(diag(JtJ) as unknown as number[]))) as number[][];
      const step = (lusolve(A, g) as number[][]).map((row) => -row[0]);
      const candidate = x.map((v, j) => Math.max(v * 0.05, v + step[j]));
      const rc = residual(candidate);
      if (norm2(rc) < norm2(r)) {
        x = candidate;
        r = rc;
        lambda /= 3;
        improved = true;
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return { x, residuals: r, iterations };
}

/** "1 step", "10 steps": how many steps a fit took, as logs and provenance say it. */
export const stepsText = (n: number): string => `${n} step${n === 1 ? '' : 's'}`;
