/**
 * Waiting time of a single-server queue (one event loop, one core) from its utilisation, in the
 * exponential form of the M/G/1 waiting time: a newcomer waits with probability ρ (it finds the
 * server busy), and then for an exponential time whose mean R / (1 − ρ) makes the mean wait the
 * Pollaczek–Khinchine one, ρ·R / (1 − ρ), where R = E[S²] / (2·E[S]) is the mean residual of the
 * work in service. It is exact for M/M/1 (R = E[S]) and the usual heavy-traffic form otherwise.
 * Fluid models, which have no queueing below saturation, add it to each copy's path.
 */
export interface QueueWait {
  /** Share of time the server is busy, 0 ≤ ρ < 1 (clamped below 1). */
  rho: number;
  /** Mean residual work in service, seconds. */
  residualS: number;
}

/** Largest utilisation used: at ρ → 1 the wait is unbounded and the fluid backlog takes over. */
export const MAX_RHO = 0.99;

/** Wait (s) not exceeded by a share q of arrivals (0 ≤ q < 1). */
export function waitQuantileS(w: QueueWait, q: number): number {
  const rho = Math.min(MAX_RHO, Math.max(0, w.rho));
  if (rho <= 0 || w.residualS <= 0 || q <= 1 - rho) return 0;
  return (w.residualS / (1 - rho)) * Math.log(rho / (1 - q));
}

/** Mean wait (s): ρ·R / (1 − ρ). */
export function meanWaitS(w: QueueWait): number {
  const rho = Math.min(MAX_RHO, Math.max(0, w.rho));
  return (rho * Math.max(0, w.residualS)) / (1 - rho);
}

/**
 * The wait at `points` equally likely quantiles (i + ½) / points, for spreading a fluid step's
 * copies over a distribution with a handful of trend entries. Written into `out`.
 */
export function waitQuantiles(w: QueueWait, points: number, out: Float64Array): Float64Array {
  for (let i = 0; i < points; i++) out[i] = waitQuantileS(w, (i + 0.5) / points);
  return out;
}

/** A path's wait: the chance it waits anywhere, and its mean. */
export interface PathWait {
  busy: number;
  meanS: number;
}

/**
 * The wait along a path of independent queues, moment-matched to the same form: it waits unless
 * every queue is idle (busy = 1 − Π(1 − ρᵢ)), and its mean is the sum of the queues' means.
 */
export function pathWait(parts: readonly QueueWait[]): PathWait {
  let idle = 1;
  let meanS = 0;
  for (const w of parts) {
    idle *= 1 - Math.min(MAX_RHO, Math.max(0, w.rho));
    meanS += meanWaitS(w);
  }
  return { busy: 1 - idle, meanS };
}

/** Wait (s) not exceeded by a share q of the copies taking `path`. */
export function pathWaitQuantileS(path: PathWait, q: number): number {
  if (path.busy <= 0 || path.meanS <= 0 || q <= 1 - path.busy) return 0;
  return (path.meanS / path.busy) * Math.log(path.busy / (1 - q));
}

/**
 * Quantile bins a fluid step spreads its copies over: a weight and the quantile that stands for it.
 * Finer in the tail, and one bin centred on 0.95 so a trend's p95 reads the 0.95 quantile itself.
 */
export const WAIT_BINS: ReadonlyArray<{ q: number; weight: number }> = [
  { q: 0.25, weight: 0.5 },
  { q: 0.625, weight: 0.25 },
  { q: 0.815, weight: 0.13 },
  { q: 0.91, weight: 0.06 },
  { q: 0.95, weight: 0.02 },
  { q: 0.9725, weight: 0.025 },
  { q: 0.9925, weight: 0.015 },
];
