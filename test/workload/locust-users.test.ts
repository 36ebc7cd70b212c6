import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { between, constantWait, locustUsers, type Iteration } from '../../src/workload/index.js';
import { MS, S, record, timed } from './helpers.js';

describe('locustUsers', () => {
  it('spawns ⌊spawnRate⌋ users every ⌊spawnRate⌋/spawnRate s, starting at t0 (Locust 2 dispatcher)', () => {
    const firstTask = (spawnRate: number, users: number) => {
      const r = record((sim, hooks) =>
        locustUsers({ users, spawnRate, runTime: '20s', waitTime: constantWait(100), tasks: [timed(() => S)] }).start(sim, hooks),
      );
      return r.starts.filter((s) => s.iteration === 0).map((s) => [s.vu, s.t / MS]);
    };
    expect(firstTask(2, 5)).toEqual([[1, 0], [2, 0], [3, 1000], [4, 1000], [5, 2000]]);
    expect(firstTask(0.5, 3)).toEqual([[1, 0], [2, 2000], [3, 4000]]);
    expect(firstTask(2.5, 5)).toEqual([[1, 0], [2, 0], [3, 800], [4, 800], [5, 1600]]);
  });

  it('runs each user\'s tasks in order, waiting between(a, b) after each one ends', () => {
    const log = new Map<number, string[]>();
    const task = (name: string): Iteration => (vu, done) => {
      log.set(vu.id, [...(log.get(vu.id) ?? []), name]);
      vu.sleep(200 * MS, done);
    };
    const r = record((sim, hooks) =>
      locustUsers({ users: 3, spawnRate: 10, runTime: '60s', waitTime: between(1, 5), tasks: [task('add'), task('edit'), task('delete')] }).start(sim, hooks),
    );
    for (const names of log.values()) {
      expect(names.slice(0, 6)).toEqual(['add', 'edit', 'delete', 'add', 'edit', 'delete']);
    }
    for (let u = 1; u <= 3; u++) {
      const starts = r.starts.filter((s) => s.vu === u);
      const ends = r.ends.filter((e) => e.vu === u);
      for (let k = 1; k < starts.length; k++) {
        const wait = starts[k].t - ends[k - 1].t;
        expect(wait).toBeGreaterThanOrEqual(1 * S);
        expect(wait).toBeLessThanOrEqual(5 * S);
      }
    }
  });

  it('stops every user at runTime: running tasks are killed unless stopTimeout lets them finish', () => {
    const run = (stopTimeout: string) =>
      record((sim, hooks) =>
        locustUsers({ users: 2, spawnRate: 2, runTime: '10s', stopTimeout, waitTime: constantWait(1), tasks: [timed(() => 3 * S)] }).start(sim, hooks),
      ).stats;
    // Each user: task 0–3, wait, 4–7, wait, 8–11: in flight at 10 s.
    expect(run('0s')).toMatchObject({ started: 6, completed: 4, interrupted: 2, finishedAt: 10 * S, vusMax: 2 });
    expect(run('2s')).toMatchObject({ started: 6, completed: 6, interrupted: 0, finishedAt: 11 * S });
  });

  it('draws wait times from a stream of their own, so the tasks\' draws do not shift them', () => {
    const waits = (drawInTask: boolean) => {
      const sim = new Simulation(3);
      const starts: number[] = [];
      locustUsers({ users: 1, spawnRate: 1, runTime: '30s', waitTime: between(1, 5), tasks: [(vu, done) => {
        starts.push(sim.now);
        if (drawInTask) vu.random();
        vu.sleep(S, done);
      }] }).start(sim);
      sim.run();
      return starts;
    };
    expect(waits(true)).toEqual(waits(false));
  });
});
