import { NS_PER_S, type Nanos } from '../engine/time.js';

export interface SeriesPoint {
  /** Start of the bucket, in seconds from the start of the run. */
  t: number;
  /** Amount that fell in [t, t + bucket width). */
  value: number;
}

/**
 * A quantity over time in fixed-width buckets (requests per second, bytes per second), keyed by
 * integer-nanosecond simulation time. Bucket k covers [k·width, (k+1)·width), so an event exactly
 * on a boundary counts in the later bucket, as a per-second wall-clock counter would.
 */
export class Series {
  private values = new Float64Array(16);
  private used = 0;

  constructor(readonly bucketNs: Nanos = NS_PER_S) {
    if (!(bucketNs > 0)) throw new RangeError(`bucket width must be > 0 ns, got ${bucketNs}`);
  }

  add(timeNs: Nanos, amount: number): void {
    this.addToBucket(this.bucketOf(timeNs), amount);
  }

  /**
   * Spreads `amount` uniformly over [t0Ns, t1Ns], each bucket taking the share of the interval it
   * overlaps: a transfer that streams across a second boundary shows up in both seconds. The last
   * bucket takes whatever the others did not, so the amounts always add up to `amount`.
   */
  addSpread(t0Ns: Nanos, t1Ns: Nanos, amount: number): void {
    if (t1Ns < t0Ns) [t0Ns, t1Ns] = [t1Ns, t0Ns];
    const first = this.bucketOf(t0Ns);
    if (t1Ns === t0Ns) return this.addToBucket(first, amount);
    const w = this.bucketNs;
    // Ceil − 1: an interval ending exactly on a boundary does not reach into the next bucket.
    const last = Math.max(first, Math.ceil(t1Ns / w) - 1);
    let placed = 0;
    for (let k = first; k < last; k++) {
      const part = (amount * (Math.min(t1Ns, (k + 1) * w) - Math.max(t0Ns, k * w))) / (t1Ns - t0Ns);
      this.addToBucket(k, part);
      placed += part;
    }
    this.addToBucket(last, amount - placed);
  }

  /** Sum over all buckets. */
  get total(): number {
    let sum = 0;
    for (let k = 0; k < this.used; k++) sum += this.values[k];
    return sum;
  }

  /**
   * Every bucket from time 0 to the last one touched, empty ones as 0, so a chart shows the gaps.
   * With `untilNs`, continues with zeros through the bucket containing the end of the run.
   */
  toArray(untilNs?: Nanos): SeriesPoint[] {
    const n = untilNs === undefined ? this.used : Math.max(this.used, Math.ceil(untilNs / this.bucketNs));
    const points: SeriesPoint[] = [];
    for (let k = 0; k < n; k++) points.push({ t: (k * this.bucketNs) / NS_PER_S, value: k < this.used ? this.values[k] : 0 });
    return points;
  }

  private bucketOf(timeNs: Nanos): number {
    if (!(timeNs >= 0 && timeNs < Infinity)) throw new RangeError(`series time must be finite and ≥ 0 ns, got ${timeNs}`);
    return Math.floor(timeNs / this.bucketNs);
  }

  private addToBucket(k: number, amount: number): void {
    if (k >= this.values.length) {
      const grown = new Float64Array(Math.max(k + 1, 2 * this.values.length));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[k] += amount;
    if (k >= this.used) this.used = k + 1;
  }

  /** One value per bucket for the first `buckets` buckets, divided by `scale` (e.g. ns → busy share). */
  perBucket(buckets: number, scale = 1): number[] {
    const out = new Array<number>(buckets).fill(0);
    for (let k = 0; k < Math.min(buckets, this.used); k++) out[k] = this.values[k] / scale;
    return out;
  }
}
