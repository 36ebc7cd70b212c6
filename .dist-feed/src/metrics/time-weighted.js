/**
 * The time-weighted mean and peak of a level that changes at instants: queue length, busy cores,
 * connections in use. A level holds from the time it is set until the next change, so the mean is
 * the area under the step function divided by the elapsed time (Little's law needs exactly this
 * mean queue length; utilisation is the mean of busy cores over the core count).
 */
export class TimeWeighted {
    startNs;
    area = 0;
    since;
    current;
    peak;
    constructor(startNs = 0, initialLevel = 0) {
        this.startNs = startNs;
        this.since = startNs;
        this.current = initialLevel;
        this.peak = initialLevel;
    }
    get level() {
        return this.current;
    }
    /** Highest level held at any time, including the initial one. */
    get max() {
        return this.peak;
    }
    set(timeNs, level) {
        if (timeNs < this.since)
            throw new RangeError(`level set at ${timeNs} ns, before the last change at ${this.since} ns`);
        this.area += this.current * (timeNs - this.since);
        this.since = timeNs;
        this.current = level;
        if (level > this.peak)
            this.peak = level;
    }
    /** Changes the level by `delta` (+1 when a job queues, −1 when it leaves). */
    add(timeNs, delta) {
        this.set(timeNs, this.current + delta);
    }
    /** Area under the level from the start to `untilNs`, in level·ns. */
    integral(untilNs) {
        if (untilNs < this.since)
            throw new RangeError(`cannot integrate to ${untilNs} ns, before the last change at ${this.since} ns`);
        return this.area + this.current * (untilNs - this.since);
    }
    /** Time-weighted mean over [start, untilNs]; the current level for an empty interval. */
    mean(untilNs) {
        const elapsed = untilNs - this.startNs;
        return elapsed > 0 ? this.integral(untilNs) / elapsed : this.current;
    }
}
