import { Simulation, type Nanos } from '../../src/engine/index.js';
import type { ExecutorHooks, ExecutorStats, Iteration, VirtualUser } from '../../src/workload/index.js';

export const S = 1_000_000_000;
export const MS = 1_000_000;

/** An iteration that just takes `durationOf(vu)` ns of simulated time. */
export const timed = (durationOf: (vu: VirtualUser) => Nanos): Iteration => (vu, done) => vu.sleep(durationOf(vu), done);

export interface StartRecord {
  t: Nanos;
  vu: number;
  iteration: number;
}

export interface Recorded {
  stats: ExecutorStats;
  starts: StartRecord[];
  ends: Array<StartRecord & { outcome: string }>;
  drops: Nanos[];
  /** Iterations in flight and active VUs (k6 `vus`) right after each start and end. */
  inFlight: Array<{ t: Nanos; n: number; vus: number }>;
}

/** Simulated time a test run may take: far beyond any test's plan, so hitting it means a runaway. */
const RUNAWAY = 86_400 * S;

/**
 * Runs `start` on a fresh simulation until its events drain and records what the hooks saw.
 * Throws if events are still pending after a simulated day: an executor must leave nothing behind.
 */
export function record(start: (sim: Simulation, hooks: ExecutorHooks) => ExecutorStats, seed: number | string = 1): Recorded {
  const sim = new Simulation(seed);
  const rec: Omit<Recorded, 'stats'> = { starts: [], ends: [], drops: [], inFlight: [] };
  let n = 0;
  const live = { stats: undefined as ExecutorStats | undefined };
  const vus = (): number => live.stats?.vus ?? 0;
  const stats = start(sim, {
    onIterationStart: (vu, t) => {
      rec.starts.push({ t, vu: vu.id, iteration: vu.iteration });
      rec.inFlight.push({ t, n: ++n, vus: vus() });
    },
    onIterationEnd: (vu, t, outcome) => {
      rec.ends.push({ t, vu: vu.id, iteration: vu.iteration, outcome });
      rec.inFlight.push({ t, n: --n, vus: vus() });
    },
    onDropped: (t, count) => {
      for (let i = 0; i < count; i++) rec.drops.push(t);
    },
  });
  live.stats = stats;
  sim.run(RUNAWAY);
  if (sim.events.size > 0) throw new Error(`events still pending after ${RUNAWAY / S} simulated seconds`);
  return { stats, ...rec };
}

/** Value of a step function given as (t, value) changes, at time t (last change at or before t). */
export function valueAt(steps: ReadonlyArray<{ t: Nanos; vus: number }>, t: Nanos, before = 0): number {
  let v = before;
  for (const s of steps) {
    if (s.t > t) break;
    v = s.vus;
  }
  return v;
}
