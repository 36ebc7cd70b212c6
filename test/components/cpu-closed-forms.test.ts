import { describe, expect, it } from 'vitest';
import { Cpu, type CpuDiscipline } from '../../src/components/index.js';
import { Simulation, exponential } from '../../src/engine/index.js';

const MEAN_SERVICE_NS = 1_000_000; // 1 ms: large next to the 1 ns rounding of event times

/** Poisson arrivals of exponential jobs at load `rho`; returns CPU stats and the response time seen outside. */
function mmc(seed: number, cores: number, discipline: CpuDiscipline, rho: number, customers: number) {
  const sim = new Simulation(seed);
  const interArrival = exponential(sim.stream('arrivals'), MEAN_SERVICE_NS / (rho * cores));
  const service = exponential(sim.stream('service'), MEAN_SERVICE_NS);
  const cpu = new Cpu(sim, { cores, discipline });
  let left = customers;
  let responseSum = 0;
  const arrive = (): void => {
    const t = sim.now;
    cpu.execute(service(), (now) => {
      responseSum += now - t;
    });
    if (--left > 0) sim.schedule(interArrival(), arrive);
  };
  sim.schedule(interArrival(), arrive);
  sim.run();
  return { stats: cpu.stats(), meanResponse: responseSum / customers };
}

/** Erlang C: probability an arrival waits in M/M/c with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const top = ((term * a) / c) * (c / (c - a));
  return top / (sum + top);
}

describe('Cpu against queueing closed forms (ρ = 0.8)', () => {
  it('M/M/1 FCFS mean waiting time is ρ/(μ − λ) within 3%', () => {
    const { stats, meanResponse } = mmc(1, 1, 'fcfs', 0.8, 2_000_000);
    const theoryWait = (0.8 / (1 - 0.8)) * MEAN_SERVICE_NS;
    expect(Math.abs(stats.meanQueueWaitNs / theoryWait - 1)).toBeLessThan(0.03);
    // Measured from outside the component too, so a wrong internal statistic cannot hide.
    expect(Math.abs(meanResponse / (theoryWait + MEAN_SERVICE_NS) - 1)).toBeLessThan(0.03);
    expect(stats.completed).toBe(2_000_000);
    expect(Math.abs(stats.utilisation - 0.8)).toBeLessThan(0.01);
    // Little: L_q = λ · W_q holds for the time-averaged queue the component integrates.
    expect(stats.meanQueueLength / ((0.8 / MEAN_SERVICE_NS) * stats.meanQueueWaitNs)).toBeCloseTo(1, 2);
  });

  it('M/M/4 FCFS mean waiting time matches Erlang C within 3%', () => {
    const c = 4;
    const a = 0.8 * c;
    const { stats } = mmc(2, c, 'fcfs', 0.8, 2_000_000);
    const theoryWait = (erlangC(c, a) / (c - a)) * MEAN_SERVICE_NS;
    expect(theoryWait / MEAN_SERVICE_NS).toBeCloseTo(0.7455, 3);
    expect(Math.abs(stats.meanQueueWaitNs / theoryWait - 1)).toBeLessThan(0.03);
    expect(Math.abs(stats.utilisation - 0.8)).toBeLessThan(0.01);
    expect(stats.maxQueueLength).toBeGreaterThan(10);
  });

  it('M/M/1 processor sharing mean response time is 1/(μ − λ) within 3%', () => {
    const { stats, meanResponse } = mmc(3, 1, 'ps', 0.8, 1_000_000);
    const theory = MEAN_SERVICE_NS / (1 - 0.8);
    expect(Math.abs(meanResponse / theory - 1)).toBeLessThan(0.03);
    expect(stats.meanResponseNs).toBeCloseTo(meanResponse, 6);
    expect(stats.meanQueueWaitNs).toBe(0);
  });

  it('same seed gives the same result, another seed a different one', () => {
    const a = JSON.stringify(mmc(7, 2, 'ps', 0.7, 20_000));
    const b = JSON.stringify(mmc(7, 2, 'ps', 0.7, 20_000));
    const c = JSON.stringify(mmc(8, 2, 'ps', 0.7, 20_000));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
