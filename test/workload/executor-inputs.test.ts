import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { between, constantArrivalRate, constantVus, locustUsers, perVuIterations, rampingVusPlan, runTest, VirtualUser } from '../../src/workload/index.js';
import { S, timed } from './helpers.js';

describe('executors refuse bad options and name them', () => {
  it('constant-arrival-rate', () => {
    const ok = { rate: 10, duration: '10s', preAllocatedVUs: 2 };
    expect(() => constantArrivalRate({ ...ok, timeUnit: 0 })).toThrow('timeUnit: must be positive');
    expect(() => constantArrivalRate({ ...ok, duration: 0 })).toThrow('duration: must be positive');
    expect(() => constantArrivalRate({ ...ok, rate: 0 })).toThrow('rate: expected an integer ≥ 1, got 0');
    expect(() => constantArrivalRate({ ...ok, maxVUs: 1 })).toThrow('maxVUs: expected an integer ≥ 2, got 1');
    expect(() => constantArrivalRate({ ...ok, preAllocatedVUs: -1 })).toThrow('preAllocatedVUs: expected an integer ≥ 0, got -1');
    expect(() => constantArrivalRate({ ...ok, vuInitTime: 'soon' })).toThrow('vuInitTime: cannot parse duration "soon"');
    expect(() => constantArrivalRate({ ...ok, timeUnit: 'x' })).toThrow('timeUnit: cannot parse duration "x"');
    expect(() => constantArrivalRate({ ...ok, duration: 1 })).not.toThrow(); // 1 ns is positive
    expect(constantArrivalRate(ok).kind).toBe('constant-arrival-rate');
  });

  it('constant-vus and ramping-vus', () => {
    expect(() => constantVus({ vus: 1, duration: 0 })).toThrow('duration: must be positive');
    expect(() => constantVus({ vus: 1, duration: 1 })).not.toThrow();
    expect(() => rampingVusPlan({ stages: [] })).toThrow('stages: at least one stage is required');
    expect(() => rampingVusPlan({ startVUs: 0, stages: [{ duration: '1s', target: 0 }] })).toThrow('either startVUs or one stage target must be greater than 0');
    expect(() => rampingVusPlan({ stages: [{ duration: '1x', target: 1 }] })).toThrow('stages[0].duration: cannot parse duration "1x"');
    expect(() => rampingVusPlan({ stages: [{ duration: '1s', target: 1 }, { duration: '1s', target: -1 }] })).toThrow('stages[1].target');
  });

  it('locust', () => {
    const ok = { users: 2, spawnRate: 1, runTime: '10s', waitTime: between(0, 1), tasks: [timed(() => S)] };
    expect(() => locustUsers({ ...ok, spawnRate: 0 })).toThrow('spawnRate: must be positive, got 0');
    expect(() => locustUsers({ ...ok, spawnRate: Infinity })).toThrow('spawnRate: must be positive, got Infinity');
    expect(() => locustUsers({ ...ok, tasks: [] })).toThrow('tasks: at least one task is required');
    const bad = locustUsers({ ...ok, users: 1, waitTime: () => -1 });
    const sim = new Simulation(1);
    expect(() => {
      bad.start(sim);
      sim.run();
    }).toThrow('waitTime returned -1');
  });

  it('an executor runs once; a VU runs one iteration at a time', () => {
    const sim = new Simulation(1);
    const executor = perVuIterations({ vus: 1, iterations: 1 });
    runTest(sim, executor, timed(() => S));
    expect(() => runTest(sim, executor, timed(() => S))).toThrow('per-vu-iterations "default" was already started; create one executor per run');
    const vu = new VirtualUser(sim, 7, 'vu/7');
    vu.begin((_v, _done) => {}, () => {});
    expect(() => vu.begin((_v, done) => done(), () => {})).toThrow('VU 7 is already running an iteration');
  });
});

describe('runTest', () => {
  it('returns when the executor finishes, leaving later events unfired', () => {
    const sim = new Simulation(1);
    let late = false;
    sim.schedule(100 * S, () => (late = true));
    // 2 VUs × 3 iterations of 1 s: the test run ends at 3 s.
    const end = runTest(sim, perVuIterations({ vus: 2, iterations: 3 }), timed(() => S));
    expect(end).toBe(3 * S);
    expect(sim.now).toBe(3 * S);
    expect(late).toBe(false);
  });
});
