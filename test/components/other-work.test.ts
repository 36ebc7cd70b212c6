import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/simulation.js';
import { TurnTakingCore } from '../../src/components/turn-taking-core.js';
import { otherWork } from '../../src/components/other-work.js';
import { coreShare } from '../../src/machine/core-share.js';


describe('otherWork', () => {
  it('takes its share of an otherwise idle core, within sampling error (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.8, noNaN: true }), fc.constantFrom(500, 1_500, 3_000), fc.constantFrom(0.5, 1, 2), fc.integer({ min: 1, max: 1_000 }), (share, sliceUs, speed, seed) => {
        const sim = new Simulation(seed);
        const core = new TurnTakingCore(sim, speed);
        otherWork(sim, core, share, sliceUs * 1_000, sim.stream('others'));
        const horizon = 4_000 * sliceUs * 1_000;
        sim.schedule(horizon, () => sim.stop());
        sim.run();
        // Each slice holds the core sliceUs of wall time, whatever the core's speed.
        const slices = core.busyNs / (sliceUs * 1_000);
        expect(Math.abs(slices - Math.round(slices))).toBeLessThan(1e-6 * slices + 1e-6);
        // ~4,000·share slices: the busy share is within 5 standard errors of the share asked.
        const sd = Math.sqrt(share / 4_000);
        expect(Math.abs(core.busyNs / horizon - share)).toBeLessThan(5 * sd * Math.max(1, share) + 0.01);
      }),
      { numRuns: 25 },
    );
  });

  it('a process that always wants the core gets 1 − share of it, lost in whole slices', () => {
    const sim = new Simulation(3);
    const core = new TurnTakingCore(sim, 1);
    let ours = 0;
    let longest = 0;
    let last = 0;
    const ask = (): void =>
      core.turn(() => ({
        us: 10,
        done: (now) => {
          ours += 10_000;
          longest = Math.max(longest, now - last - 10_000);
          last = now;
          ask();
        },
      }));
    sim.schedule(0, ask);
    otherWork(sim, core, 0.25, 1_500_000, sim.stream('others'));
    sim.schedule(2e9, () => sim.stop());
    sim.run();
    // Its turns and the slices alternate FIFO: it runs (1 − 0.25) of the time, ±2 %.
    expect(ours / 2e9).toBeGreaterThan(0.73);
    expect(ours / 2e9).toBeLessThan(0.77);
    // A gap between two of its turns is whole slices (one or several queued), never a part of one.
    expect(longest).toBeGreaterThanOrEqual(1_500_000);
    expect(longest % 1_500_000).toBe(0);
  });

  it('does nothing at share 0 and refuses a share of 1 or more', () => {
    const sim = new Simulation(1);
    const core = new TurnTakingCore(sim, 1);
    otherWork(sim, core, 0, 1_000_000, sim.stream('others'));
    sim.run();
    expect(core.busyNs).toBe(0);
    expect(() => otherWork(sim, core, 1, 1_000_000, sim.stream('others'))).toThrow('share of the core taken by other work must be < 1, got 1');
  });

  it('is deterministic for a seed', () => {
    const run = (): number => {
      const sim = new Simulation(7);
      const core = new TurnTakingCore(sim, 1);
      otherWork(sim, core, 0.3, 1_500_000, sim.stream('others'));
      sim.schedule(1e9, () => sim.stop());
      sim.run();
      return core.busyNs;
    };
    expect(run()).toBe(run());
  });
});

describe('coreShare', () => {
  it('is busy / (busy + wait), 1 without either', () => {
    expect(coreShare(0.3, 0.1)).toBeCloseTo(0.75, 12);
    expect(coreShare(0.3, 0)).toBe(1);
    expect(coreShare(0, 0.1)).toBe(1);
  });
});
