import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coreShare, shareForRunQueueWait } from '../../src/machine/core-share.js';

describe('a process’s share of a core other sessions want (src/machine/core-share.ts)', () => {
  it('coreShare is busy over busy plus waiting, in (0, 1], and 1 without a wait', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (busy, wait) => {
        const s = coreShare(busy, wait);
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThanOrEqual(1);
        if (wait > 0) expect(s).toBeCloseTo(busy / (busy + wait), 12);
        else expect(s).toBe(1);
      }),
    );
  });

  it('finds the share at which a falling simulated wait meets the measured one, within the bisection’s width', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.25, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), (truth, busy) => {
        // A saturated process busy `busy` of the run at the share it gets waits busy × (1/share − 1).
        const wait = (share: number): number => busy * (1 / share - 1);
        const found = shareForRunQueueWait(wait(truth), wait, { floor: 0.2, steps: 12 });
        expect(Math.abs(found - truth)).toBeLessThanOrEqual(0.8 / 2 ** 12 + 1e-3);
      }),
    );
  });

  it('keeps the whole core when the simulation on it already waits as long as the run did (its waits were wake-ups)', () => {
    const calls: number[] = [];
    const found = shareForRunQueueWait(0.2, (share) => (calls.push(share), 0.3 + (1 - share)));
    expect(found).toBe(1);
    expect(calls).toEqual([1]);
    expect(shareForRunQueueWait(0, () => 0)).toBe(1);
  });

  it('stops at the floor when even the floor waits less than the run did', () => {
    expect(shareForRunQueueWait(10, (share) => 1 - share, { floor: 0.2, steps: 8 })).toBe(0.2);
  });
});
