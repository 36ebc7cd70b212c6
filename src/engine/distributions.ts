import type { Uniform } from './random.js';

/** Samplers over a uniform stream. Each returns a value in the caller's units. */
export type Sampler = () => number;

export const exponential = (u: Uniform, mean: number): Sampler => () => -mean * Math.log(1 - u());
