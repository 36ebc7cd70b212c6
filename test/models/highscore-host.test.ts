import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/components/cpu.js';
import { SerialProcess } from '../../src/components/serial-process.js';
import { Simulation } from '../../src/engine/index.js';
import { GroupCommit } from '../../src/components/group-commit.js';

describe("PostgreSQL's group commit with drawn flush times (GroupCommit)", () => {
  it('every commit completes, after a whole flush that began once it was asked, and flushes never outnumber commits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 30_000 }), (gaps, flushNs) => {
        const sim = new Simulation(1);
        const wal = new GroupCommit(sim, () => flushNs);
        const waited: number[] = [];
        let at = 0;
        for (const gap of gaps) {
          at += gap;
          sim.schedule(at, () => {
            const asked = sim.now;
            wal.commit(() => waited.push(sim.now - asked));
          });
        }
        sim.run();
        expect(waited.length).toBe(gaps.length);
        for (const w of waited) expect(w).toBeGreaterThanOrEqual(flushNs);
        // A commit waits at most for the flush under way and then its own.
        for (const w of waited) expect(w).toBeLessThanOrEqual(2 * flushNs);
        expect(wal.flushes).toBeLessThanOrEqual(gaps.length);
      }),
      { numRuns: 200 },
    );
  });

  it('commits that arrive during a flush share the next one', () => {
    const sim = new Simulation(1);
    const wal = new GroupCommit(sim, () => 10);
    for (const t of [0, 1, 2, 3]) sim.schedule(t, () => wal.commit(() => undefined));
    sim.run();
    expect(wal.flushes).toBe(2);
  });
});

describe('a worker on a core other sessions want (SerialProcess.preempt)', () => {
  /** One process at share `share` past a slice of `sliceNs`, running `n` callbacks of `ns` each, queued at once. */
  const run = (n: number, ns: number, share: number, sliceNs: number): { endNs: number; cpuNs: number; waitNs: number } => {
    const sim = new Simulation(1);
    const p = new SerialProcess(sim, new Cpu(sim, { cores: 1, discipline: 'ps', speed: 1 }), 1);
    p.preempt = (ran) => (ran >= sliceNs ? Math.round(ran * (1 / share - 1)) : 0);
    let endNs = 0;
    for (let i = 0; i < n; i++) p.post(ns, (now) => (endNs = now));
    sim.run();
    return { endNs, cpuNs: p.cpuTimeNs, waitNs: p.preemptWaitNs };
  };

  it('a process that stays runnable gets about its share of the core; its CPU is unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 200 }), fc.double({ min: 0.3, max: 0.95, noNaN: true }), (n, share) => {
        const r = run(n, 1_000_000, share, 1_500_000);
        expect(r.cpuNs).toBe(n * 1_000_000);
        // The last callbacks of the run may end before a pause: the share is reached within one slice's pause.
        expect(r.cpuNs / r.endNs).toBeGreaterThanOrEqual(share - 0.02);
        expect(r.cpuNs / r.endNs).toBeLessThanOrEqual(share + (2 * 1_000_000 * (1 / share)) / r.endNs + 0.02);
      }),
      { numRuns: 60 },
    );
  });

  it('a burst shorter than a slice is never preempted', () => {
    expect(run(1, 1_000_000, 0.5, 1_500_000).waitNs).toBe(0);
    expect(run(20, 1_000_000, 0.5, 1_500_000).waitNs).toBeGreaterThan(0);
  });
});
