import { describe, expect, it } from 'vitest';
import { LogLocks } from '../../models/feed/log-locks.js';
import { Simulation } from '../../src/engine/simulation.js';
import { fitUsl, uslMaxThroughput, uslPeakConcurrency, uslThroughput, type Usl } from '../../models/feed/usl.js';

// The Universal Scalability Law X(n) = λn / (1 + σ(n − 1) + κn(n − 1)) as models/feed/usl.ts
// states it, with figures worked by hand.

const u: Usl = { lambda: 100, sigma: 0.1, kappa: 0.01 };

describe('feed: the Universal Scalability Law', () => {
  it('throughput by hand: one client is λ; ten share σ and pay κ', () => {
    expect(uslThroughput(u, 1)).toBe(100);
    // 1,000 / (1 + 0.9 + 0.9) = 357.14
    expect(uslThroughput(u, 10)).toBeCloseTo(1000 / 2.8, 9);
    // 2 clients: 200 / (1 + 0.1 + 0.02) = 178.57
    expect(uslThroughput(u, 2)).toBeCloseTo(200 / 1.12, 9);
    expect(uslThroughput(u, 0)).toBe(0);
    expect(uslThroughput(u, -3)).toBe(0);
    // Linear without contention or coherence.
    expect(uslThroughput({ lambda: 7, sigma: 0, kappa: 0 }, 50)).toBe(350);
  });

  it('the peak at n* = √((1 − σ)/κ), and none without κ', () => {
    expect(uslPeakConcurrency(u)).toBeCloseTo(Math.sqrt(90), 12);
    expect(uslPeakConcurrency({ lambda: 1, sigma: 0.5, kappa: 0 })).toBe(Infinity);
    // The peak is a maximum: its neighbours carry less.
    const peak = uslPeakConcurrency(u);
    expect(uslThroughput(u, peak)).toBeGreaterThan(uslThroughput(u, peak - 1));
    expect(uslThroughput(u, peak)).toBeGreaterThan(uslThroughput(u, peak + 1));
  });

  it('the most any concurrency gets: at the peak, at one client when the peak is below one, λ/σ without κ', () => {
    expect(uslMaxThroughput(u)).toBeCloseTo(uslThroughput(u, Math.sqrt(90)), 9);
    // σ 0.5, κ 1: n* = 0.707, so one client's λ.
    expect(uslMaxThroughput({ lambda: 40, sigma: 0.5, kappa: 1 })).toBe(40);
    expect(uslMaxThroughput({ lambda: 100, sigma: 0.2, kappa: 0 })).toBe(500);
    expect(uslMaxThroughput({ lambda: 100, sigma: 0, kappa: 0 })).toBe(Infinity);
  });

  it('fits σ alone (κ = 0) from exact points, and reports each point’s error and the rms', () => {
    const truth: Usl = { lambda: 50, sigma: 0.3, kappa: 0 };
    const points = [1, 2, 4, 8, 16, 32].map((n) => ({ n, perSecond: uslThroughput(truth, n) }));
    const fit = fitUsl(points);
    expect(fit.usl.lambda).toBeCloseTo(50, 3);
    expect(fit.usl.sigma).toBeCloseTo(0.3, 4);
    expect(fit.usl.kappa).toBeLessThan(1e-8);
    expect(fit.rmsPct).toBeLessThan(0.01);
    expect(fit.points.map((p) => p.n)).toEqual([1, 2, 4, 8, 16, 32]);
    for (const p of fit.points) {
      expect(p.errorPct).toBeCloseTo((100 * (p.fitted - p.measured)) / p.measured, 12);
      expect(p.fitted).toBeCloseTo(uslThroughput(fit.usl, p.n), 9);
    }
  });

  it('the rms is over the points’ relative errors; fewer than three points is refused', () => {
    // Flat measurements 100, 100, 100 at 1, 2, 4: a USL through them is λ 100 with σ near 1.
    const fit = fitUsl([{ n: 1, perSecond: 100 }, { n: 2, perSecond: 100 }, { n: 4, perSecond: 100 }]);
    const rms = Math.sqrt(fit.points.reduce((a, p) => a + p.errorPct ** 2, 0) / 3);
    expect(fit.rmsPct).toBeCloseTo(rms, 12);
    expect(fit.usl.sigma).toBeGreaterThan(0.99);
    expect(fit.usl.sigma).toBeLessThanOrEqual(0.999);
    expect(() => fitUsl([{ n: 1, perSecond: 1 }, { n: 2, perSecond: 2 }])).toThrow(/at least 3 points/);
  });

  // The grid search's edges (σ ∈ [0, 0.999], log10 κ ∈ [−9, 0] at the first level, each refined
  // around its best cell): a law on an edge of the first grid, or past it, is still found.
  const exact = (truth: Usl, ns: number[]) => ns.map((n) => ({ n, perSecond: uslThroughput(truth, n) }));

  it('σ on the grid’s top edge (0.999) is found exactly: the last σ of every level is tried', () => {
    const fit = fitUsl(exact({ lambda: 100, sigma: 0.999, kappa: 0 }, [1, 2, 4, 8, 16]));
    expect(fit.usl.sigma).toBeCloseTo(0.999, 9);
    expect(fit.usl.kappa).toBe(0);
    expect(fit.usl.lambda).toBeCloseTo(100, 6);
  });

  it('κ on the first grid’s top edge (1) is found: the last κ of every level is tried', () => {
    const fit = fitUsl(exact({ lambda: 100, sigma: 0.2, kappa: 1 }, [1, 2, 4, 8, 16]));
    expect(fit.usl.kappa).toBeCloseTo(1, 6);
    expect(fit.usl.sigma).toBeCloseTo(0.2, 5);
    expect(fit.usl.lambda).toBeCloseTo(100, 3);
  });

  it('κ below the first grid (3e-11, seen only at a million clients) is followed down: κ within 10 %, the fit within 3 % rms', () => {
    // At level 0, κ = 0 beats every κ ≥ 1e-9; the κ grid then moves down from its lower edge.
    const fit = fitUsl(exact({ lambda: 100, sigma: 0, kappa: 3e-11 }, [1, 10, 100, 1e3, 1e4, 1e5, 1e6]));
    expect(fit.usl.kappa / 3e-11).toBeGreaterThan(0.9);
    expect(fit.usl.kappa / 3e-11).toBeLessThan(1.1);
    expect(fit.rmsPct).toBeLessThan(3);
  });

  it('points that cannot tell σ and κ apart (all at one client) give the simplest law: σ = κ = 0, λ their geometric mean', () => {
    const fit = fitUsl([{ n: 1, perSecond: 100 }, { n: 1, perSecond: 400 }, { n: 1, perSecond: 250 }]);
    expect(fit.usl.sigma).toBe(0);
    expect(fit.usl.kappa).toBe(0);
    expect(fit.usl.lambda).toBeCloseTo(Math.cbrt(100 * 400 * 250), 9);
  });
});

describe("feed: the logging handler's lock, one per worker process", () => {
  it('held and waiting levels, FIFO per process, releases counted', () => {
    const sim = new Simulation(1);
    const locks = new LogLocks(sim, 2);
    expect(locks.processes).toBe(2);
    const order: string[] = [];
    locks.acquire(0, () => order.push('a'));
    locks.acquire(0, () => order.push('b'));
    locks.acquire(0, () => order.push('c'));
    locks.acquire(1, () => order.push('d'));
    // Process 0: a holds, b and c wait; process 1: d holds.
    expect([locks.held.level, locks.waiting.level]).toEqual([2, 2]);
    locks.release(0);
    expect([locks.held.level, locks.waiting.level, locks.released]).toEqual([2, 1, 1]);
    locks.release(0);
    locks.release(1);
    expect([locks.held.level, locks.waiting.level, locks.released]).toEqual([1, 0, 3]);
    // d took process 1's free lock at once; b and c followed a on process 0, in order.
    expect(order).toEqual(['a', 'd', 'b', 'c']);
  });
});
