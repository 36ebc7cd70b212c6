import { NS_PER_S } from '../engine/time.js';
/**
 * k6's Counter (http_reqs, data_sent, iterations): a cumulative sum. Its rate is over the whole
 * test run, as k6's CounterSink reports it, not over the time the counter was active.
 */
export class Counter {
    total = 0;
    get count() {
        return this.total;
    }
    add(n = 1) {
        if (!(n >= 0 && n < Infinity))
            throw new RangeError(`counter increment must be finite and ≥ 0, got ${n}`);
        this.total += n;
    }
    /** `{count, rate}` with rate per second of `durationNs`; 0 for a zero-length run rather than Infinity. */
    summary(durationNs) {
        return { count: this.total, rate: durationNs > 0 ? this.total / (durationNs / NS_PER_S) : 0 };
    }
}
