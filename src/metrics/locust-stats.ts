/**
 * Locust's StatsEntry (locust/stats.py) for one request name: response times in milliseconds are
 * kept in a dict keyed by their *rounded* value — whole ms below 100 ms, tens of ms below 1 s,
 * hundreds below 10 s, whole seconds above — and every percentile is read from that dict, so a
 * simulated column means what the same column of Locust's `--csv` output means.
 */
export class LocustStats {
  private readonly times = new Map<number, number>();
  private sumMs = 0;
  private least = Infinity;
  private most = 0;
  count = 0;
  failures = 0;

  /** Logs one request that took `ms`; a failure counts in both `count` and `failures`, as Locust logs it. */
  log(ms: number, failed = false): void {
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError(`response time must be a finite number ≥ 0 ms, got ${ms}`);
    this.count++;
    if (failed) this.failures++;
    this.sumMs += ms;
    if (ms < this.least) this.least = ms;
    if (ms > this.most) this.most = ms;
    const key = locustRound(ms);
    this.times.set(key, (this.times.get(key) ?? 0) + 1);
  }

  get avg(): number {
    return this.count === 0 ? 0 : this.sumMs / this.count;
  }
  get min(): number {
    return this.count === 0 ? 0 : this.least;
  }
  get max(): number {
    return this.most;
  }

  /**
   * Locust's median_response_time: median_from_dict over the rounded times, then clamped into
   * [min, max] (rounding can put it past the exact extremes when there are few requests).
   */
  get median(): number {
    if (this.count === 0) return 0;
    let pos = (this.count - 1) / 2;
    let median = 0;
    for (const k of this.sortedKeys()) {
      const n = this.times.get(k)!;
      if (pos < n) {
        median = k;
        break;
      }
      pos -= n;
    }
    return Math.min(Math.max(median, this.least), this.most);
  }

  /**
   * Locust's calculate_response_time_percentile: walking down from the slowest rounded time, the
   * first time at which at most ⌊count·p⌋ requests remain below it.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be in [0, 1], got ${p}`);
    const below = Math.floor(this.count * p);
    let processed = 0;
    for (const k of this.sortedKeys().reverse()) {
      processed += this.times.get(k)!;
      if (this.count - processed <= below) return k;
    }
    return 0;
  }

  private sortedKeys(): number[] {
    return [...this.times.keys()].sort((a, b) => a - b);
  }
}

/** Python's round(x, ndigits) for the values Locust passes it: half to even. */
function roundHalfEven(x: number, step: number): number {
  const q = x / step;
  const f = Math.floor(q);
  const d = q - f;
  const n = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  return n * step;
}

/** The key Locust files a response time under (StatsEntry._log_response_time). */
export function locustRound(ms: number): number {
  if (ms < 100) return roundHalfEven(ms, 1);
  if (ms < 1000) return roundHalfEven(ms, 10);
  if (ms < 10000) return roundHalfEven(ms, 100);
  return roundHalfEven(ms, 1000);
}

/** The percentile columns of Locust's `_stats.csv`, as fractions. */
export const LOCUST_PERCENTILES = [0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1] as const;
