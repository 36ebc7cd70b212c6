import { BucketCounts } from './bucket-counts.js';
import { bucketLowerBound, bucketMidpoint, bucketOf } from './float-buckets.js';
import { K6_TREND_STATS, trendStat } from './trend-stats.js';
/**
 * k6's Trend with bounded memory: samples go into HDR-style buckets (see float-buckets.ts) instead
 * of an array, so a run with millions of requests costs kilobytes (1 KiB per power of two the
 * positive values span; at most 2 MiB even from 5e-324 to 1e308). count, sum, min and max are
 * kept exactly; percentiles are within TREND_RELATIVE_ERROR of k6's value for the same samples.
 * Values are non-negative numbers in the caller's unit (milliseconds for k6 time metrics).
 */
export class Trend {
    buckets = new BucketCounts();
    /** Zeros are kept apart: in the bucket space they would sit ~1000 powers of two below the rest. */
    zeros = 0;
    total = 0;
    // Neumaier-compensated sum: millions of small latencies would otherwise lose the avg's last digits.
    sumHigh = 0;
    sumLow = 0;
    least = Infinity;
    most = -Infinity;
    get count() {
        return this.total;
    }
    get sum() {
        return this.sumHigh + this.sumLow;
    }
    get avg() {
        return this.total === 0 ? 0 : this.sum / this.total;
    }
    get min() {
        return this.total === 0 ? 0 : this.least;
    }
    get max() {
        return this.total === 0 ? 0 : this.most;
    }
    /** Records `weight` identical samples of `value`. O(1); allocates only when the value range widens. */
    add(value, weight = 1) {
        checkValue(value);
        checkCount(weight);
        if (weight === 0)
            return;
        if (value === 0)
            this.zeros += weight;
        else
            this.buckets.record(bucketOf(value), weight);
        this.account(weight, value * weight, value, value);
    }
    /**
     * Records `count` samples evenly spaced over [lo, hi], endpoints included, like numpy's
     * linspace: sample i is min(hi, lo + i·(hi − lo)/(count − 1)), and the last is exactly hi
     * (count 1 gives just lo; the min only matters when a subnormal step rounds up). That is how
     * arithmetic places deliveries: the first at lo, the last at hi. Cost is proportional to the
     * buckets the range spans, not to count, so a 10^7-receiver fan-out is cheap. The sum added is
     * the arithmetic series count·(lo + hi)/2, not a float sum of the samples.
     */
    addUniform(lo, hi, count) {
        checkValue(lo);
        checkValue(hi);
        checkCount(count);
        if (hi < lo)
            [lo, hi] = [hi, lo];
        if (count <= 1 || lo === hi)
            return this.add(lo, count);
        this.add(hi);
        const step = (hi - lo) / (count - 1);
        const last = count - 1;
        // Walk bucket by bucket. Sample values are monotone in i, so each bucket holds a run of i.
        for (let i = 0; i < last;) {
            const x = Math.min(hi, lo + i * step);
            const index = x === 0 ? -1 : bucketOf(x);
            const upper = x === 0 ? Number.MIN_VALUE : bucketLowerBound(index + 1);
            // First i at or past `upper`: estimate, then correct the estimate's rounding against the
            // very formula a one-by-one caller would use, so both land in identical buckets.
            let j = Math.min(last, Math.max(i + 1, Math.ceil((upper - lo) / step)));
            while (j < last && Math.min(hi, lo + j * step) < upper)
                j++;
            while (j > i + 1 && Math.min(hi, lo + (j - 1) * step) >= upper)
                j--;
            if (index < 0)
                this.zeros += j - i;
            else
                this.buckets.record(index, j - i);
            i = j;
        }
        this.account(last, (last * (lo + hi - step)) / 2, lo, hi);
    }
    /** Adds every sample of `other` to this trend, as if each had been added here. */
    merge(other) {
        const { total, zeros, sumHigh, sumLow, least, most } = other; // read first: other may be this
        if (total === 0)
            return;
        other.buckets.forEachNonEmpty((index, n) => this.buckets.record(index, n));
        this.zeros += zeros;
        this.account(total, sumHigh, least, most);
        this.account(0, sumLow, least, most);
    }
    /**
     * k6's percentile for a fraction p in [0, 1]: linear interpolation at index p·(n − 1) of the
     * sorted samples, each sample read as its bucket midpoint clamped to [min, max], except the
     * first and last, which are min and max exactly. Clamping only moves a midpoint toward the true
     * value, so the result stays within TREND_RELATIVE_ERROR of k6's exact answer. Empty: 0.
     */
    percentile(p) {
        if (!(p >= 0 && p <= 1))
            throw new RangeError(`percentile must be in [0, 1], got ${p}`);
        if (this.total === 0)
            return 0;
        const position = p * (this.total - 1);
        const below = Math.floor(position);
        const fraction = position - below;
        const a = this.sampleAtRank(below);
        return fraction === 0 ? a : a + (this.sampleAtRank(below + 1) - a) * fraction;
    }
    /** k6 `--summary-export` shape for the given `--summary-trend-stats` names. */
    summary(stats = K6_TREND_STATS) {
        const out = {};
        for (const stat of stats)
            out[stat] = trendStat(this, stat);
        return out;
    }
    sampleAtRank(rank) {
        if (rank <= 0)
            return this.least;
        if (rank >= this.total - 1)
            return this.most;
        if (rank < this.zeros)
            return 0;
        const mid = bucketMidpoint(this.buckets.bucketAtRank(rank - this.zeros));
        return Math.min(this.most, Math.max(this.least, mid));
    }
    account(n, sum, least, most) {
        this.total += n;
        const t = this.sumHigh + sum;
        this.sumLow += Math.abs(this.sumHigh) >= Math.abs(sum) ? this.sumHigh - t + sum : sum - t + this.sumHigh;
        this.sumHigh = t;
        if (least < this.least)
            this.least = least;
        if (most > this.most)
            this.most = most;
    }
}
function checkValue(value) {
    if (!(value >= 0 && value < Infinity))
        throw new RangeError(`trend value must be finite and ≥ 0, got ${value}`);
}
function checkCount(n) {
    if (!(Number.isSafeInteger(n) && n >= 0))
        throw new RangeError(`sample count must be a whole number ≥ 0, got ${n}`);
}
