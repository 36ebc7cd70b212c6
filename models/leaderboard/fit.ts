/**
 * What the leaderboard fits, and to what. `capsim fit` has nothing to fit here: every result of the
 * write-up is withheld (published.json), so no cloud figure can be fitted to a published one and
 * the cloud speeds stay assumed. The local costs are fitted by `capsim calibrate leaderboard`
 * (calibration/leaderboard/calibrate.ts) to real runs; the one law it fits is Redis's cost per
 * command against the set's size, here.
 */
export interface LogLawPoint {
  /** Members in the set. */
  setSize: number;
  us: number;
}

export interface LogLaw {
  /** µs at a set of 2 members (log2 N = 1) less the slope: the part that does not grow. */
  baseUs: number;
  /** µs per doubling of the set. */
  perLog2Us: number;
}

/** Least squares of us = base + perLog2 · log2 N; a single size gives a flat law. */
export function fitLogLaw(points: readonly LogLawPoint[]): LogLaw {
  if (points.length === 0) throw new Error('fitLogLaw needs at least one point');
  const xs = points.map((p) => Math.log2(Math.max(2, p.setSize)));
  const ys = points.map((p) => p.us);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : Math.max(0, xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx);
  return { baseUs: my - slope * mx, perLog2Us: slope };
}
