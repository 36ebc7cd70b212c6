/** Student's t distribution, enough of it for confidence intervals: CDF and quantile. */
/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15). */
function logGamma(x) {
    const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    if (x < 0.5)
        return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    x -= 1;
    let a = c[0];
    const t = x + 7.5;
    for (let i = 1; i < 9; i++)
        a += c[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a, b, x) {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((a + b) * x) / (a + 1);
    if (Math.abs(d) < tiny)
        d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 300; m++) {
        const m2 = 2 * m;
        let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d;
        c = 1 + aa / c;
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        c = Math.abs(c) < tiny ? tiny : c;
        h *= d * c;
        aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d;
        c = 1 + aa / c;
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        c = Math.abs(c) < tiny ? tiny : c;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < 1e-15)
            break;
    }
    return h;
}
/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x, a, b) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}
/** P(T ≤ t) for T ~ Student t with df degrees of freedom. */
export function studentTCdf(t, df) {
    const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
}
/** The t with P(T ≤ t) = p, by bisection on the CDF (monotone, so 200 halvings pin it to the last bit). */
export function studentTQuantile(p, df) {
    if (!(p > 0 && p < 1))
        throw new RangeError(`p must be in (0, 1), got ${p}`);
    if (!(df > 0))
        throw new RangeError(`df must be > 0, got ${df}`);
    if (p < 0.5)
        return -studentTQuantile(1 - p, df);
    let lo = 0;
    let hi = 1;
    while (studentTCdf(hi, df) < p)
        hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
        const mid = (lo + hi) / 2;
        if (studentTCdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}
export function meanWithInterval(samples, confidence) {
    const n = samples.length;
    if (n === 0)
        throw new RangeError('no samples');
    const mean = samples.reduce((a, b) => a + b, 0) / n;
    if (n < 2)
        return { mean, lo: null, hi: null };
    const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
    const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
    return { mean, lo: mean - half, hi: mean + half };
}
