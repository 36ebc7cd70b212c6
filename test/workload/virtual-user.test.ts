import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { constantVus, perVuIterations, type Iteration } from '../../src/workload/index.js';
import { S, record } from './helpers.js';

describe('VirtualUser', () => {
  it('rejects a second done() for the same iteration', () => {
    const sim = new Simulation(1);
    perVuIterations({ vus: 1, iterations: 1 }).start(sim, (vu, done) => vu.sleep(S, () => {
      done();
      done();
    }));
    expect(() => sim.run()).toThrow(/done\(\) called twice/);
  });

  it('an interrupted iteration has its sleeps cancelled, its clean-ups run and a late done() ignored', () => {
    let cleaned = 0;
    let woke = 0;
    let late: (() => void) | undefined;
    const iteration: Iteration = (vu, done) => {
      vu.onInterrupt(() => cleaned++);
      vu.sleep(100 * S, () => woke++);
      late = done;
    };
    const sim = new Simulation(1);
    const stats = constantVus({ vus: 1, duration: '10s', gracefulStop: '5s' }).start(sim, iteration);
    sim.run();
    expect([cleaned, woke, stats.interrupted, stats.completed]).toEqual([1, 0, 1, 0]);
    expect(sim.now).toBe(15 * S); // the 100 s sleep never fired
    late!();
    expect(stats.completed).toBe(0);
  });

  it('sleep() outside an iteration is an error', () => {
    const sim = new Simulation(1);
    let captured: Parameters<Iteration>[0] | undefined;
    perVuIterations({ vus: 1, iterations: 1 }).start(sim, (vu, done) => {
      captured = vu;
      done();
    });
    sim.run();
    expect(() => captured!.sleep(1, () => {})).toThrow(/outside an iteration/);
  });

  it('a looping VU whose iteration takes no simulated time fails loudly instead of spinning', () => {
    const sim = new Simulation(1);
    let calls = 0;
    constantVus({ vus: 1, duration: '1s' }).start(sim, (_vu, done) => {
      if (++calls > 1000) throw new Error('spinning');
      done();
    });
    expect(() => sim.run()).toThrow(/took no simulated time/);
  });

  it('each VU has its own stream; __VU is 1-based and __ITER counts that VU\'s iterations', () => {
    const r = record((sim, hooks) => perVuIterations({ vus: 3, iterations: 2 }).start(sim, (vu, done) => vu.sleep(S, done), hooks));
    expect(r.starts.map((s) => [s.vu, s.iteration]).sort()).toEqual([[1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1]]);
    const sim = new Simulation(7);
    const draws: number[] = [];
    perVuIterations({ vus: 2, iterations: 1 }).start(sim, (vu, done) => {
      draws.push(vu.random());
      expect(vu.streamName).toBe(`default/vu/${vu.id}`);
      vu.sleep(1, done);
    });
    sim.run();
    expect(draws[0]).not.toBe(draws[1]);
    expect(draws[0]).toBe(new Simulation(7).stream('default/vu/1')());
  });
});
