import { parseDuration, type Nanos } from '../engine/time.js';

/** Bad input from the user: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function positiveInt(flag: string, value: unknown, max = 1_000_000): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')}, got ${show(value)}`);
  return n;
}

/** A positive duration; `limit` (e.g. `{ max: '1h', why: '…' }`) bounds it with the reason in the message. */
export function duration(flag: string, value: unknown, limit?: { min?: string; max?: string; why: string }): Nanos {
  const ns = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ns === undefined || ns <= 0) throw new UsageError(`--${flag} must be a duration such as 500ms, 1s or 1m30s, got ${show(value)}`);
  if (limit?.min !== undefined && ns < parseDuration(limit.min)!) throw new UsageError(`--${flag} must be at least ${limit.min} (${limit.why}), got ${show(value)}`);
  if (limit?.max !== undefined && ns > parseDuration(limit.max)!) throw new UsageError(`--${flag} must be at most ${limit.max} (${limit.why}), got ${show(value)}`);
  return ns;
}

export function oneOf<T extends string>(flag: string, value: unknown, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got ${show(value)}`);
}

export function seed(value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--seed must be a whole number ≥ 0, got ${show(value)}`);
  return n;
}
