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

describe('ContentionServer, by hand', () => {
  it('shares the rate among jobs that arrive apart, and integrates busy time, jobs in service and work', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 1 });
    const done: Array<[string, number]> = [];
    const mid: number[] = [];
    sim.at(0, () => server.submit(300, (t) => done.push(['a', t])));
    sim.at(100, () => server.submit(100, (t) => done.push(['b', t])));
    sim.at(200, () => {
      const s = server.stats();
      mid.push(server.remainingWork(), server.inService, s.busyFraction, s.meanInService, s.workDone);
    });
    sim.run();
    // A alone 0–100 (100 done); both at 1/2 per ns: B's 100 take 200 ns → 300, A then has 100 left → 400.
    expect(done).toEqual([['b', 300], ['a', 400]]);
    // At 200: A has 150 of 300, B 50 of 100 → 200 owed; in service 1 for 100 ns and 2 for 100 ns.
    expect(mid).toEqual([200, 2, 1, 1.5, 200]);
    const s = server.stats(500);
    expect(s).toEqual({ busyFraction: 400 / 500, meanInService: (100 + 2 * 200 + 100) / 500, maxInService: 2, workDone: 400, completed: 2, cancelled: 0 });
    expect(server.remainingWork()).toBe(0);
  });

  it('a rate that depends on outside state changes only when told, from that instant', () => {
    let speed = 1;
    const run = (tell: boolean): number => {
      speed = 1;
      const sim = new Simulation();
      const server = new ContentionServer(sim, { throughput: () => speed });
      let at = -1;
      server.submit(300, (t) => (at = t));
      sim.at(100, () => {
        speed = 2;
        if (tell) server.rateChanged();
      });
      sim.run();
      return at;
    };
    // 100 done by 100 ns; the other 200 at 2 per ns take 100 ns more.
    expect(run(true)).toBe(200);
    // Not told: the completion stays where it was scheduled.
    expect(run(false)).toBe(300);
  });

  it('a stalled server (throughput 0) holds its jobs until the rate comes back', () => {
    let open = false;
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => (open ? 0.5 : 0) });
    let at = -1;
    server.submit(50, (t) => (at = t));
    sim.run();
    expect([at, server.inService, server.remainingWork()]).toEqual([-1, 1, 50]);
    expect(server.stats().workDone).toBe(0);
    sim.at(1_000, () => {
      open = true;
      server.rateChanged();
    });
    sim.run();
    expect(at).toBe(1_100);
    expect(server.stats().workDone).toBe(50);
  });

  it('cancelling a finished job returns its demand, a cancelled one 0; an emptied server starts afresh', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 1 });
    const a = server.submit(100, () => {});
    sim.run();
    expect(server.cancel(a)).toBe(100);
    const b = server.submit(1_000, () => {});
    const c = server.submit(1_000, () => {});
    let fromB = -1;
    let again = -1;
    let owed = -1;
    sim.at(300, () => {
      fromB = server.cancel(b);
      again = server.cancel(b);
      owed = server.remainingWork();
      server.cancel(c);
    });
    let dAt = -1;
    sim.at(400, () => server.submit(10, (t) => (dAt = t)));
    sim.run();
    // B and C shared 1 per ns for 200 ns: 100 each. C then owes 900 until it is cancelled too.
    expect([fromB, again, owed]).toEqual([100, 0, 900]);
    expect(dAt).toBe(410);
    expect(server.stats()).toMatchObject({ completed: 2, cancelled: 2, workDone: 100 + 200 + 10, maxInService: 2 });
  });

  it('a completion event past the exact finish does not count its sliver as work', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 2 });
    const done: number[] = [];
    server.submit(10, (t) => done.push(t));
    server.submit(10.5, (t) => done.push(t));
    sim.run();
    // Both at 1 per ns to 10 ns; the 0.5 left runs at 2 per ns, 0.25 ns, on the 11 ns event.
    expect(done).toEqual([10, 11]);
    expect(server.stats().workDone).toBe(20.5);
  });

  it('rejects a demand that is negative or not finite, and a throughput that is negative or not finite', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 1 });
    for (const bad of [-1, Number.NaN, Infinity]) expect(() => server.submit(bad, () => {})).toThrow(`demand must be finite and >= 0, got ${bad}`);
    let done = -1;
    server.submit(0, (t) => (done = t));
    sim.run();
    expect(done).toBe(0);
    for (const bad of [-1, Number.NaN, Infinity]) {
      const broken = new ContentionServer(sim, { throughput: () => bad });
      expect(() => broken.submit(1, () => {})).toThrow(/^throughput\(1\) must be finite and >= 0/);
    }
  });

  it('stats for a later instant extrapolate the jobs in service, from a server made mid-run, without moving its clock', () => {
    const sim = new Simulation();
    let server: ContentionServer | undefined;
    const done: Array<[string, number]> = [];
    let atStart: unknown;
    let ahead: unknown;
    sim.at(1_000, () => {
      server = new ContentionServer(sim, { throughput: () => 1 });
      atStart = server.stats();
      server.submit(1_000, (t) => done.push(['a', t]));
    });
    // At 1,500, read the figures for 1,800: 800 ns since the server was made, busy throughout, 800 units done.
    sim.at(1_500, () => (ahead = server!.stats(1_800)));
    // Then B arrives at 1,600 (A has 600): both at 1/2 per ns, B's 100 take 200 ns → 1,800; A's last 300 alone → 2,100.
    sim.at(1_600, () => server!.submit(100, (t) => done.push(['b', t])));
    sim.run();
    expect(atStart).toEqual({ busyFraction: 0, meanInService: 0, maxInService: 0, workDone: 0, completed: 0, cancelled: 0 });
    expect(ahead).toEqual({ busyFraction: 1, meanInService: 1, maxInService: 1, workDone: 800, completed: 0, cancelled: 0 });
    expect(done).toEqual([['b', 1_800], ['a', 2_100]]);
    expect(server!.stats(3_100)).toEqual({ busyFraction: 1_100 / 2_100, meanInService: (1_100 + 200) / 2_100, maxInService: 2, workDone: 1_100, completed: 2, cancelled: 0 });
  });

  it('a completion placed at the ceiling of a float-rounded finish fires there, not a nanosecond later', () => {
    // 23/3 units at 1/9 per ns need exactly 69 ns, but (1/9) · 69 rounds to just under 23/3.
    expect((1 / 9) * Math.ceil((23 / 3) / (1 / 9))).toBeLessThan(23 / 3);
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 1 / 9 });
    let at = -1;
    server.submit(23 / 3, (t) => (at = t));
    sim.run();
    expect(at).toBe(69);
  });

  it('remaining work after a completion counts only the jobs still in service', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 1 });
    server.submit(300, () => {});
    server.submit(100, () => {});
    const owed: number[] = [];
    // B ends at 200 (100 each); A then runs alone: at 250 it owes 300 − 150 = 150.
    sim.at(250, () => owed.push(server.remainingWork(), server.inService));
    sim.run();
    expect(owed).toEqual([150, 1]);
  });

  it('a stalled server schedules nothing: the run ends where the last event was', () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: () => 0 });
    sim.at(40, () => server.submit(10, () => {}));
    sim.run();
    expect(sim.now).toBe(40);
    expect(sim.events.size).toBe(0);
  });

  it("names the throughput a rate function returned for the jobs in service, not each job's share", () => {
    const sim = new Simulation();
    const server = new ContentionServer(sim, { throughput: (n) => (n === 2 ? -4 : 1) });
    server.submit(100, () => {});
    expect(() => server.submit(100, () => {})).toThrow('throughput(2) must be finite and >= 0, got -4');
  });
});
