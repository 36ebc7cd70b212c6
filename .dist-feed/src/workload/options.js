import { parseDuration } from '../engine/index.js';
/** Converts a duration option to nanoseconds, naming the option when it is malformed. */
export function toNanos(value, option) {
    if (typeof value === 'string') {
        const ns = parseDuration(value);
        if (ns === undefined)
            throw new RangeError(`${option}: cannot parse duration "${value}"`);
        return ns;
    }
    if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`${option}: duration must be a finite number of ns ≥ 0, got ${value}`);
    }
    return Math.round(value);
}
/** An integer option (VU counts, iterations, rates) that is at least `min`. */
export function wholeNumber(value, option, min = 0) {
    if (!Number.isSafeInteger(value) || value < min) {
        throw new RangeError(`${option}: expected an integer ≥ ${min}, got ${value}`);
    }
    return value;
}
