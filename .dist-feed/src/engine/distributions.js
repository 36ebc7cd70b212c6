export const constant = (value) => () => value;
export const exponential = (u, mean) => () => -mean * Math.log(1 - u());
/** Uniform on [a, b), Locust's `between(a, b)`: a + random()·(b − a). */
export const uniform = (u, a, b) => () => a + u() * (b - a);
/** Normal by Box–Muller (one draw per call keeps streams aligned across runs). */
export const normal = (u, mean, sd) => () => mean + sd * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
/** Log-normal with the given median and shape σ: heavy right tail, never negative. */
export const lognormal = (u, median, sigma) => {
    const n = normal(u, 0, sigma);
    return () => median * Math.exp(n());
};
