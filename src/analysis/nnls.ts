import { fcnnls } from 'ml-fcnnls';

export interface NnlsFit {
  /** One coefficient per column, each ≥ 0. */
  coefficients: number[];
  residuals: number[];
  /** Root-mean-square residual. */
  rms: number;
}

/**
 * Non-negative least squares, exact: the minimum of ‖y − Ax‖ over every x ≥ 0, by mljs's
 * ml-fcnnls (the fast combinatorial active-set method of Van Benthem and Keenan, 2004, which ends
 * where Lawson and Hanson's does). Unlike dropping whichever coefficient comes out negative and
 * never revisiting it (calibration/least-squares.ts), a column dropped early can come back. Columns
 * are scaled to unit norm for the solve, so costs of very different sizes (a share of a core beside
 * µs per message) are fitted alike.
 */
export function exactNnls(rows: readonly number[][], y: readonly number[]): NnlsFit {
  const n = rows[0]?.length ?? 0;
  const norm = Array.from({ length: n }, (_, j) => Math.sqrt(rows.reduce((a, r) => a + r[j] * r[j], 0)) || 1);
  const scaled = rows.map((r) => r.map((v, j) => v / norm[j]));
  const k = fcnnls(scaled, y.map((v) => [v]), { maxIterations: 30 * Math.max(1, n) }).K.to1DArray();
  const coefficients = k.map((v, j) => Math.max(0, v) / norm[j]);
  const residuals = rows.map((r, i) => y[i] - r.reduce((a, v, j) => a + v * coefficients[j], 0));
  const rms = Math.sqrt(residuals.reduce((a, e) => a + e * e, 0) / Math.max(1, residuals.length));
  return { coefficients, residuals, rms };
}
