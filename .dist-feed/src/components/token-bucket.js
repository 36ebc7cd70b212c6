import { NS_PER_S } from '../engine/time.js';
export function tokenBucket(rate, capacity, level = capacity) {
    if (!(rate >= 0) || !Number.isFinite(rate))
        throw new RangeError(`bucket rate must be finite and >= 0, got ${rate}`);
    if (!(capacity >= 0))
        throw new RangeError(`bucket capacity must be >= 0, got ${capacity}`);
    if (!(level >= 0))
        throw new RangeError(`bucket level must be >= 0, got ${level}`);
    return { rate, capacity, level: Math.min(level, capacity) };
}
/** Net tokens per ns while spending `spendPerSec`: positive fills, negative drains. */
export function netPerNs(bucket, spendPerSec) {
    return (bucket.rate - spendPerSec) / NS_PER_S;
}
/** Level after `dtNs` of spending at a constant `spendPerSec`, clamped to [0, capacity]. */
export function levelAfter(bucket, dtNs, spendPerSec) {
    const level = bucket.level + netPerNs(bucket, spendPerSec) * dtNs;
    return level <= 0 ? 0 : level >= bucket.capacity ? bucket.capacity : level;
}
/** The bucket after `dtNs` of spending at `spendPerSec`. */
export function advanceBucket(bucket, dtNs, spendPerSec) {
    return { rate: bucket.rate, capacity: bucket.capacity, level: levelAfter(bucket, dtNs, spendPerSec) };
}
/**
 * Exact (fractional) ns until the bucket runs dry at `spendPerSec`; Infinity when the spend does not
 * exceed the earn rate, 0 when it is already empty and draining.
 */
export function nsUntilEmpty(bucket, spendPerSec) {
    const net = netPerNs(bucket, spendPerSec);
    if (net >= 0)
        return Infinity;
    return bucket.level / -net;
}
/** Exact (fractional) ns until the bucket is full at `spendPerSec`; Infinity if it never fills. */
export function nsUntilFull(bucket, spendPerSec) {
    const net = netPerNs(bucket, spendPerSec);
    if (bucket.level >= bucket.capacity)
        return 0;
    if (net <= 0)
        return Infinity;
    return (bucket.capacity - bucket.level) / net;
}
/**
 * The token-bucket envelope: the most tokens that can leave in any window of `dtNs` starting now,
 * rate·t + level. With level = capacity this is the classic rate·t + burst bound.
 */
export function maxSpendable(bucket, dtNs) {
    return bucket.level + (bucket.rate * dtNs) / NS_PER_S;
}
/**
 * How long sending `amount` tokens' worth takes at `burstPerSec` while the bucket lasts and at the
 * earn rate once it is empty (the "up to" shape of AWS network bandwidth). A caller on a hot path
 * passes `out` to reuse one result object instead of allocating one per call.
 */
export function drainAtBurst(bucket, amount, burstPerSec, out = { durationNs: 0, level: 0, cappedAmount: 0 }) {
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
