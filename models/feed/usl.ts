/**
 * The Universal Scalability Law (Gunther): throughput of n concurrent clients
 *   X(n) = λ n / (1 + σ (n − 1) + κ n (n − 1)).
 * σ is the serialised share (a log flush, a mutex every commit takes), κ the cost of keeping n
 * clients coherent (lock hand-offs, context switches): κ > 0 makes throughput peak at
 * n* = √((1 − σ) / κ) and fall beyond it, which is how "transactions queue inside the overloaded
 * database, so RPS falls" shows up in numbers.
 */
export interface Usl {
  /** Throughput of one client alone, per second. */
  lambda: number;
  sigma: number;
  kappa: number;
}

export interface UslPoint {
  n: number;
  perSecond: number;
}

export interface UslFit {
  usl: Usl;
  /** Per point: measured, fitted and the relative error of the fit. */
  points: Array<{ n: number; measured: number; fitted: number; errorPct: number }>;
  /** Root-mean-square relative error over the points. */
  rmsPct: number;
}

export function uslThroughput(u: Usl, n: number): number {
  if (n <= 0) return 0;
  return (u.lambda * n) / (1 + u.sigma * (n - 1) + u.kappa * n * (n - 1));
}

/** Concurrency at which throughput peaks (Infinity when κ = 0). */
export function uslPeakConcurrency(u: Usl): number {
  return u.kappa > 0 ? Math.sqrt((1 - u.sigma) / u.kappa) : Infinity;
}

/** The most throughput any concurrency gets (at the peak, or the σ asymptote λ/σ when κ = 0). */
export function uslMaxThroughput(u: Usl): number {
  const peak = uslPeakConcurrency(u);
  if (peak !== Infinity) return uslThroughput(u, Math.max(1, peak));
  return u.sigma > 0 ? u.lambda / u.sigma : Infinity;
}

/** For given σ, κ the best λ in log space is closed-form: the mean log ratio. */
function bestLambda(points: readonly UslPoint[], sigma: number, kappa: number): { lambda: number; sse: number } {
  const shape = points.map((p) => Math.log(p.n / (1 + sigma * (p.n - 1) + kappa * p.n * (p.n - 1))));
  const logs = points.map((p) => Math.log(p.perSecond));
  const logLambda = logs.reduce((a, y, i) => a + y - shape[i], 0) / points.length;
  const sse = logs.reduce((a, y, i) => a + (y - logLambda - shape[i]) ** 2, 0);
  return { lambda: Math.exp(logLambda), sse };
}

/**
 * Least squares on log throughput (relative errors, so the many-client points weigh as much as
 * the one-client point). λ is solved exactly for each (σ, κ); σ ∈ [0, 1) and κ ≥ 0 are searched on
 * a grid and refined by shrinking the grid around the best cell: deterministic, no start values.
 */
export function fitUsl(points: readonly UslPoint[]): UslFit {
  if (points.length < 3) throw new RangeError('a USL fit needs at least 3 points');
  let sLo = 0;
  let sHi = 0.999;
  let kLo = -9; // log10 κ; κ = 0 is tried separately at every level
  let kHi = 0;
  let best = { sigma: 0, kappa: 0, ...bestLambda(points, 0, 0) };
  for (let level = 0; level < 8; level++) {
    const steps = 40;
    for (let i = 0; i <= steps; i++) {
      const sigma = sLo + ((sHi - sLo) * i) / steps;
      for (let j = -1; j <= steps; j++) {
        const kappa = j < 0 ? 0 : 10 ** (kLo + ((kHi - kLo) * j) / steps);
        const r = bestLambda(points, sigma, kappa);
        if (r.sse < best.sse) best = { sigma, kappa, ...r };
      }
    }
    const sSpan = (sHi - sLo) / 8;
    sLo = Math.max(0, best.sigma - sSpan);
    sHi = Math.min(0.999, best.sigma + sSpan);
    const kMid = best.kappa > 0 ? Math.log10(best.kappa) : kLo;
    const kSpan = (kHi - kLo) / 8;
    kLo = kMid - kSpan;
    kHi = kMid + kSpan;
  }
  const usl: Usl = { lambda: best.lambda, sigma: best.sigma, kappa: best.kappa };
  const rows = points.map((p) => {
    const fitted = uslThroughput(usl, p.n);
    return { n: p.n, measured: p.perSecond, fitted, errorPct: (100 * (fitted - p.perSecond)) / p.perSecond };
  });
  const rmsPct = Math.sqrt(rows.reduce((a, r) => a + r.errorPct ** 2, 0) / rows.length);
  return { usl, points: rows, rmsPct };
}
