import { parseDuration, type Nanos } from '../engine/index.js';

/** A k6-style duration string (`'30s'`, `'1m30s'`, `'500ms'`) or a number of nanoseconds. */
export type DurationInput = string | Nanos;

/** Converts a duration option to nanoseconds, naming the option when it is malformed. */
export function toNanos(value: DurationInput, option: string): Nanos {
  if (typeof value === 'string') {
    const ns = parseDuration(value);
    if (ns === undefined) throw new RangeError(`${option}: cannot parse duration "${value}"`);
    return ns;
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${option}: duration must be a finite number of ns ≥ 0, got ${value}`);
  }
  return Math.round(value);
}

/** An integer option (VU counts, iterations, rates) that is at least `min`. */
export function wholeNumber(value: number, option: string, min = 0): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${option}: expected an integer ≥ ${min}, got ${value}`);
  }
  return value;
}
