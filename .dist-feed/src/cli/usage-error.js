import { parseDuration } from '../engine/time.js';
/** Bad input from the user: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
    name = 'UsageError';
}
const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
export function positiveInt(flag, value, max = 1_000_000) {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > max)
        throw new UsageError(`--${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')}, got ${show(value)}`);
    return n;
}
export function duration(flag, value) {
    const ns = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ns === undefined || ns <= 0)
        throw new UsageError(`--${flag} must be a duration such as 500ms, 1s or 1m30s, got ${show(value)}`);
    return ns;
}
export function oneOf(flag, value, choices) {
    if (typeof value === 'string' && choices.includes(value))
        return value;
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got ${show(value)}`);
}
export function seed(value) {
    const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
    if (!Number.isSafeInteger(n) || n < 0)
        throw new UsageError(`--seed must be a whole number ≥ 0, got ${show(value)}`);
    return n;
}
