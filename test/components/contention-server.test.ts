import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/simulation.js';
import { ContentionServer } from '../../src/components/contention-server.js';

describe('ContentionServer', () => {
  it('one job alone takes demand / throughput(1)', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 0.002 }); // 2 units per µs
    let doneAt = -1;
    server.submit(1000, (t) => (doneAt = t));
    sim.run();
    expect(doneAt).toBe(500_000);
  });

  it('shares the rate equally: n equal jobs together finish at n·d / X(n)', () => {
    const sim = new Simulation();
    // USL-like: X(n) = n / (1 + 0.5 (n − 1)) units per ns.
    const server = new ContentionServer(sim, { throughput: (n) => n / (1 + 0.5 * (n - 1)) });
    const done: number[] = [];
    for (let i = 0; i < 4; i++) server.submit(1000, (t) => done.push(t));
    sim.run();
    // X(4) = 4 / 2.5 = 1.6 per ns → 4000 units take 2500 ns.
    expect(done).toEqual([2500, 2500, 2500, 2500]);
  });

  it('a cancelled job stops taking its share and reports the work it received', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 1 });
    let aDone = -1;
    let bDone = false;
    server.submit(1000, (t) => (aDone = t));
    const b = server.submit(1000, () => (bDone = true));
    let received = -1;
    sim.schedule(400, () => (received = server.cancel(b)));
    sim.run();
    // Until 400 each got 0.5 per ns (200 units); then A alone at 1 per ns needs 800 more.
    expect(received).toBe(200);
    expect(aDone).toBe(1200);
    expect(bDone).toBe(false);
    expect(server.stats().cancelled).toBe(1);
  });

  it('conserves work: done = Σ completed demands + work received by cancelled jobs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 5000 }), demand: fc.integer({ min: 1, max: 3000 }), cancelAfter: fc.option(fc.integer({ min: 0, max: 4000 })) }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (jobs, sigma) => {
          const sim = new Simulation();
          const server = new ContentionServer(sim, { throughput: (n) => (0.01 * n) / (1 + sigma * (n - 1)) });
          let completed = 0;
          let cancelledWork = 0;
          for (const j of jobs) {
            sim.at(j.at, () => {
              let finished = false;
              const job = server.submit(j.demand, () => {
                finished = true;
                completed += j.demand;
              });
              if (j.cancelAfter !== null) sim.schedule(j.cancelAfter, () => {
                if (!finished) cancelledWork += server.cancel(job);
              });
            });
          }
          sim.run();
          expect(server.inService).toBe(0);
          expect(server.stats().workDone).toBeCloseTo(completed + cancelledWork, 3);
        },
      ),
      { numRuns: 100 },
    );
  });
});
