import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cpu, type CpuDiscipline } from '../../src/components/index.js';
import { Simulation } from '../../src/engine/index.js';

/** Submits jobs (arrival, demand) and returns each job's completion time, in submission order. */
function completions(cores: number, discipline: CpuDiscipline, jobs: [number, number][], speed = 1, switchCost = 0): number[] {
  const sim = new Simulation(1);
  const cpu = new Cpu(sim, { cores, discipline, speed, switchCost });
  const done: number[] = new Array(jobs.length).fill(NaN);
  jobs.forEach(([at, demand], i) => sim.at(at, () => cpu.execute(demand, (now) => (done[i] = now))));
  sim.run();
  return done;
}

describe('Cpu', () => {
  it('FCFS serves one FIFO queue with c servers', () => {
    // Two cores; the third job waits for the first free core (t = 10), the fourth for t = 20.
    expect(completions(2, 'fcfs', [[0, 10], [0, 20], [0, 5], [1, 100]])).toEqual([10, 20, 15, 115]);
  });

  it('PS shares one core equally and reschedules on every arrival and departure', () => {
    // Both at half speed until A ends at 20 (10 work each); B then runs alone: 10 left → 30.
    expect(completions(1, 'ps', [[0, 10], [0, 20]])).toEqual([20, 30]);
    // A alone 0–4 (4 done), shares with B: A needs 6 more at rate 1/2 → 16; B has 6 done, 4 left → 20.
    expect(completions(1, 'ps', [[0, 10], [4, 10]])).toEqual([16, 20]);
  });

  it('PS with c cores gives each job min(1, c/n) of a core', () => {
    // 3 jobs on 2 cores each run at 2/3: after 45 ns each has 30 of work, so the two 30s finish;
    // the 60 then runs alone at full speed for its last 30 → 75.
    expect(completions(2, 'ps', [[0, 30], [0, 30], [0, 60]])).toEqual([45, 45, 75]);
    // Fewer jobs than cores: no sharing at all.
    expect(completions(4, 'ps', [[0, 30], [0, 60]])).toEqual([30, 60]);
  });

  it('speed divides service demand', () => {
    expect(completions(1, 'fcfs', [[0, 100], [0, 100]], 4)).toEqual([25, 50]);
    expect(completions(1, 'ps', [[0, 100], [0, 100]], 2)).toEqual([100, 100]);
  });

  it('a switch cost slows every job by its share per runnable job beyond the cores', () => {
    // 3 jobs on 1 core with cost 0.25: rate 1/3 ÷ 1.5 = 2/9 each until the 20s end (t = 90); then
    // the 40 has 20 left alone (no switching) → 110.
    expect(completions(1, 'ps', [[0, 20], [0, 20], [0, 40]], 1, 0.25)).toEqual([90, 90, 110]);
    // No more jobs than cores: nothing to switch, nothing lost.
    expect(completions(2, 'ps', [[0, 30], [0, 60]], 1, 0.5)).toEqual([30, 60]);
    expect(() => completions(1, 'fcfs', [[0, 1]], 1, 0.1)).toThrow(/processor sharing/);
  });

  it('rounding event times to whole ns never accumulates into lost capacity', () => {
    const jobs: [number, number][] = Array.from({ length: 1000 }, () => [0, 1.5]);
    expect(completions(1, 'fcfs', jobs).at(-1)).toBe(1500);
    expect(completions(1, 'ps', jobs).at(-1)).toBe(1500);
    expect(completions(3, 'fcfs', jobs).at(-1)).toBe(501); // one core gets 334 of the 1000 jobs
  });

  it('integrates utilisation and queue length over time', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 2, discipline: 'fcfs' });
    for (let i = 0; i < 3; i++) cpu.execute(100, () => {});
    sim.run(400);
    const s = cpu.stats(400);
    // Core-time: 2 cores busy 0–100, one 100–200 → 300 of 800.
    expect(s.busyCoreNs).toBe(300);
    expect(s.utilisation).toBeCloseTo(300 / 800, 12);
    expect(s.meanQueueLength).toBeCloseTo(100 / 400, 12);
    expect(s.maxQueueLength).toBe(1);
    expect(s.completed).toBe(3);
    expect(s.meanResponseNs).toBeCloseTo((100 + 100 + 200) / 3, 12);
    expect(s.meanQueueWaitNs).toBeCloseTo(100 / 3, 12);
  });

  it('under PS counts the jobs beyond the cores as the queue', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 2, discipline: 'ps' });
    for (let i = 0; i < 5; i++) cpu.execute(60, () => {});
    sim.run();
    const s = cpu.stats();
    // Five jobs share two cores at 2/5 each and all finish together at 150 ns: 3 beyond the cores.
    expect(sim.now).toBe(150);
    expect(s.maxQueueLength).toBe(3);
    expect(s.meanQueueLength).toBeCloseTo(3, 12);
    expect(s.meanInSystem).toBeCloseTo(5, 12);
    expect(s.utilisation).toBeCloseTo(1, 12);
  });

  it('a job submitted from a completion callback starts at once', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 1, discipline: 'ps' });
    const times: number[] = [];
    let left = 3;
    const loop = (now: number): void => {
      times.push(now);
      if (--left > 0) cpu.execute(left === 1 ? 0 : 7, loop);
    };
    cpu.execute(7, loop);
    sim.run();
    expect(times).toEqual([7, 14, 14]);
  });

  it.each(['fcfs', 'ps'] as const)('%s: work is conserved and no job finishes before its demand', (discipline) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 500 })), { minLength: 1, maxLength: 60 }),
        (cores, jobs) => {
          const sim = new Simulation(1);
          const cpu = new Cpu(sim, { cores, discipline });
          const done: number[] = [];
          jobs.forEach(([at, demand], i) => sim.at(at, () => cpu.execute(demand, (now) => (done[i] = now))));
          sim.run();
          const s = cpu.stats();
          expect(s.completed).toBe(jobs.length);
          expect(s.inSystem).toBe(0);
          jobs.forEach(([at, demand], i) => expect(done[i]).toBeGreaterThanOrEqual(at + demand));
          // Busy core-time equals total demand up to 1 ns of rounding per job.
          const total = jobs.reduce((sum, [, d]) => sum + d, 0);
          expect(Math.abs(s.busyCoreNs - total)).toBeLessThanOrEqual(jobs.length);
          // Work-conserving: the last job ends no later than if all work ran on one core after the last arrival.
          const lastArrival = Math.max(...jobs.map(([at]) => at));
          expect(Math.max(...done)).toBeLessThanOrEqual(lastArrival + total + jobs.length);
        },
      ),
    );
  });
});
