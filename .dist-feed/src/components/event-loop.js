/**
 * A single-threaded event loop (asyncio/uvicorn, Node, Redis) on one core. Work that becomes ready
 * while an iteration runs waits for the next one, as asyncio's ready queue does; every iteration
 * pays one wake-up. Under load iterations grow and carry more messages per wake-up and per read, so
 * the CPU cost per message falls, as measured on the real chat server (environment.md).
 */
export class EventLoop {
    sim;
    opts;
    ready = [];
    sources = [];
    running = false;
    busyNs = 0;
    iterationCount = 0;
    iterationEnd = 0;
    /** Called with (start, end) of each iteration so a model can chart busy time per second. */
    onBusy;
    constructor(sim, opts) {
        this.sim = sim;
        this.opts = opts;
    }
    get speed() {
        return this.opts.speed;
    }
    /** Queues a callback that costs `costNs` of CPU; `done` fires at its exact completion time. */
    post(costNs, done) {
        this.ready.push({ cost: costNs, done });
        this.notify();
    }
    addSource(source) {
        this.sources.push(source);
    }
    /** Tells an idle loop that a source may have become readable. */
    notify() {
        if (!this.running) {
            this.running = true;
            this.sim.schedule(0, () => this.iterate());
        }
    }
    /** Total CPU time spent so far, including the iteration in progress. */
    get busy() {
        return this.busyNs;
    }
    /** CPU time spent up to `t`: the part of an iteration running past `t` is not counted. */
    busyUntil(t) {
        return this.busyNs - Math.max(0, this.iterationEnd - t);
    }
    get iterations() {
        return this.iterationCount;
    }
    iterate() {
        const start = this.sim.now;
        const speed = this.opts.speed;
        let used = this.opts.wakeCostNs / speed;
        const batch = this.ready;
        this.ready = [];
        for (const item of batch) {
            used += item.cost / speed;
            this.sim.at(start + Math.round(used), item.done);
        }
        for (const source of this.sources)
            if (source.pending())
                used += source.run(start + Math.round(used), speed);
        const end = start + Math.max(1, Math.round(used));
        this.busyNs += end - start;
        this.iterationEnd = end;
        this.iterationCount++;
        this.onBusy?.(start, end);
        this.sim.at(end, () => this.afterIteration(), 1);
    }
    afterIteration() {
        if (this.ready.length > 0 || this.sources.some((s) => s.pending()))
            this.iterate();
        else
            this.running = false;
    }
}
