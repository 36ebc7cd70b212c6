import { NEXT_ITERATION_PRIORITY } from './execution-state.js';
/**
 * A VU that loops iterations while running: k6's vuHandle. `gracefulStop` lets the current
 * iteration finish (a VU between iterations stops at once); `start` while stopping simply keeps it
 * looping; `hardStop` interrupts the iteration in flight. Active (k6 `vus`) while not stopped.
 */
export class LoopingVu {
    state;
    vu;
    iteration;
    options;
    mode = 'stopped';
    next;
    remaining;
    constructor(state, vu, iteration, options = {}) {
        this.state = state;
        this.vu = vu;
        this.iteration = iteration;
        this.options = options;
        this.remaining = options.budget ?? Infinity;
    }
    start() {
        if (this.mode === 'running')
            return;
        if (this.mode === 'stopping') {
            this.mode = 'running';
            return;
        }
        this.mode = 'running';
        this.state.activate(+1);
        this.loop();
    }
    gracefulStop() {
        if (this.mode !== 'running')
            return;
        if (this.vu.busy)
            this.mode = 'stopping';
        else
            this.stop();
    }
    hardStop() {
        if (this.mode === 'stopped')
            return;
        if (this.vu.busy)
            this.vu.interrupt(); // ended() stops the loop
        else
            this.stop();
    }
    loop() {
        this.next = undefined;
        if (this.remaining <= 0)
            return this.stop();
        this.remaining--;
        const startedAt = this.state.sim.now;
        this.state.run(this.vu, this.iteration, (outcome) => this.ended(outcome, startedAt));
    }
    ended(outcome, startedAt) {
        // A hard stop always ends the loop, even of a VU no one asked to stop gracefully first.
        if (outcome === 'interrupted' || this.mode !== 'running' || this.remaining <= 0)
            return this.stop();
        const sim = this.state.sim;
        const pause = this.options.pause?.() ?? 0;
        if (pause === 0 && sim.now === startedAt && this.remaining === Infinity) {
            throw new Error(`VU ${this.vu.id}: iteration ${this.vu.iteration} took no simulated time; looping it would never let time advance`);
        }
        this.next = sim.schedule(pause, () => this.loop(), NEXT_ITERATION_PRIORITY);
    }
    stop() {
        if (this.next)
            this.state.sim.cancel(this.next);
        this.next = undefined;
        this.mode = 'stopped';
        this.state.activate(-1);
        this.options.onStop?.(this.remaining === Infinity ? 0 : this.remaining);
    }
}
