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
