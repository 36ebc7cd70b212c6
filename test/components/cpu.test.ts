import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cpu, CpuCredits, type CpuDiscipline } from '../../src/components/index.js';
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

  it('stats read mid-run integrate up to the instant asked, at the levels held since the last change', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 2, discipline: 'fcfs' });
    for (let i = 0; i < 3; i++) cpu.execute(100, () => {});
    const seen: unknown[] = [];
    sim.at(50, () => seen.push(cpu.stats()));
    sim.at(150, () => seen.push(cpu.stats()));
    sim.run();
    // At 50: both cores busy, one job waiting, none done.
    expect(seen[0]).toEqual({
      elapsedNs: 50, busyCoreNs: 100, utilisation: 1, meanQueueLength: 1, maxQueueLength: 1, meanInSystem: 3,
      completed: 0, inSystem: 3, meanResponseNs: 0, meanQueueWaitNs: 0, throttledNs: 0,
    });
    // At 150: the two first ended at 100 (response 100, wait 0); the third started then (waited 100).
    expect(seen[1]).toEqual({
      elapsedNs: 150, busyCoreNs: 250, utilisation: 250 / 300, meanQueueLength: 100 / 150, maxQueueLength: 1, meanInSystem: (300 + 50) / 150,
      completed: 2, inSystem: 1, meanResponseNs: 100, meanQueueWaitNs: 50, throttledNs: 0,
    });
    expect(cpu.stats(400)).toMatchObject({ elapsedNs: 400, busyCoreNs: 300, completed: 3, inSystem: 0, meanResponseNs: 400 / 3 });
    expect(cpu.queueLength).toBe(0);
  });

  it('a job of no demand completes at the instant it arrives, FCFS or PS, and an idle CPU reports nothing', () => {
    for (const discipline of ['fcfs', 'ps'] as const) expect(completions(1, discipline, [[5, 0], [7, 0]])).toEqual([5, 7]);
    const sim = new Simulation(1);
    const s = new Cpu(sim, { cores: 3, discipline: 'ps' }).stats();
    expect(s).toEqual({
      elapsedNs: 0, busyCoreNs: 0, utilisation: 0, meanQueueLength: 0, maxQueueLength: 0, meanInSystem: 0,
      completed: 0, inSystem: 0, meanResponseNs: 0, meanQueueWaitNs: 0, throttledNs: 0,
    });
  });

  it('FCFS starts waiting jobs in arrival order as cores free, and counts the longest queue', () => {
    // One core: B (arrived 1) before C (arrived 2), whatever their sizes.
    expect(completions(1, 'fcfs', [[0, 10], [1, 50], [2, 5]])).toEqual([10, 60, 65]);
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 1, discipline: 'fcfs' });
    for (let i = 0; i < 4; i++) cpu.execute(10, () => {});
    sim.at(15, () => cpu.execute(10, () => {}));
    sim.run();
    expect(cpu.stats().maxQueueLength).toBe(3);
    expect(cpu.stats().meanQueueWaitNs).toBe((0 + 10 + 20 + 30 + 25) / 5);
  });

  it('PS with a switch cost: the queue and system sizes are the runnable jobs beyond and within the cores', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 1, discipline: 'ps', switchCost: 0.5 });
    const done: number[] = [];
    for (let i = 0; i < 3; i++) cpu.execute(30, (t) => done.push(t));
    const mid: number[] = [];
    sim.at(60, () => mid.push(cpu.queueLength, cpu.inSystem));
    sim.run();
    // Rate each: 1/3 ÷ (1 + 0.5 · 2) = 1/6: 30 units take 180 ns for all three.
    expect(done).toEqual([180, 180, 180]);
    expect(mid).toEqual([2, 3]);
    expect(cpu.stats()).toMatchObject({ maxQueueLength: 2, meanQueueLength: 2, meanInSystem: 3, busyCoreNs: 180, meanQueueWaitNs: 0 });
  });

  it('rejects a speed that is not a positive number and a demand that is not a number', () => {
    const sim = new Simulation(1);
    expect(() => new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: Number.NaN })).toThrow('speed must be > 0, got NaN');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: -2 })).toThrow(RangeError);
    expect(() => new Cpu(sim, { cores: 1.5, discipline: 'fcfs' })).toThrow('cores must be a positive integer, got 1.5');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'ps', switchCost: Number.NaN })).toThrow('switchCost must be >= 0, got NaN');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'ps' }).execute(Number.NaN, () => {})).toThrow('demand must be >= 0, got NaN');
    // The smallest allowed: one core, a switch cost of 0 under FCFS (no sharing, nothing to pay).
    expect(completions(1, 'fcfs', [[0, 4]], 0.5, 0)).toEqual([8]);
  });

  it('a completion placed at the ceiling of a float-rounded finish fires there, not a nanosecond later', () => {
    // 23/3 ns of demand on a core of speed 1/9 needs exactly 69 ns; (1/9) · 69 rounds to just under 23/3.
    expect((1 / 9) * 69).toBeLessThan(23 / 3);
    for (const discipline of ['fcfs', 'ps'] as const) expect(completions(1, discipline, [[0, 23 / 3]], 1 / 9)).toEqual([69]);
  });

  it('the longest FCFS queue is kept when later queues are shorter; a CPU made mid-run counts from then', () => {
    const sim = new Simulation(1);
    let cpu: Cpu | undefined;
    sim.at(1_000, () => {
      cpu = new Cpu(sim, { cores: 1, discipline: 'fcfs' });
      for (let i = 0; i < 3; i++) cpu.execute(10, () => {}); // two wait
    });
    sim.at(2_000, () => [0, 1].forEach(() => cpu!.execute(10, () => {}))); // one waits
    sim.run();
    const s = cpu!.stats(3_000);
    expect(s.maxQueueLength).toBe(2);
    // 2,000 ns since it was made, 50 of them busy.
    expect(s.elapsedNs).toBe(2_000);
    expect(s.busyCoreNs).toBe(50);
    expect(s.utilisation).toBe(50 / 2_000);
    // Responses: 10, 20, 30 ns for the jobs made at 1,000 and 10, 20 for those at 2,000.
    expect(s.meanResponseNs).toBe(18);
    expect(s.meanQueueWaitNs).toBe((0 + 10 + 20 + 0 + 10) / 5);
  });

  it('throttled time read for a later instant includes the stretch still running at the baseline', () => {
    const sim = new Simulation(1);
    // A 2-vCPU burstable node with no credits: one busy core runs at the 0.4 vCPU baseline.
    const credits = new CpuCredits({ vcpus: 2, baselinePerVcpu: 0.2, creditsPerHour: 24, maxCredits: 576, initialCredits: 0 });
    const cpu = new Cpu(sim, { cores: 1, discipline: 'ps', credits });
    let doneAt = -1;
    cpu.execute(1e9, (t) => (doneAt = t));
    let mid: number | undefined;
    sim.at(1e9, () => (mid = cpu.stats(1.5e9).throttledNs));
    sim.run();
    expect(mid).toBe(1.5e9);
    expect(doneAt).toBe(2.5e9);
    expect(cpu.stats().throttledNs).toBe(2.5e9);
  });
});
