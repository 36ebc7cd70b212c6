import { describe, expect, it } from 'vitest';
import { between, constantWait, emptyStats, toNanos, wholeNumber } from '../../src/workload/index.js';

describe('executor options', () => {
  it('a duration is a k6 string or whole ns, and a bad one names its option', () => {
    expect(toNanos('1m30s', 'duration')).toBe(90e9);
    expect(toNanos(1500.4, 'duration')).toBe(1500);
    expect(toNanos(0, 'gracefulStop')).toBe(0);
    expect(() => toNanos('10x', 'gracefulStop')).toThrow('gracefulStop: cannot parse duration "10x"');
    expect(() => toNanos(-1, 'duration')).toThrow('duration: duration must be a finite number of ns ≥ 0, got -1');
    expect(() => toNanos(Infinity, 'duration')).toThrow(RangeError);
    expect(() => toNanos(Number.NaN, 'duration')).toThrow(RangeError);
  });

  it('a count is a safe integer at least its minimum', () => {
    expect(wholeNumber(0, 'vus')).toBe(0);
    expect(wholeNumber(3, 'vus', 3)).toBe(3);
    expect(() => wholeNumber(2, 'vus', 3)).toThrow('vus: expected an integer ≥ 3, got 2');
    expect(() => wholeNumber(-1, 'iterations')).toThrow('iterations: expected an integer ≥ 0, got -1');
    expect(() => wholeNumber(1.5, 'rate')).toThrow(RangeError);
    expect(() => wholeNumber(2 ** 53, 'rate')).toThrow(RangeError);
  });

  it('wait times refuse negative, reversed or infinite bounds', () => {
    expect(() => between(-1, 1)).toThrow('between(-1, 1): need 0 ≤ a ≤ b');
    expect(() => between(0, Infinity)).toThrow(RangeError);
    expect(() => between(Number.NaN, 1)).toThrow(RangeError);
    expect(between(0, 0)(() => 0.7)).toBe(0);
    expect(() => constantWait(-1)).toThrow('constantWait(-1): need seconds ≥ 0');
    expect(() => constantWait(Infinity)).toThrow(RangeError);
    expect(constantWait(0)(() => 0.3)).toBe(0);
  });

  it('stats start empty', () => {
    expect(emptyStats('constant-vus', 'default')).toEqual({
      kind: 'constant-vus', name: 'default', started: 0, completed: 0, interrupted: 0, dropped: 0, vus: 0, vusMax: 0, vusSeries: [],
      startedAt: undefined, finishedAt: undefined, duration: undefined,
    });
  });
});
