import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDuration, fromMicros, fromMillis, fromSeconds, parseDuration, toMillis, toSeconds } from '../../src/engine/index.js';

describe('time units', () => {
  it('converts to and from whole nanoseconds', () => {
    expect(fromSeconds(1.5)).toBe(1_500_000_000);
    expect(fromMillis(2.5)).toBe(2_500_000);
    expect(fromMicros(3.25)).toBe(3_250);
    expect(fromMicros(0.0004)).toBe(0); // rounded to a whole ns
    expect(toSeconds(2_500_000_000)).toBe(2.5);
    expect(toMillis(1_250_000)).toBe(1.25);
  });

  it('round-trips whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (ms) => {
        expect(toMillis(fromMillis(ms))).toBe(ms);
      }),
    );
  });
});

describe('parseDuration', () => {
  it.each([
    ['250ns', 250],
    ['7us', 7_000],
    ['7µs', 7_000],
    ['12ms', 12_000_000],
    ['2m', 120e9],
    ['1h', 3600e9],
    ['1h2m3s', 3723e9],
    ['10s', 10e9],
    ['0.25s', 0.25e9],
    ['  2s  ', 2e9],
  ])('%j is %d ns', (text, ns) => expect(parseDuration(text)).toBe(ns));

  it.each(['s', '.5s', '1.s', '1..5s', ' ', '2 s', '1sx'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('formatDuration (as k6 prints it)', () => {
  it.each([
    [0, '0µs'],
    [1_500, '1.5µs'],
    [999_999, '1000µs'],
    [1_000_000, '1ms'],
    [850_000_000, '850ms'],
    [1_000_000_000, '1s'],
    [12_345_000_000, '12.35s'],
    [59_990_000_000, '59.99s'],
    [60_000_000_000, '1m0s'],
    [69_500_000_000, '1m9.5s'],
    [3_725_000_000_000, '62m5s'],
  ])('%d ns → %s', (ns, text) => expect(formatDuration(ns)).toBe(text));
});
