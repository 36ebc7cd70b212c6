import type { Nanos, Simulation } from '../engine/index.js';
import { CONTROL_PRIORITY, ExecutionState } from './execution-state.js';
import { toNanos, type DurationInput } from './options.js';
import { emptyStats, type ExecutorHooks, type ExecutorKind, type ExecutorStats, type MutableStats } from './stats.js';
import type { Iteration } from './virtual-user.js';

/** Options every k6 executor shares (k6's BaseConfig). */
export interface BaseOptions {
  /** Scenario name; also names the VUs' random streams (`<name>/vu/<id>`). Default `'default'`. */
  name?: string;
  /** Delay from `start()` before the executor begins (k6 `startTime`). Default 0. */
  startTime?: DurationInput;
  /** Time in-flight iterations get to finish after the executor's duration ends (k6 `gracefulStop`). Default 30 s. */
  gracefulStop?: DurationInput;
}

export const DEFAULT_GRACEFUL_STOP = '30s';

/** A k6 executor: single use; `start` schedules its plan on `sim` and returns its live stats. */
export interface Executor {
  readonly kind: ExecutorKind;
  readonly name: string;
  readonly stats: ExecutorStats;
  start(sim: Simulation, iteration: Iteration, hooks?: ExecutorHooks): ExecutorStats;
}

/** Starts a run once: stamps startedAt, then calls `body` at startTime with a fresh ExecutionState. */
export class Launcher {
  readonly stats: MutableStats;
  private launched = false;

  constructor(readonly kind: ExecutorKind, readonly name: string, private readonly startTime: Nanos, private readonly vuPrefix: string) {
    this.stats = emptyStats(kind, name);
  }

  launch(sim: Simulation, hooks: ExecutorHooks, body: (state: ExecutionState) => void): ExecutorStats {
    if (this.launched) throw new Error(`${this.kind} "${this.name}" was already started; create one executor per run`);
    this.launched = true;
    this.stats.startedAt = sim.now;
    const state = new ExecutionState(sim, this.stats, hooks, this.vuPrefix);
    sim.schedule(this.startTime, () => body(state), CONTROL_PRIORITY);
    return this.stats;
  }
}

/** Builds an Executor from its plan: `body(state, iteration, t0)` runs at the executor's start time t0. */
export function defineExecutor(
  kind: ExecutorKind,
  base: BaseOptions,
  body: (state: ExecutionState, iteration: Iteration, t0: Nanos) => void,
): Executor {
  const name = base.name ?? 'default';
  const launcher = new Launcher(kind, name, toNanos(base.startTime ?? 0, 'startTime'), `${name}/vu`);
  return {
    kind,
    name,
    stats: launcher.stats,
    start: (sim, iteration, hooks = {}) => launcher.launch(sim, hooks, (state) => body(state, iteration, sim.now)),
  };
}

export function gracefulStopOf(base: BaseOptions): Nanos {
  return toNanos(base.gracefulStop ?? DEFAULT_GRACEFUL_STOP, 'gracefulStop');
}
