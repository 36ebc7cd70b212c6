import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/simulation.js';
import { Cpu } from '../../src/components/cpu.js';
import { SerialProcess } from '../../src/components/serial-process.js';

const MS = 1_000_000;

describe('SerialProcess: one single-threaded process on shared cores', () => {
  it('runs its callbacks one at a time, in order, never on more than one core', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 4, discipline: 'ps' });
    const p = new SerialProcess(sim, cpu, 1);
    const ends: Array<[number, number]> = [];
    for (let i = 0; i < 3; i++) p.post(10 * MS, (now) => ends.push([i, now]));
    sim.run();
    expect(ends).toEqual([[0, 10 * MS], [1, 20 * MS], [2, 30 * MS]]);
    expect(p.cpuTimeNs).toBe(30 * MS);
  });

  it('two processes on two cores run side by side; three share them', () => {
    const finish = (processes: number, cores: number): number => {
      const sim = new Simulation(1);
      const cpu = new Cpu(sim, { cores, discipline: 'ps' });
      let last = 0;
      for (let k = 0; k < processes; k++) new SerialProcess(sim, cpu, 1).post(30 * MS, (now) => (last = Math.max(last, now)));
      sim.run();
      return last;
    };
    expect(finish(2, 2)).toBe(30 * MS);
    expect(finish(3, 2)).toBe(45 * MS);
  });

  it('gives every callback exactly its demand ÷ speed of CPU, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 40 }), fc.constantFrom(0.5, 1, 2), (jobs, speed) => {
        const sim = new Simulation(1);
        const cpu = new Cpu(sim, { cores: 2, discipline: 'ps', speed });
        const p = new SerialProcess(sim, cpu, speed);
        let done = 0;
        for (const [at, ms] of jobs) sim.schedule(at * MS, () => p.post(ms * MS, () => done++));
        sim.run();
        const demand = jobs.reduce((t, [, ms]) => t + ms * MS, 0);
        expect(done).toBe(jobs.length);
        expect(p.cpuTimeNs).toBeCloseTo(demand / speed, 0);
        expect(cpu.stats().busyCoreNs).toBeCloseTo(demand / speed, -1);
      }),
      { numRuns: 50 },
    );
  });
  it('a sleeping process waits before it runs again, and what becomes ready meanwhile runs in the same wake-up', () => {
    const sim = new Simulation(1);
    const cpu = new Cpu(sim, { cores: 1, discipline: 'ps' });
    const p = new SerialProcess(sim, cpu, 1);
    p.wakeWait = () => 5 * MS;
    p.wakeCpuNs = 1 * MS;
    const ends: number[] = [];
    p.post(10 * MS, (now) => ends.push(now));
    sim.schedule(2 * MS, () => p.post(10 * MS, (now) => ends.push(now)));
    sim.schedule(100 * MS, () => p.post(10 * MS, (now) => ends.push(now)));
    sim.run();
    // wake (5) + wake CPU (1) + 10, then 10 more in the same wake-up; then a second wake-up at 100.
    expect(ends).toEqual([16 * MS, 26 * MS, 116 * MS]);
    expect([p.wakeUps, p.wakeWaitNs, p.cpuTimeNs]).toEqual([2, 10 * MS, 32 * MS]);
  });

  it('wake-up waits never use CPU: the CPU given is the demands plus one wake-up cost per wake-up', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 8 }), (jobs, wait) => {
        const sim = new Simulation(1);
        const cpu = new Cpu(sim, { cores: 1, discipline: 'ps' });
        const p = new SerialProcess(sim, cpu, 1);
        p.wakeWait = () => wait * MS;
        p.wakeCpuNs = MS / 2;
        for (const [at, ms] of jobs) sim.schedule(at * MS, () => p.post(ms * MS, () => {}));
        sim.run();
        const demand = jobs.reduce((t, [, ms]) => t + ms * MS, 0);
        expect(p.cpuTimeNs).toBeCloseTo(demand + p.wakeUps * (MS / 2), -1);
        expect(p.wakeWaitNs).toBe(p.wakeUps * wait * MS);
        expect(p.wakeUps).toBeGreaterThanOrEqual(1);
        expect(p.wakeUps).toBeLessThanOrEqual(jobs.length);
      }),
    );
  });
});
