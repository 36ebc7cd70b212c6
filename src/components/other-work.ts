import type { Simulation } from '../engine/simulation.js';
import type { Uniform } from '../engine/random.js';
import type { TurnTakingCore } from './turn-taking-core.js';

/**
 * Other processes on a core the modelled ones share (other work on the machine): slices of
 * `sliceNs` of wall time asked for as a Poisson stream that takes `share` of the core's time, each
 * a turn like any process's (it waits for the turn running and holds the core for its slice). What
 * the modelled processes lose is then lost in whole slices, as a scheduler takes it, not spread
 * evenly over their work: a request that meets a slice waits it out.
 */
export function otherWork(sim: Simulation, core: TurnTakingCore, share: number, sliceNs: number, uniform: Uniform): void {
  if (!(share > 0) || !(sliceNs > 0)) return;
  if (!(share < 1)) throw new RangeError(`share of the core taken by other work must be < 1, got ${share}`);
  const meanGapNs = sliceNs / share;
  const slice = { us: (sliceNs / 1_000) * core.speed, done: () => {} };
  const arrive = (): void => {
    core.turn(() => slice);
    sim.schedule(Math.max(1, Math.round(-meanGapNs * Math.log(1 - uniform()))), arrive);
  };
  sim.schedule(Math.max(1, Math.round(-meanGapNs * Math.log(1 - uniform()))), arrive);
}
