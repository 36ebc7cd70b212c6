import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/simulation.js';
import { completionOn, ProcessWake } from '../../src/components/halted-core.js';
import { GroupCommit } from '../../src/components/group-commit.js';

describe('completionOn (an I/O completion for a process on a core that may be halted)', () => {
  it('is delivered at once while the process runs', () => {
    const sim = new Simulation(1);
    const core = new ProcessWake();
    const complete = completionOn(sim, core, 5_000_000);
    let at = -1;
    core.begin();
    sim.schedule(100_000, () => core.end());
    sim.schedule(50_000, () => complete((now) => (at = now)));
    sim.run();
    expect(at).toBe(50_000);
  });

  it('while it sleeps waits for its next turn, or haltedNs at the latest, and is delivered once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.option(fc.integer({ min: 1, max: 20_000 })), (haltedUs, wakeUs) => {
        const sim = new Simulation(1);
        const core = new ProcessWake();
        const complete = completionOn(sim, core, haltedUs * 1_000);
        const at: number[] = [];
        complete((now) => at.push(now));
        if (wakeUs !== null) sim.schedule(wakeUs * 1_000, () => core.begin());
        sim.run();
        expect(at).toHaveLength(1);
        expect(at[0]).toBe(Math.min(haltedUs, wakeUs ?? Infinity) * 1_000);
      }),
      { numRuns: 100 },
    );
  });

  it('a group commit whose completions wait for a halted core flushes no faster than the core wakes', () => {
    const sim = new Simulation(1);
    const core = new ProcessWake();
    const log = new GroupCommit(sim, 200_000, completionOn(sim, core, 2_000_000));
    const durable: number[] = [];
    log.commit((now) => durable.push(now));
    sim.run();
    // MariaDB never runs: the flush (0.2 ms) reaches its waiter only after the halted wait (2 ms).
    expect(durable).toEqual([2_200_000]);
    const sim2 = new Simulation(1);
    const core2 = new ProcessWake();
    const log2 = new GroupCommit(sim2, 200_000, completionOn(sim2, core2, 2_000_000));
    const durable2: number[] = [];
    core2.begin();
    log2.commit((now) => durable2.push(now));
    sim2.run();
    expect(durable2).toEqual([200_000]);
  });
});
