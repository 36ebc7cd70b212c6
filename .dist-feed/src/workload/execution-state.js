import { VirtualUser } from './virtual-user.js';
/**
 * Event priorities at one instant (lower fires first). Scenario events (priority 0) come first, so
 * an iteration that ends exactly when a stage changes or the duration ends counts as completed and
 * its VU is free; then the executor's plan (stage steps, arrival ticks, the end of the regular
 * duration); then a looping VU's next iteration, so none starts at the instant it was told to stop;
 * hard stops last.
 */
export const CONTROL_PRIORITY = 1;
export const NEXT_ITERATION_PRIORITY = 2;
export const HARD_STOP_PRIORITY = 3;
/**
 * The bookkeeping every executor shares (k6's ExecutionState, per scenario): its VUs, the
 * counters, its pending plan events, and the rule for when the run is over: once closed (no new
 * iterations will start) and nothing is in flight.
 */
export class ExecutionState {
    sim;
    stats;
    hooks;
    streamPrefix;
    vus = [];
    plan = new Set();
    closed = false;
    finished = false;
    constructor(sim, stats, hooks, streamPrefix) {
        this.sim = sim;
        this.stats = stats;
        this.hooks = hooks;
        this.streamPrefix = streamPrefix;
    }
    get isClosed() {
        return this.closed;
    }
    get inFlight() {
        return this.stats.started - this.stats.completed - this.stats.interrupted;
    }
    /** Initialises a VU (counts towards `vus_max`; not yet active). */
    newVu() {
        const vu = new VirtualUser(this.sim, this.vus.length + 1, `${this.streamPrefix}/${this.vus.length + 1}`);
        this.vus.push(vu);
        this.stats.vusMax = this.vus.length;
        return vu;
    }
    /** Changes the active-VU count (k6 `vus`). */
    activate(delta) {
        if (this.finished || delta === 0)
            return;
        const stats = this.stats;
        const t = this.sim.now;
        stats.vus += delta;
        const last = stats.vusSeries[stats.vusSeries.length - 1];
        if (last?.t === t)
            last.vus = stats.vus;
        else
            stats.vusSeries.push({ t, vus: stats.vus });
        this.hooks.onVus?.(t, stats.vus);
    }
    /** Runs one counted iteration on `vu`; `onEnd` runs before the run checks whether it is over. */
    run(vu, iteration, onEnd) {
        this.stats.started++;
        vu.begin(iteration, (outcome) => {
            if (outcome === 'completed')
                this.stats.completed++;
            else
                this.stats.interrupted++;
            this.hooks.onIterationEnd?.(vu, this.sim.now, outcome);
            onEnd(outcome);
            this.checkFinished();
        }, () => this.hooks.onIterationStart?.(vu, this.sim.now));
    }
    drop(count) {
        if (count <= 0)
            return;
        this.stats.dropped += count;
        this.hooks.onDropped?.(this.sim.now, count);
    }
    /** Schedules a plan event at absolute `time`; pending ones are cancelled when the run is over. */
    at(time, priority, action) {
        const ev = this.sim.at(time, () => {
            this.plan.delete(ev);
            action();
        }, priority);
        this.plan.add(ev);
    }
    /** No new iterations from now on; the run is over once the ones in flight have ended. */
    close() {
        this.closed = true;
        this.checkFinished();
    }
    /** Hard stop: interrupts every iteration still in flight. */
    interruptAll() {
        for (const vu of this.vus)
            if (vu.busy)
                vu.interrupt();
    }
    checkFinished() {
        if (!this.closed || this.finished || this.inFlight > 0)
            return;
        this.activate(-this.stats.vus);
        this.finished = true;
        const stats = this.stats;
        stats.finishedAt = this.sim.now;
        stats.duration = stats.finishedAt - (stats.startedAt ?? 0);
        for (const ev of this.plan)
            this.sim.cancel(ev);
        this.plan.clear();
        this.hooks.onFinish?.(stats);
    }
}
