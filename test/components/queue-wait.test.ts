import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WAIT_BINS, meanWaitS, pathWait, pathWaitQuantileS, waitQuantileS } from '../../src/components/queue-wait.js';

describe('M/G/1 wait in exponential form', () => {
  it('is the M/M/1 waiting time when R is the mean service time', () => {
    // M/M/1, ρ = 0.5, E[S] = 10 ms: P(W > t) = ρ·e^{−(1−ρ)t/E[S]}, mean ρE[S]/(1−ρ) = 10 ms.
    const w = { rho: 0.5, residualS: 0.01 };
    expect(meanWaitS(w)).toBeCloseTo(0.01, 12);
    expect(waitQuantileS(w, 0.5)).toBe(0); // half the arrivals find the server idle
    expect(waitQuantileS(w, 0.95)).toBeCloseTo(0.02 * Math.log(0.5 / 0.05), 12);
  });

  it('never waits at ρ = 0 and waits longer at every quantile as ρ rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.98, noNaN: true }), fc.double({ min: 0.001, max: 0.02, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), (rho, dRho, q) => {
        const r = 0.005;
        expect(waitQuantileS({ rho: 0, residualS: r }, q)).toBe(0);
        expect(waitQuantileS({ rho: rho + dRho, residualS: r }, q)).toBeGreaterThanOrEqual(waitQuantileS({ rho, residualS: r }, q));
      }),
    );
  });

  it('a path of queues keeps the sum of their means and waits unless all are idle', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ rho: fc.double({ min: 0, max: 0.95, noNaN: true }), residualS: fc.double({ min: 0, max: 0.1, noNaN: true }) }), { minLength: 1, maxLength: 4 }), (parts) => {
        const p = pathWait(parts);
        expect(p.meanS).toBeCloseTo(parts.reduce((a, w) => a + meanWaitS(w), 0), 12);
        expect(p.busy).toBeGreaterThanOrEqual(Math.max(...parts.map((w) => w.rho)) - 1e-12);
        expect(p.busy).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the bins weigh to one and their mean wait approaches the path mean', () => {
    expect(WAIT_BINS.reduce((a, b) => a + b.weight, 0)).toBeCloseTo(1, 12);
    const path = pathWait([{ rho: 0.6, residualS: 0.01 }]);
    const binned = WAIT_BINS.reduce((a, b) => a + b.weight * pathWaitQuantileS(path, b.q), 0);
    // Seven bins under-weigh the far tail, so the binned mean is lower, but within a third.
    expect(binned).toBeLessThanOrEqual(path.meanS);
    expect(binned).toBeGreaterThan(0.66 * path.meanS);
  });
});
