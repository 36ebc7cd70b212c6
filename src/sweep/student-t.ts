import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * Student's t quantile, from stdlib (issue 22: a maintained library instead of a hand-written
 * incomplete-beta bisection). stdlib agrees with published tables to the last printed digit;
 * jstat's studentt.inv was off by up to 3.7e-8 relative (t(0.95, 1000)), so stdlib it is.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`df must be > 0, got ${df}`);
  return tQuantile(p, df);
}

/** Mean and the two-sided confidence interval of the mean; lo/hi are null with fewer than two samples. */
export interface Estimate {
  mean: number;
  lo: number | null;
  hi: number | null;
}

export function meanWithInterval(samples: readonly number[], confidence: number): Estimate {
  const n = samples.length;
  if (n === 0) throw new RangeError('no samples');
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: null, hi: null };
  const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, lo: mean - half, hi: mean + half };
}
