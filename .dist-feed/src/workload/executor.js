import { CONTROL_PRIORITY, ExecutionState } from './execution-state.js';
import { toNanos } from './options.js';
import { emptyStats } from './stats.js';
export const DEFAULT_GRACEFUL_STOP = '30s';
/** Starts a run once: stamps startedAt, then calls `body` at startTime with a fresh ExecutionState. */
export class Launcher {
    kind;
    name;
    startTime;
    vuPrefix;
    stats;
    launched = false;
    constructor(kind, name, startTime, vuPrefix) {
        this.kind = kind;
        this.name = name;
        this.startTime = startTime;
        this.vuPrefix = vuPrefix;
        this.stats = emptyStats(kind, name);
    }
    launch(sim, hooks, body) {
        if (this.launched)
            throw new Error(`${this.kind} "${this.name}" was already started; create one executor per run`);
        this.launched = true;
        this.stats.startedAt = sim.now;
        const state = new ExecutionState(sim, this.stats, hooks, this.vuPrefix);
        sim.schedule(this.startTime, () => body(state), CONTROL_PRIORITY);
        return this.stats;
    }
}
/** Builds an Executor from its plan: `body(state, iteration, t0)` runs at the executor's start time t0. */
export function defineExecutor(kind, base, body) {
    const name = base.name ?? 'default';
    const launcher = new Launcher(kind, name, toNanos(base.startTime ?? 0, 'startTime'), `${name}/vu`);
    return {
        kind,
        name,
        stats: launcher.stats,
        start: (sim, iteration, hooks = {}) => launcher.launch(sim, hooks, (state) => body(state, iteration, sim.now)),
    };
}
export function gracefulStopOf(base) {
    return toNanos(base.gracefulStop ?? DEFAULT_GRACEFUL_STOP, 'gracefulStop');
}
