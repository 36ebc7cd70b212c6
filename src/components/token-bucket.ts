import { NS_PER_S, type Nanos } from '../engine/time.js';

/**
 * Credit-bucket arithmetic shared by the NIC ("up to" bandwidth) and burstable CPU credits.
 *
 * A bucket earns `rate` tokens per second and holds at most `capacity`. Over an interval with a
 * constant spend rate the level moves linearly at (rate − spend), clamped to [0, capacity], so every
 * question a component asks (level later, when empty, when full) has a closed form. Components keep
 * one event per state change instead of ticking the bucket; these functions are pure so the same
 * arithmetic can be tested on its own and reused by analysis code without a simulation.
 */
export interface TokenBucket {
  /** Tokens earned per second (the baseline). */
  readonly rate: number;
  /** Most tokens the bucket holds. */
  readonly capacity: number;
  /** Tokens held now. */
  readonly level: number;
}

export function tokenBucket(rate: number, capacity: number, level: number = capacity): TokenBucket {
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new RangeError(`bucket rate must be finite and >= 0, got ${rate}`);
  if (!(capacity >= 0)) throw new RangeError(`bucket capacity must be >= 0, got ${capacity}`);
  if (!(level >= 0)) throw new RangeError(`bucket level must be >= 0, got ${level}`);
  return { rate, capacity, level: Math.min(level, capacity) };
}

/** Net tokens per ns while spending `spendPerSec`: positive fills, negative drains. */
export function netPerNs(bucket: TokenBucket, spendPerSec: number): number {
  return (bucket.rate - spendPerSec) / NS_PER_S;
}

/** Level after `dtNs` of spending at a constant `spendPerSec`, clamped to [0, capacity]. */
export function levelAfter(bucket: TokenBucket, dtNs: Nanos, spendPerSec: number): number {
  const level = bucket.level + netPerNs(bucket, spendPerSec) * dtNs;
  return level <= 0 ? 0 : level >= bucket.capacity ? bucket.capacity : level;
}

/** The bucket after `dtNs` of spending at `spendPerSec`. */
export function advanceBucket(bucket: TokenBucket, dtNs: Nanos, spendPerSec: number): TokenBucket {
  return { rate: bucket.rate, capacity: bucket.capacity, level: levelAfter(bucket, dtNs, spendPerSec) };
}

/**
 * Exact (fractional) ns until the bucket runs dry at `spendPerSec`; Infinity when the spend does not
 * exceed the earn rate, 0 when it is already empty and draining.
 */
export function nsUntilEmpty(bucket: TokenBucket, spendPerSec: number): number {
  const net = netPerNs(bucket, spendPerSec);
  if (net >= 0) return Infinity;
  return bucket.level / -net;
}

/** Exact (fractional) ns until the bucket is full at `spendPerSec`; Infinity if it never fills. */
export function nsUntilFull(bucket: TokenBucket, spendPerSec: number): number {
  const net = netPerNs(bucket, spendPerSec);
  if (bucket.level >= bucket.capacity) return 0;
  if (net <= 0) return Infinity;
  return (bucket.capacity - bucket.level) / net;
}

/**
 * The token-bucket envelope: the most tokens that can leave in any window of `dtNs` starting now,
 * rate·t + level. With level = capacity this is the classic rate·t + burst bound.
 */
export function maxSpendable(bucket: TokenBucket, dtNs: Nanos): number {
  return bucket.level + (bucket.rate * dtNs) / NS_PER_S;
}

export interface BurstDrain {
  durationNs: number;
  /** Level when the amount has gone out. */
  level: number;
  /** The part of the amount that went out at the capped (earn) rate. */
  cappedAmount: number;
}

/**
 * How long sending `amount` tokens' worth takes at `burstPerSec` while the bucket lasts and at the
 * earn rate once it is empty (the "up to" shape of AWS network bandwidth). A caller on a hot path
 * passes `out` to reuse one result object instead of allocating one per call.
 */
export function drainAtBurst(
  bucket: TokenBucket,
  amount: number,
  burstPerSec: number,
  out: BurstDrain = { durationNs: 0, level: 0, cappedAmount: 0 },
): BurstDrain {
  const burstPerNs = burstPerSec / NS_PER_S;
  const ratePerNs = bucket.rate / NS_PER_S;
  if (burstPerSec <= bucket.rate) {
    // No headroom above the baseline: credits neither help nor drain, nothing is ever capped.
    out.durationNs = amount / ratePerNs;
    out.level = bucket.level;
    out.cappedAmount = 0;
    return out;
  }
  const untilEmpty = nsUntilEmpty(bucket, burstPerSec);
  const atBurst = burstPerNs * untilEmpty;
  if (amount <= atBurst) {
    out.durationNs = amount / burstPerNs;
    out.level = Math.max(0, bucket.level + (ratePerNs - burstPerNs) * out.durationNs);
    out.cappedAmount = 0;
    return out;
  }
  out.cappedAmount = amount - atBurst;
  out.durationNs = untilEmpty + out.cappedAmount / ratePerNs;
  out.level = 0;
  return out;
}
