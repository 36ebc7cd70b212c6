import { lusolve } from 'mathjs';

export interface NnlsFit {
  /** One coefficient per column, each ≥ 0. */
  coefficients: number[];
  residuals: number[];
  /** Root-mean-square residual. */
  rms: number;
}

/** Least squares restricted to the columns in `cols` (normal equations on unit-norm columns). */
function solveOn(rows: readonly number[][], y: readonly number[], cols: readonly number[], norm: readonly number[]): number[] {
  const k = cols.length;
  const g = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const b = new Array<number>(k).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let a = 0; a < k; a++) {
      const xa = r[cols[a]] / norm[cols[a]];
      b[a] += xa * y[i];
      for (let c = a; c < k; c++) g[a][c] += xa * (r[cols[c]] / norm[cols[c]]);
    }
  }
  for (let a = 0; a < k; a++) for (let c = 0; c < a; c++) g[a][c] = g[c][a];
  try {
    const z = lusolve(g, b) as number[][];
    return z.map((row, a) => row[0] / norm[cols[a]]);
  } catch {
    return cols.map(() => NaN); // singular: the columns are dependent
  }
}

/**
 * Non-negative least squares, exact: Lawson and Hanson's active-set algorithm (Solving Least
 * Squares Problems, 1974, ch. 23), as scipy.optimize.nnls. Unlike dropping whichever coefficient
 * comes out negative and never revisiting it (calibration/least-squares.ts), it moves a column
 * back in whenever the residual's gradient says adding it lowers the squared error, so it ends at
 * the minimum over all coefficients ≥ 0 (the Kuhn–Tucker conditions hold). Columns are scaled to
 * unit norm for the solves, so costs of very different sizes (a share of a core beside µs per
 * message) are fitted alike.
 */
export function lawsonHanson(rows: readonly number[][], y: readonly number[], maxIterations = 30 * (rows[0]?.length ?? 1)): NnlsFit {
  const n = rows[0]?.length ?? 0;
  const norm = Array.from({ length: n }, (_, j) => Math.sqrt(rows.reduce((a, r) => a + r[j] * r[j], 0)) || 1);
  const x = new Array<number>(n).fill(0);
  const passive = new Array<boolean>(n).fill(false);
  // A gradient below this is rounding: the residual is only known to ~ε‖y‖ (columns have unit norm).
  const yNorm = Math.sqrt(y.reduce((a, v) => a + v * v, 0));
  const tol = 10 * Number.EPSILON * yNorm * Math.max(rows.length, n);
  const residual = (): number[] => rows.map((r, i) => y[i] - r.reduce((a, v, j) => a + v * x[j], 0));
  // Gradient of −½‖y − Ax‖² per unit-norm column: positive where raising that coefficient helps.
  const gradient = (res: readonly number[]): number[] => Array.from({ length: n }, (_, j) => rows.reduce((a, r, i) => a + (r[j] / norm[j]) * res[i], 0));
  // A column whose entry leaves the solve singular (dependent on those in) is passed over until x moves.
  const blocked = new Array<boolean>(n).fill(false);
  let iterations = 0;
  for (;;) {
    const w = gradient(residual());
    let enter = -1;
    for (let j = 0; j < n; j++) if (!passive[j] && !blocked[j] && w[j] > tol && (enter < 0 || w[j] > w[enter])) enter = j;
    if (enter < 0 || iterations >= maxIterations) break;
    passive[enter] = true;
    for (;;) {
      iterations++;
      const cols = passive.flatMap((p, j) => (p ? [j] : []));
      const z = solveOn(rows, y, cols, norm);
      if (!z.every(Number.isFinite)) {
        passive[enter] = false;
        blocked[enter] = true;
        break;
      }
      blocked.fill(false);
      if (z.every((v) => v > 0)) {
        cols.forEach((j, a) => (x[j] = z[a]));
        break;
      }
      // Step from x towards z until the first coefficient reaches zero; it (and any other at zero) leaves.
      let alpha = Infinity;
      let leaving = -1;
      cols.forEach((j, a) => {
        if (z[a] > 0) return;
        const step = x[j] > z[a] ? x[j] / (x[j] - z[a]) : 0;
        if (step < alpha) (alpha = step), (leaving = j);
      });
      cols.forEach((j, a) => (x[j] += alpha * (z[a] - x[j])));
      x[leaving] = 0;
      for (const j of cols) if (x[j] <= 0) (x[j] = 0), (passive[j] = false);
      if (iterations >= maxIterations) break;
    }
  }
  const residuals = residual();
  const rms = Math.sqrt(residuals.reduce((a, e) => a + e * e, 0) / Math.max(1, residuals.length));
  return { coefficients: x.slice(), residuals, rms };
}
