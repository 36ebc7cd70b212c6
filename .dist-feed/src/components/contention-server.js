import { CompletionHeap } from './completion-heap.js';
/**
 * Processor sharing with a rate that depends on how many jobs share it: every job in service
 * progresses at throughput(n)/n. Like the Cpu, it tracks the work one job has received (`work`)
 * and each job's finish tag, so a change of n only moves the single next-completion event:
 * O(log n) per job however much work a job carries (501 statements cost one job, not 501 events).
 * Cancelled jobs stay in the heap, marked, and are dropped when they reach the top.
 */
export class ContentionServer {
    sim;
    options;
    heap = new CompletionHeap();
    work = 0;
    perJobRate = 0;
    active = 0;
    /** Σ tag over live jobs, so the remaining work is sumTags − active · work without a heap walk. */
    sumTags = 0;
    last;
    start;
    pending = null;
    busyArea = 0;
    nArea = 0;
    maxN = 0;
    done = 0;
    completedJobs = 0;
    cancelledJobs = 0;
    constructor(sim, options) {
        this.sim = sim;
        this.options = options;
        this.start = this.last = sim.now;
    }
    get inService() {
        return this.active;
    }
    /** Starts a job of `demand` work units; `onDone` fires when it has received them all. */
    submit(demand, onDone) {
        if (!(demand >= 0 && demand < Infinity))
            throw new RangeError(`demand must be finite and >= 0, got ${demand}`);
        this.advance(this.sim.now);
        const job = { demand, submittedAt: this.sim.now, tag: this.work + demand, cancelled: false, finished: false, onDone };
        this.heap.push(job.tag, job.submittedAt, job);
        this.active++;
        this.sumTags += job.tag;
        if (this.active > this.maxN)
            this.maxN = this.active;
        this.changed();
        return job;
    }
    /** Takes a job out of service (its client went away); returns the work it had received. */
    cancel(handle) {
        const job = handle;
        if (job.finished)
            return job.demand;
        if (job.cancelled)
            return 0;
        this.advance(this.sim.now);
        job.cancelled = true;
        this.active--;
        this.sumTags -= job.tag;
        this.cancelledJobs++;
        const received = job.demand - Math.max(0, job.tag - this.work);
        this.changed();
        return received;
    }
    /** Work still owed to the jobs in service. */
    remainingWork() {
        this.advance(this.sim.now);
        return Math.max(0, this.sumTags - this.active * this.work);
    }
    /** Total throughput now (work per ns), 0 when idle. */
    currentThroughput() {
        return this.perJobRate * this.active;
    }
    /** The throughput function reads state that just changed: re-rate the jobs in service. */
    rateChanged() {
        this.advance(this.sim.now);
        this.changed();
    }
    stats(untilNs = this.sim.now) {
        this.advance(Math.max(this.last, Math.min(untilNs, this.sim.now)));
        const elapsed = untilNs - this.start;
        const tail = Math.max(0, untilNs - this.last);
        const per = (area) => (elapsed > 0 ? area / elapsed : 0);
        return {
            busyFraction: per(this.busyArea + (this.active > 0 ? tail : 0)),
            meanInService: per(this.nArea + this.active * tail),
            maxInService: this.maxN,
            workDone: this.done + this.perJobRate * this.active * tail,
            completed: this.completedJobs,
            cancelled: this.cancelledJobs,
        };
    }
    advance(now) {
        const dt = now - this.last;
        if (dt <= 0)
            return;
        this.work += this.perJobRate * dt;
        this.done += this.perJobRate * this.active * dt;
        if (this.active > 0)
            this.busyArea += dt;
        this.nArea += this.active * dt;
        this.last = now;
    }
    tick = (now) => {
        this.pending = null;
        this.advance(now);
        this.dropCancelled();
        // The event sits at the ceiling of the exact completion: snap away the float residue.
        if (this.heap.size > 0 && this.work < this.heap.minTag)
            this.work = this.heap.minTag;
        const finished = [];
        while (this.heap.size > 0 && this.heap.minTag <= this.work) {
            const job = this.heap.pop();
            if (job.cancelled)
                continue;
            job.finished = true;
            // The event sits up to 1 ns past the exact finish: that sliver was not work for this job.
            this.done -= this.work - job.tag;
            this.active--;
            this.sumTags -= job.tag;
            this.completedJobs++;
            finished.push(job);
        }
        this.changed();
        for (const job of finished)
            job.onDone(now);
    };
    dropCancelled() {
        while (this.heap.size > 0 && this.heap.peekRef().cancelled)
            this.heap.pop();
    }
    changed() {
        this.dropCancelled();
        if (this.active === 0) {
            // Idle: restart the tag scale (keeps precision) and forget cancelled leftovers.
            while (this.heap.size > 0)
                this.heap.pop();
            this.work = 0;
            this.sumTags = 0;
        }
        const rate = this.active === 0 ? 0 : this.options.throughput(this.active) / this.active;
        if (!(rate >= 0 && rate < Infinity))
            throw new RangeError(`throughput(${this.active}) must be finite and >= 0, got ${rate * this.active}`);
        this.perJobRate = rate;
        const target = this.active === 0 || rate === 0 ? Infinity : this.last + Math.max(0, Math.ceil((this.heap.minTag - this.work) / rate));
        if (this.pending !== null) {
            if (this.pending.time === target)
                return;
            this.sim.cancel(this.pending);
            this.pending = null;
        }
        if (target !== Infinity)
            this.pending = this.sim.at(Math.max(target, this.sim.now), this.tick);
    }
}
