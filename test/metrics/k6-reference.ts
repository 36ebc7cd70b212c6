/** k6's TrendSink.P on a full sample array: the exact answer the histogram approximates. */
export function exactPercentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = p * (sorted.length - 1);
  const j = sorted[Math.floor(i)];
  const k = sorted[Math.ceil(i)];
  return j + (k - j) * (i - Math.floor(i));
}

/** Tolerance for the stated error bound: relative to the exact answer, plus float rounding. */
export function withinRelative(approx: number, exact: number, relative: number): boolean {
  return Math.abs(approx - exact) <= relative * exact * (1 + 1e-9) + 1e-300;
}

/** The percentiles k6 users read, plus the ends where the trend must be exact. */
export const PROBES = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];
