import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/simulation.js';
import { Cpu } from '../../src/components/cpu.js';
import { FirstImport } from '../../models/feed/first-import.js';

const MS = 1_000_000;

/** Requests of `processes` arriving at `at` (ns) on one core; when each passed the import. */
function passTimes(costNs: number, arrivals: { at: number; process: number }[]): { passed: number[]; imported: number } {
  const sim = new Simulation(1);
  const cpu = new Cpu(sim, { cores: 1, discipline: 'ps', speed: 1 });
  const gate = new FirstImport(costNs);
  const passed: number[] = arrivals.map(() => NaN);
  arrivals.forEach((a, i) => sim.schedule(a.at, () => gate.pass(`0:${a.process}`, (ns, then) => cpu.execute(ns, then), () => (passed[i] = sim.now))));
  sim.run();
  return { passed, imported: gate.imported };
}

describe('feed: the first Celery import of each worker process', () => {
  it('makes the first request of a process compute it and the others of that process wait for it', () => {
    const { passed, imported } = passTimes(100 * MS, [
      { at: 0, process: 0 },
      { at: 10 * MS, process: 0 },
      { at: 200 * MS, process: 0 },
    ]);
    expect(passed).toEqual([100 * MS, 100 * MS, 200 * MS]);
    expect(imported).toBe(1);
  });
  it('charges it once per process, the processes sharing the core', () => {
    // Two processes import at once on one core: each takes twice its CPU.
    const { passed, imported } = passTimes(100 * MS, [
      { at: 0, process: 0 },
      { at: 0, process: 1 },
      { at: 50 * MS, process: 1 },
    ]);
    expect(passed).toEqual([200 * MS, 200 * MS, 200 * MS]);
    expect(imported).toBe(2);
  });
  it('lets every request through, none before its process has imported, and at once where it costs nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 * MS }), fc.array(fc.record({ at: fc.integer({ min: 0, max: 300 * MS }), process: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 30 }), (cost, arrivals) => {
        const { passed } = passTimes(cost, arrivals);
        const firstAt = new Map<number, number>();
        for (const a of arrivals) firstAt.set(a.process, Math.min(firstAt.get(a.process) ?? Infinity, a.at));
        arrivals.forEach((a, i) => {
          expect(Number.isFinite(passed[i])).toBe(true);
          expect(passed[i]).toBeGreaterThanOrEqual(Math.max(a.at, firstAt.get(a.process)! + cost));
          if (cost === 0) expect(passed[i]).toBe(a.at);
        });
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});
