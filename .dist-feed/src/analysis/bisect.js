/**
 * Finds x in [lo, hi] where a monotone f(x) meets `target`, to a relative tolerance on x.
 * Used to fit one unknown to one published figure by re-running the simulation.
 */
export function bisect(f, target, lo, hi, relTol = 1e-3) {
    const increasing = f(hi) > f(lo);
    for (let i = 0; i < 60 && (hi - lo) / Math.abs(hi + lo) > relTol / 2; i++) {
        const mid = (lo + hi) / 2;
        if (f(mid) < target === increasing)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}
