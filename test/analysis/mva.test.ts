import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactMva } from '../../src/analysis/mva.js';

describe('exact MVA', () => {
  it('one customer cycles in the sum of the demands; many approach the bottleneck’s 1/D', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (d1, d2, z) => {
        const r = exactMva([{ kind: 'queue', demand: d1 }, { kind: 'queue', demand: d2 }, { kind: 'delay', demand: z }], 400);
        expect(r.throughput[0]).toBeCloseTo(1 / (d1 + d2 + z), 9);
        expect(r.throughput[399]).toBeLessThanOrEqual(1 / Math.max(d1, d2) + 1e-12);
        for (let n = 1; n < 400; n++) expect(r.throughput[n]).toBeGreaterThanOrEqual(r.throughput[n - 1] - 1e-12);
        expect(r.queueLengths.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 6);
      }),
    );
  });

  it('a single queue with a delay is the machine-repairman model: two customers in closed form', () => {
    // N = 2, D at the queue, Z at the delay: X = 2 / (Z + D(1 + X1·D)), X1 = 1/(D + Z).
    const D = 2;
    const Z = 3;
    const x1 = 1 / (D + Z);
    expect(exactMva([{ kind: 'queue', demand: D }, { kind: 'delay', demand: Z }], 2).throughput[1]).toBeCloseTo(2 / (Z + D * (1 + x1 * D)), 12);
  });
});
