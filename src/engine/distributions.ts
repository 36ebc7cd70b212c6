import type { Uniform } from './random.js';

/** Samplers over a uniform stream. Each returns a value in the caller's units. */
export type Sampler = () => number;

export const constant = (value: number): Sampler => () => value;

export const exponential = (u: Uniform, mean: number): Sampler => () => -mean * Math.log(1 - u());

/** Uniform on [a, b), Locust's `between(a, b)`: a + random()·(b − a). */
export const uniform = (u: Uniform, a: number, b: number): Sampler => () => a + u() * (b - a);

/** Normal by Box–Muller (one draw per call keeps streams aligned across runs). */
export const normal = (u: Uniform, mean: number, sd: number): Sampler => () =>
  mean + sd * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

/** Log-normal with the given median and shape σ: heavy right tail, never negative. */
export const lognormal = (u: Uniform, median: number, sigma: number): Sampler => {
  const n = normal(u, 0, sigma);
  return () => median * Math.exp(n());
};
