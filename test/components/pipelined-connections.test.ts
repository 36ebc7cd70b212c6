import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelinedConnections } from '../../src/components/pipelined-connections.js';
import { GroupCommit } from '../../src/components/group-commit.js';
import { Simulation } from '../../src/engine/index.js';

describe('PipelinedConnections', () => {
  it('never has more than depth commands on a connection, and answers every command once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 120 }), (conns, depth, arrivals) => {
        const sim = new Simulation(1);
        const onConn = new Array<number>(conns).fill(0);
        let answered = 0;
        const pool = new PipelinedConnections<number>(sim, { connections: conns, depth }, (batch, onReplies, conn) => {
          onConn[conn] += batch.length;
          expect(onConn[conn]).toBeLessThanOrEqual(depth);
          sim.schedule(7, (now) => {
            onConn[conn] -= batch.length;
            onReplies(now);
          });
        });
        arrivals.forEach((at, i) => sim.at(at, () => pool.submit(i, () => answered++)));
        sim.run();
        expect(answered).toBe(arrivals.length);
        expect(pool.commands).toBe(arrivals.length);
        expect(pool.queued).toBe(0);
      }),
    );
  });

  it('one statement at a time per connection, merging up to depth rows (maxBatches 1)', () => {
    const sim = new Simulation(1);
    const batches: number[][] = [];
    const pool = new PipelinedConnections<number>(sim, { connections: 1, depth: 3, maxBatches: 1 }, (batch, onReplies) => {
      batches.push([...batch]);
      sim.schedule(10, onReplies);
    });
    for (let i = 0; i < 7; i++) pool.submit(i, () => {});
    sim.run();
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(sim.now).toBe(30);
  });

  it('without pipelining one connection completes one command per round trip', () => {
    const sim = new Simulation(1);
    const pool = new PipelinedConnections<number>(sim, { connections: 2, depth: 1 }, (_b, onReplies) => sim.schedule(100, onReplies));
    let done = 0;
    for (let i = 0; i < 10; i++) pool.submit(i, () => done++);
    sim.run();
    expect(done).toBe(10);
    expect(sim.now).toBe(500);
    expect(pool.inFlight.mean(sim.now)).toBe(2);
  });
});

describe('GroupCommit', () => {
  it('a lone commit waits one flush; commits that wait together share the next', () => {
    const sim = new Simulation(1);
    const log = new GroupCommit(sim, 100);
    const done: Array<[string, number]> = [];
    log.commit((t) => done.push(['a', t]));
    sim.at(10, () => ['b', 'c', 'd'].forEach((n) => log.commit((t) => done.push([n, t]))));
    sim.run();
    expect(done).toEqual([['a', 100], ['b', 200], ['c', 200], ['d', 200]]);
    expect(log.flushes).toBe(2);
  });
});

