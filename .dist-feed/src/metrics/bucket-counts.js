import { BUCKET_LIMIT } from './float-buckets.js';
/** Buckets added on each side of the first value, so nearby values rarely force a regrow. */
const INITIAL_SLACK = 256;
/**
 * Sample counts per bucket over the contiguous range of buckets seen so far. Memory follows the
 * spread of the values (1 KiB per power of two between the smallest and largest positive value),
 * not their number. The range grows by at least doubling, so recording is amortised O(1) and
 * allocates only when a value lands outside every range seen before.
 */
export class BucketCounts {
    counts = new Float64Array(0);
    /** Bucket index held at counts[0]. */
    base = 0;
    record(index, n) {
        let i = index - this.base;
        if (i < 0 || i >= this.counts.length)
            i = this.grow(index);
        this.counts[i] += n;
    }
    /** Bucket holding the sample of 0-based `rank` in ascending order; -1 when rank is past the end. */
    bucketAtRank(rank) {
        const counts = this.counts;
        let seen = 0;
        for (let i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (rank < seen)
                return this.base + i;
        }
        return -1;
    }
    forEachNonEmpty(visit) {
        const counts = this.counts;
        for (let i = 0; i < counts.length; i++)
            if (counts[i] !== 0)
                visit(this.base + i, counts[i]);
    }
    grow(index) {
        const oldLength = this.counts.length;
        const end = this.base + oldLength;
        let lo;
        let hi;
        if (oldLength === 0) {
            lo = index - INITIAL_SLACK;
            hi = index + INITIAL_SLACK;
        }
        else {
            lo = index < this.base ? Math.min(index, this.base - oldLength) : this.base;
            hi = index >= end ? Math.max(index + 1, end + oldLength) : end;
        }
        lo = Math.max(0, lo);
        hi = Math.min(BUCKET_LIMIT, hi);
        const counts = new Float64Array(hi - lo);
        if (oldLength > 0)
            counts.set(this.counts, this.base - lo);
        this.counts = counts;
        this.base = lo;
        return index - lo;
    }
}
