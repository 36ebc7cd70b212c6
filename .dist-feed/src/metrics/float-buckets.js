/**
 * HDR-style bucket geometry read straight from a double's bits. The high 32-bit word of a positive
 * double is sign (0), 11 exponent bits, then the top 20 mantissa bits; keeping the exponent and the
 * top SUB_BUCKET_BITS mantissa bits gives a power-of-two bucket split into equal linear sub-buckets,
 * exactly like HdrHistogram, with no Math.log2 rounding to correct. Because positive doubles order
 * like their bit patterns, the bucket index is monotone in the value.
 */
/** 2^7 = 128 linear sub-buckets per power of two. */
export const SUB_BUCKET_BITS = 7;
/**
 * Largest relative error of a bucket's representative (its midpoint) for any value in the bucket:
 * half a sub-bucket, 2^-(SUB_BUCKET_BITS+1) = 2^-8 ≈ 0.39%. Holds for every normal double
 * (≥ 2^-1022); below that the absolute error is under 2^-1030, which no latency can notice.
 */
export const TREND_RELATIVE_ERROR = 2 ** -(SUB_BUCKET_BITS + 1);
const SHIFT = 20 - SUB_BUCKET_BITS;
/** One past the last finite bucket: the exponent that encodes Infinity and NaN. */
export const BUCKET_LIMIT = 0x7ff << SUB_BUCKET_BITS;
// One shared scratch double: reading bits through it allocates nothing.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;
/** Bucket of a finite value ≥ 0. */
export function bucketOf(value) {
    scratch[0] = value;
    return words[HI] >>> SHIFT;
}
/** Smallest value in bucket `index`; Infinity for BUCKET_LIMIT, so it is also the last bucket's upper bound. */
export function bucketLowerBound(index) {
    words[HI] = index << SHIFT;
    words[LO] = 0;
    return scratch[0];
}
/** Midpoint of bucket `index`: setting the next mantissa bit below the sub-bucket bits adds half a sub-bucket. */
export function bucketMidpoint(index) {
    words[HI] = (index << SHIFT) | (1 << (SHIFT - 1));
    words[LO] = 0;
    return scratch[0];
}