describe('PipelinedConnections, by hand', () => {
  /** A server that answers every batch `rttNs` after it was sent; records (time, connection, batch). */
  function pool(sim: Simulation, options: { connections: number; depth: number; maxBatches?: number }, rttNs = 100) {
    const sent: Array<[number, number, number[]]> = [];
    const p = new PipelinedConnections<number>(sim, options, (batch, onReplies, conn) => {
      sent.push([sim.now, conn, [...batch]]);
      sim.schedule(rttNs, onReplies);
    });
    return { p, sent };
  }

  it('rejects a connection count, depth or batch limit that is not a positive integer, naming it', () => {
    const sim = new Simulation(1);
    const send = () => {};
    expect(() => new PipelinedConnections(sim, { connections: 0, depth: 1 }, send)).toThrow('connections must be a positive integer, got 0');
    expect(() => new PipelinedConnections(sim, { connections: 1.5, depth: 1 }, send)).toThrow('connections must be a positive integer, got 1.5');
    expect(() => new PipelinedConnections(sim, { connections: 1, depth: 0 }, send)).toThrow('depth must be a positive integer, got 0');
    expect(() => new PipelinedConnections(sim, { connections: 1, depth: 2.5 }, send)).toThrow('depth must be a positive integer, got 2.5');
    expect(() => new PipelinedConnections(sim, { connections: 1, depth: 1, maxBatches: 0 }, send)).toThrow('maxBatches must be a positive integer, got 0');
    expect(() => new PipelinedConnections(sim, { connections: 1, depth: 1, maxBatches: 0.5 }, send)).toThrow('maxBatches must be a positive integer, got 0.5');
    const smallest = new PipelinedConnections(sim, { connections: 1, depth: 1, maxBatches: 1 }, send);
    expect(smallest.capacity).toBe(1);
    expect(new PipelinedConnections(sim, { connections: 3, depth: 4 }, send).capacity).toBe(12);
  });

  it('commands issued in separate events at one instant leave as one batch, after those events', () => {
    const sim = new Simulation(1);
    const { p, sent } = pool(sim, { connections: 1, depth: 4 });
    for (let i = 0; i < 3; i++) sim.at(5, () => p.submit(i, () => {}));
    sim.at(5, () => expect(p.queued).toBe(3), 10); // a later event of the same instant still sees them waiting
    sim.run();
    expect(sent).toEqual([[5, 0, [0, 1, 2]]]);
    expect(p.batches).toBe(1);
    expect(p.commands).toBe(3);
  });

  it('sends each batch to the connection with the most room, the first of equals', () => {
    const sim = new Simulation(1);
    const { p, sent } = pool(sim, { connections: 3, depth: 4 }, 1_000);
    const submit = (at: number, n: number, from: number) => sim.at(at, () => { for (let i = 0; i < n; i++) p.submit(from + i, () => {}); });
    submit(0, 2, 0); // all empty: connection 0 takes both
    submit(1, 3, 10); // rooms 2, 4, 4: connection 1
    submit(2, 5, 20); // rooms 2, 1, 4: connection 2 takes 4, then connection 0 the last
    submit(3, 2, 30); // rooms 1, 1, 0: connection 0 takes 1, then connection 1 the other
    submit(4, 1, 40); // full (12 of 12 outstanding): waits for the first replies at 1,000
    sim.run();
    expect(sent).toEqual([
      [0, 0, [0, 1]],
      [1, 1, [10, 11, 12]],
      [2, 2, [20, 21, 22, 23]],
      [2, 0, [24]],
      [3, 0, [30]],
      [3, 1, [31]],
      [1_000, 0, [40]],
    ]);
  });

  it('holds a batch back while a connection has maxBatches outstanding, even with room for its commands', () => {
    const sim = new Simulation(1);
    const { p, sent } = pool(sim, { connections: 1, depth: 4, maxBatches: 2 });
    sim.at(0, () => p.submit(0, () => {}));
    sim.at(10, () => p.submit(1, () => {}));
    sim.at(20, () => [2, 3].forEach((c) => p.submit(c, () => {})));
    sim.run();
    // Two batches out (2 of 4 commands): 2 and 3 wait for the reply at 100.
    expect(sent).toEqual([[0, 0, [0]], [10, 0, [1]], [100, 0, [2, 3]]]);
  });

  it('integrates commands in flight, commands waiting and busy connections over time', () => {
    const sim = new Simulation(1);
    const { p, sent } = pool(sim, { connections: 1, depth: 2 });
    const replies: number[] = [];
    for (let i = 0; i < 5; i++) p.submit(i, (now) => replies.push(now));
    sim.run(400);
    // Batches [0,1] at 0, [2,3] at 100, [4] at 200, the last reply at 300, then idle to 400.
    expect(sent.map(([t, , b]) => [t, b.length])).toEqual([[0, 2], [100, 2], [200, 1]]);
    expect(replies).toEqual([100, 100, 200, 200, 300]);
    // Waiting 3, 1, 0, 0 over the four 100 ns steps; in flight 2, 2, 1, 0; busy 1, 1, 1, 0.
    expect(p.waiting.integral(400)).toBe(400);
    expect(p.inFlight.integral(400)).toBe(500);
    expect(p.busy.integral(400)).toBe(300);
    expect([p.waiting.max, p.inFlight.max, p.busy.max]).toEqual([5, 2, 1]);
    expect([p.waiting.level, p.inFlight.level, p.busy.level, p.queued]).toEqual([0, 0, 0, 0]);
  });

  it('a connection stays busy until its last outstanding batch is answered', () => {
    const sim = new Simulation(1);
    const p = new PipelinedConnections<number>(sim, { connections: 1, depth: 2 }, (batch, onReplies) => sim.schedule(batch[0] === 0 ? 100 : 300, onReplies));
    sim.at(0, () => p.submit(0, () => {}));
    sim.at(50, () => p.submit(1, () => {}));
    sim.run();
    // Busy from 0 to 350 (the second batch's reply), not until the first reply at 100.
    expect(p.busy.integral(350)).toBe(350);
    expect(p.inFlight.integral(350)).toBe(100 + 300);
  });

  it('ten thousand commands waiting at once are answered in the order they were issued', () => {
    const sim = new Simulation(1);
    const p = new PipelinedConnections<number>(sim, { connections: 1, depth: 3 }, (_b, onReplies) => sim.schedule(1, onReplies));
    const order: number[] = [];
    for (let i = 0; i < 10_000; i++) p.submit(i, () => order.push(i));
    sim.run();
    expect(order).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(p.batches).toBe(3_334);
    expect(p.queued).toBe(0);
  });
});

