import type { Nanos, Simulation } from '../engine/index.js';
import type { Executor } from './executor.js';
import type { Iteration } from './virtual-user.js';

/**
 * Runs a k6 test on `sim`: starts the executor and fires events until it finishes (the last
 * iteration has ended), as k6's test run ends. Returns the test-run duration's end time. Work still
 * queued in the servers then is what was in flight when the test ended.
 */
export function runTest(sim: Simulation, executor: Executor, iteration: Iteration): Nanos {
  let endNs: Nanos | undefined;
  executor.start(sim, iteration, {
    onFinish: () => {
      endNs = sim.now;
      sim.stop();
    },
  });
  sim.run();
  return endNs ?? sim.now;
}
