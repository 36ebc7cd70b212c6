import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { ContentionServer } from '../../src/components/contention-server.js';

// A million customers: left out of `npm run mutate` (scripts/mutation-folders.mjs), where an
// instrumented run of it takes over a minute per mutant.
describe('ContentionServer against a queueing closed form', () => {
  // One run's mean response wanders: at ρ = 0.7 over 100,000 customers its standard deviation is
  // about 2% (seed 7 sits at −2.9%), so a single run at ±5% hides a 4% error. Ten independent seeds
  // give a standard error near 0.6%; the mean must lie within t(0.995, 9 df) = 3.25 standard
  // errors of the closed form, and the standard error must be small enough for that to be sharp.
  it('matches M/M/1 processor sharing: mean response = (1/μ) / (1 − ρ), within 3.25 standard errors over 10 seeds', () => {
    const mean = 1000; // ns of work at rate 1
    const rho = 0.7;
    const replication = (seed: number): number => {
      const sim = new Simulation(seed);
      const u = sim.stream('arrivals');
      const v = sim.stream('demands');
      const server = new ContentionServer(sim, { throughput: () => 1 });
      let sum = 0;
      let n = 0;
      let t = 0;
      for (let i = 0; i < 100_000; i++) {
        t += (-Math.log(1 - u()) * mean) / rho;
        const demand = -mean * Math.log(1 - v());
        sim.at(Math.round(t), (start) => server.submit(demand, (end) => ((sum += end - start), n++)));
      }
      sim.run();
      expect(n).toBe(100_000);
      return sum / n / (mean / (1 - rho));
    };
    const ratios = Array.from({ length: 10 }, (_, i) => replication(i + 1));
    const avg = ratios.reduce((a, b) => a + b) / ratios.length;
    const sd = Math.sqrt(ratios.reduce((a, r) => a + (r - avg) ** 2, 0) / (ratios.length - 1));
    const standardError = sd / Math.sqrt(ratios.length);
    expect(standardError).toBeLessThan(0.01);
    expect(Math.abs(avg - 1)).toBeLessThan(3.25 * standardError);
  }, 60_000);
});
