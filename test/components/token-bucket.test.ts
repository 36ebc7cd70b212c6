import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advanceBucket,
  drainAtBurst,
  levelAfter,
  maxSpendable,
  nsUntilEmpty,
  nsUntilFull,
  tokenBucket,
} from '../../src/components/index.js';
import { NS_PER_S } from '../../src/engine/index.js';

describe('token bucket arithmetic', () => {
  it('earns at rate, spends at the spend rate, clamps to [0, capacity]', () => {
    const b = tokenBucket(100, 1000, 500); // 100 tokens/s
    expect(levelAfter(b, 2 * NS_PER_S, 0)).toBe(700);
    expect(levelAfter(b, 10 * NS_PER_S, 0)).toBe(1000);
    expect(levelAfter(b, 1 * NS_PER_S, 300)).toBe(300);
    expect(levelAfter(b, 10 * NS_PER_S, 300)).toBe(0);
    expect(advanceBucket(b, NS_PER_S, 100).level).toBe(500);
    expect(tokenBucket(1, 10, 50).level).toBe(10);
    expect(() => tokenBucket(-1, 10)).toThrow(RangeError);
  });

  it('knows when it empties and fills', () => {
    const b = tokenBucket(100, 1000, 500);
    expect(nsUntilEmpty(b, 350)).toBe(2 * NS_PER_S);
    expect(nsUntilEmpty(b, 100)).toBe(Infinity);
    expect(nsUntilFull(b, 0)).toBe(5 * NS_PER_S);
    expect(nsUntilFull(b, 150)).toBe(Infinity);
    expect(maxSpendable(b, 3 * NS_PER_S)).toBe(800);
  });

  it('drainAtBurst sends at burst while credits last, then at the earn rate', () => {
    // Earn 1 bit/ns, burst 5 bit/ns, 4e9 bits: empty after 1 s having sent 5e9 bits.
    const b = tokenBucket(1e9, 8e9, 4e9);
    expect(drainAtBurst(b, 5e9, 5e9)).toEqual({ durationNs: 1e9, level: 0, cappedAmount: 0 });
    expect(drainAtBurst(b, 8e9, 5e9)).toEqual({ durationNs: 4e9, level: 0, cappedAmount: 3e9 });
    expect(drainAtBurst(b, 2.5e9, 5e9)).toEqual({ durationNs: 0.5e9, level: 2e9, cappedAmount: 0 });
    expect(drainAtBurst(tokenBucket(1e9, 8e9, 0), 1e9, 5e9)).toEqual({ durationNs: 1e9, level: 0, cappedAmount: 1e9 });
  });

  it('no send exceeds the envelope min(burst·t, rate·t + level) (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 1e10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1e11 }),
        (rate, burstFactor, capacity, fill, amount) => {
          const b = tokenBucket(rate, capacity, fill * capacity);
          const burst = rate * burstFactor;
          const out = drainAtBurst(b, amount, burst);
          const seconds = out.durationNs / NS_PER_S;
          const slack = 1e-9 * Math.max(1, amount);
          expect(amount).toBeLessThanOrEqual(burst * seconds + slack);
          expect(amount).toBeLessThanOrEqual(maxSpendable(b, out.durationNs) + slack);
          // Tokens are conserved: level_end = level + earned − spent.
          expect(Math.abs(out.level - Math.max(0, b.level + rate * seconds - amount))).toBeLessThanOrEqual(slack + 1e-9 * b.level);
          expect(out.level).toBeGreaterThanOrEqual(0);
          expect(out.cappedAmount).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('refuses a rate that is negative, NaN or infinite, and a negative capacity or level; a full bucket is full now', () => {
    expect(() => tokenBucket(Number.NaN, 10)).toThrow('bucket rate');
    expect(() => tokenBucket(Infinity, 10)).toThrow('bucket rate');
    expect(() => tokenBucket(1, -1)).toThrow('bucket capacity');
    expect(() => tokenBucket(1, 10, -1)).toThrow('bucket level');
    expect(tokenBucket(0, 0, 0)).toEqual({ rate: 0, capacity: 0, level: 0 });
    expect(tokenBucket(2, 10).level).toBe(10); // starts full unless told
    expect(nsUntilFull(tokenBucket(100, 1000), 500)).toBe(0);
    expect(nsUntilFull(tokenBucket(100, 1000, 500), 100)).toBe(Infinity);
    expect(nsUntilEmpty(tokenBucket(100, 1000, 0), 200)).toBe(0);
    expect(advanceBucket(tokenBucket(100, 1000, 500), NS_PER_S, 0)).toEqual({ rate: 100, capacity: 1000, level: 600 });
  });

  it('with no headroom above the earn rate a send takes amount / rate and leaves the credits alone', () => {
    const b = tokenBucket(2e9, 8e9, 3e9);
    expect(drainAtBurst(b, 4e9, 2e9)).toEqual({ durationNs: 2e9, level: 3e9, cappedAmount: 0 });
    expect(drainAtBurst(b, 4e9, 1e9)).toEqual({ durationNs: 2e9, level: 3e9, cappedAmount: 0 });
    // The result object passed in is the one filled.
    const out = { durationNs: -1, level: -1, cappedAmount: -1 };
    expect(drainAtBurst(b, 4e9, 2e9, out)).toBe(out);
  });
});