describe('GroupCommit, by hand', () => {
  it('a commit that arrives during a flush waits for the next one; the device is busy flushes · flushNs', () => {
    const sim = new Simulation(1);
    const log = new GroupCommit(sim, 100);
    const done: Array<[string, number]> = [];
    const commit = (name: string) => () => log.commit((t) => done.push([name, t]));
    sim.at(0, commit('a'));
    sim.at(99, commit('b')); // during a's flush: the flush from 100 to 200
    sim.at(150, commit('c')); // during b's flush: the next, 200 to 300
    sim.at(500, commit('d')); // idle: flushes at once, 500 to 600
    sim.run();
    expect(done).toEqual([['a', 100], ['b', 200], ['c', 300], ['d', 600]]);
    expect(log.flushes).toBe(4);
    expect(log.busyNs).toBe(400);
  });

  it('a free flush is allowed; a negative or missing flush time is not', () => {
    const sim = new Simulation(1);
    const log = new GroupCommit(sim, 0);
    let at = -1;
    sim.at(7, () => log.commit((t) => (at = t)));
    sim.run();
    expect(at).toBe(7);
    expect(log.busyNs).toBe(0);
    expect(() => new GroupCommit(sim, -1)).toThrow('flushNs must be >= 0, got -1');
    expect(() => new GroupCommit(sim, Number.NaN)).toThrow(RangeError);
  });

  it('every commit is made durable once, by the first flush that starts after it, within two flushes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 300 }), (arrivals, flushNs) => {
        const sim = new Simulation(1);
        const log = new GroupCommit(sim, flushNs);
        const durable: number[] = new Array(arrivals.length).fill(-1);
        arrivals.forEach((at, i) => sim.at(at, () => log.commit((t) => {
          expect(durable[i]).toBe(-1);
          durable[i] = t;
        })));
        sim.run();
        arrivals.forEach((at, i) => {
          expect(durable[i]).toBeGreaterThanOrEqual(at + flushNs);
          expect(durable[i]).toBeLessThanOrEqual(at + 2 * flushNs);
        });
        // Flushes run back to back at most: as many as distinct durable instants, no more.
        expect(log.flushes).toBe(new Set(durable).size);
        expect(log.busyNs).toBe(log.flushes * flushNs);
      }),
      { numRuns: 100 },
    );
  });
});
