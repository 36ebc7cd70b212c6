import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/simulation.js';
import { TurnTakingCore } from '../../src/components/turn-taking-core.js';
import { BatchingLoop } from '../../src/components/batching-loop.js';

describe('TurnTakingCore', () => {
  it('runs one turn at a time, in the order asked, each formed when granted; busy time is the work given (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 0, max: 5_000 }), us: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 60 }), fc.constantFrom(0.5, 1, 2), (asks, speed) => {
        const sim = new Simulation(1);
        const core = new TurnTakingCore(sim, speed);
        const spans: Array<{ asked: number; start: number; end: number; id: number }> = [];
        asks.forEach((a, id) =>
          sim.schedule(a.at * 1_000, () => {
            const asked = sim.now;
            core.turn(() => {
              const start = sim.now;
              return { us: a.us, done: (end) => void spans.push({ asked, start, end, id }) };
            });
          }),
        );
        sim.run();
        expect(spans).toHaveLength(asks.length);
        // Ties at one start: a zero-length turn ends where the next begins, so order them by end.
        const byStart = [...spans].sort((x, y) => x.start - y.start || x.end - y.end || x.id - y.id);
        for (let i = 1; i < byStart.length; i++) expect(byStart[i].start).toBeGreaterThanOrEqual(byStart[i - 1].end);
        for (const s of spans) expect(s.start).toBeGreaterThanOrEqual(s.asked);
        const total = asks.reduce((n, a) => n + Math.round((a.us * 1_000) / speed), 0);
        expect(core.busyNs).toBe(total);
      }),
      { numRuns: 60 },
    );
  });

  it('two event loops on one core alternate: what reaches a loop while the other runs is read in one iteration', () => {
    const sim = new Simulation(1);
    const core = new TurnTakingCore(sim, 1);
    const a = new BatchingLoop(core, 10, 0);
    const b = new BatchingLoop(core, 10, 0);
    // b runs a long iteration; five items reach a meanwhile: a takes them in one iteration after b.
    sim.schedule(0, () => b.submit(0, 100, () => {}));
    for (let i = 1; i <= 5; i++) sim.schedule(i * 10_000, () => a.submit(i, 1, () => {}));
    sim.run();
    expect(a.iterations).toBe(1);
    expect(a.items).toBe(5);
    expect(a.reads).toBe(5);
  });

  it('an iteration begun on an idle core pays the cold wake-up, one right after another turn the warm one', () => {
    const sim = new Simulation(1);
    const core = new TurnTakingCore(sim, 1);
    const a = new BatchingLoop(core, 2, 0, 50);
    const b = new BatchingLoop(core, 2, 0, 50);
    sim.schedule(0, () => a.submit(-1, 10, () => b.submit(-1, 10, () => {})));
    sim.schedule(1_000_000, () => a.submit(-1, 10, () => {}));
    sim.run();
    // a from idle (cold), b right after a's turn (warm), a again after an idle millisecond (cold).
    expect([a.coldIterations, b.coldIterations]).toEqual([2, 0]);
    expect(core.busyNs).toBe((50 + 10 + 2 + 10 + 50 + 10) * 1_000);
  });
});
