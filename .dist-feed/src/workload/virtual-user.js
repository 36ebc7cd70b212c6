/**
 * A virtual user: k6's VU or a Locust user. It runs at most one iteration at a time and owns a
 * random stream of its own, so one VU's draws never shift another's.
 */
export class VirtualUser {
    sim;
    id;
    streamName;
    /** 0-based number of the current (or last) iteration of this VU: k6's `__ITER`. */
    iteration = 0;
    /** Uniform [0, 1) stream seeded from the run seed and `streamName`. */
    random;
    begun = 0;
    current;
    constructor(sim, 
    /** 1-based, like k6's `__VU`. */
    id, streamName) {
        this.sim = sim;
        this.id = id;
        this.streamName = streamName;
        this.random = sim.stream(streamName);
    }
    get busy() {
        return this.current !== undefined;
    }
    /** k6 `sleep()`: runs `then` after `delay` ns unless the iteration is interrupted first. */
    sleep(delay, then) {
        const run = this.requireRunning('sleep');
        const timer = this.sim.schedule(delay, () => {
            run.timers.delete(timer);
            then();
        });
        run.timers.add(timer);
    }
    /** Registers clean-up for the current iteration, run only if it is interrupted. */
    onInterrupt(cleanup) {
        this.requireRunning('onInterrupt').cleanups.push(cleanup);
    }
    /**
     * Starts `iteration`: `onBegin` runs once `this.iteration` is set, before the scenario does;
     * `onEnd` is told once how it ended. Executors only.
     */
    begin(iteration, onEnd, onBegin) {
        if (this.current)
            throw new Error(`VU ${this.id} is already running an iteration`);
        this.iteration = this.begun++;
        const run = { index: this.iteration, timers: new Set(), cleanups: [], onEnd };
        this.current = run;
        onBegin?.();
        iteration(this, () => {
            if (run.ended === 'interrupted')
                return;
            if (run.ended === 'completed')
                throw new Error(`VU ${this.id}: done() called twice in iteration ${run.index}`);
            this.end(run, 'completed');
        });
    }
    /**
     * Cuts the current iteration off: cancels its sleeps and runs its clean-ups (a `done()` they
     * call is ignored) before the executor hears of it. Executors only.
     */
    interrupt() {
        const run = this.current;
        if (!run)
            return;
        run.ended = 'interrupted';
        for (const timer of run.timers)
            this.sim.cancel(timer);
        run.timers.clear();
        for (const cleanup of run.cleanups)
            cleanup();
        this.end(run, 'interrupted');
    }
    end(run, outcome) {
        run.ended = outcome;
        this.current = undefined;
        run.onEnd(outcome);
    }
    requireRunning(what) {
        if (!this.current)
            throw new Error(`VU ${this.id}: ${what}() outside an iteration`);
        return this.current;
    }
}
