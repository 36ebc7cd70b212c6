import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../src/components/index.js';
import { Simulation } from '../../src/engine/index.js';

describe('ConnectionPool', () => {
  it('hands out free connections at once and queues the rest FIFO', () => {
    const sim = new Simulation(1);
    const pool = new ConnectionPool(sim, { size: 2 });
    const log: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) {
      pool.acquire(Infinity, (conn) => log.push(`${name}@${sim.now}:${conn}`), () => log.push(`${name} timeout`));
    }
    expect(log).toEqual(['a@0:0', 'b@0:1']);
    sim.at(10, () => pool.release(1));
    sim.at(20, () => pool.release(0));
    sim.run();
    expect(log).toEqual(['a@0:0', 'b@0:1', 'c@10:1', 'd@20:0']);
    expect(pool.stats()).toMatchObject({ requests: 4, acquired: 4, timedOut: 0, waiting: 0, maxWaiting: 2, inUse: 2 });
    expect(pool.stats().meanWaitNs).toBe((0 + 0 + 10 + 20) / 4);
  });

  it('times a waiter out, and a later release skips it', () => {
    const sim = new Simulation(1);
    const pool = new ConnectionPool(sim, { size: 1 });
    const log: string[] = [];
    pool.acquire(0, () => log.push('a'), () => log.push('a timeout'));
    pool.acquire(5, () => log.push('b'), () => log.push(`b timeout@${sim.now}`));
    pool.acquire(50, () => log.push(`c@${sim.now}`), () => log.push('c timeout'));
    sim.at(10, () => pool.release());
    sim.run();
    expect(log).toEqual(['a', 'b timeout@5', 'c@10']);
    expect(pool.stats()).toMatchObject({ requests: 3, acquired: 2, timedOut: 1, waiting: 0 });
  });

  it('refuses to release a connection that is not in use', () => {
    const sim = new Simulation(1);
    const pool = new ConnectionPool(sim, { size: 2 });
    expect(() => pool.release()).toThrow(RangeError);
    pool.acquire(0, () => {}, () => {});
    expect(() => pool.release(1)).toThrow(RangeError);
    pool.release(0);
    expect(pool.available).toBe(2);
  });

  it('acquired + timed out + waiting = requests; never more than size in use; FIFO (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 20 }), timeout: fc.integer({ min: 0, max: 60 }), hold: fc.integer({ min: 0, max: 40 }) }),
          { maxLength: 80 },
        ),
        (size, requests) => {
          const sim = new Simulation(1);
          const pool = new ConnectionPool(sim, { size });
          const served: number[] = [];
          const check = (): void => {
            const s = pool.stats();
            expect(s.acquired + s.timedOut + s.waiting).toBe(s.requests);
            expect(s.inUse).toBeLessThanOrEqual(size);
            expect(s.inUse + pool.available).toBe(size);
            // Nobody waits while a connection sits idle.
            if (s.waiting > 0) expect(pool.available).toBe(0);
          };
          let t = 0;
          requests.forEach(({ gap, timeout, hold }, i) => {
            t += gap;
            sim.at(t, () => {
              pool.acquire(
                timeout,
                (conn) => {
                  served.push(i);
                  check();
                  sim.schedule(hold, () => {
                    pool.release(conn);
                    check();
                  });
                },
                check,
              );
              check();
            });
          });
          sim.run();
          check();
          expect(pool.stats().waiting).toBe(0);
          expect(pool.stats().requests).toBe(requests.length);
          // FIFO with equal-or-earlier deadlines: whoever is served, was served in request order
          // among those that waited with the same timeout.
          for (const timeout of new Set(requests.map((r) => r.timeout))) {
            const order = served.filter((i) => requests[i].timeout === timeout);
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
        },
      ),
    );
  });

  it('a waiter timing out in the middle or at the end of the queue leaves the others in order', () => {
    const sim = new Simulation(1);
    const pool = new ConnectionPool(sim, { size: 1 });
    const log: string[] = [];
    pool.acquire(Infinity, () => log.push('held'), () => {});
    for (const [name, timeout] of [['a', 100], ['b', 5], ['c', 100], ['d', 7], ['e', 100]] as const) {
      pool.acquire(timeout, () => log.push(`${name}@${sim.now}`), () => log.push(`${name} timeout@${sim.now}`));
    }
    for (const t of [10, 20, 30]) sim.at(t, () => pool.release());
    sim.run();
    expect(log).toEqual(['held', 'b timeout@5', 'd timeout@7', 'a@10', 'c@20', 'e@30']);
    // Waits: held 0, a 10, c 20, e 30 → 60 / 4.
    expect(pool.stats()).toEqual({ requests: 6, acquired: 4, timedOut: 2, waiting: 0, maxWaiting: 5, inUse: 1, meanWaitNs: 15 });
  });

  it('release() returns the connection acquired last; a released connection is handed out again', () => {
    const sim = new Simulation(1);
    const pool = new ConnectionPool(sim, { size: 3 });
    const got: number[] = [];
    for (let i = 0; i < 3; i++) pool.acquire(0, (c) => got.push(c), () => {});
    pool.release();
    expect(pool.inUse).toBe(2);
    pool.acquire(0, (c) => got.push(c), () => {});
    pool.release(0);
    pool.release(1);
    expect(got).toEqual([0, 1, 2, 2]);
    expect([pool.inUse, pool.available]).toEqual([1, 2]);
    expect(() => pool.release(0)).toThrow('release of connection 0, which is not in use');
    expect(() => pool.release(3)).toThrow(RangeError);
    expect(() => pool.release(-1)).toThrow(RangeError);
    expect(() => new ConnectionPool(sim, { size: -1 })).toThrow('pool size');
    expect(() => new ConnectionPool(sim, { size: 1.5 })).toThrow('pool size');
    expect(() => pool.acquire(-1, () => {}, () => {})).toThrow('timeout must be >= 0');
    expect(new ConnectionPool(sim, { size: 0 }).stats().meanWaitNs).toBe(0);
  });
});
