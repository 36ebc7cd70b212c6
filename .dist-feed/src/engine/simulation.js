import { EventList } from './event-list.js';
import { RandomStreams } from './random.js';
/**
 * The deterministic event loop: a clock, the event list and the run's random streams.
 * Everything else (components, workloads, models) is built by scheduling callbacks on it.
 */
export class Simulation {
    now = 0;
    events = new EventList();
    random;
    eventsFired = 0;
    stopped = false;
    constructor(seed = 1) {
        this.random = new RandomStreams(seed);
    }
    /** Schedules `action` after `delay` ns (rounded to whole ns). Lower priority fires first on ties. */
    schedule(delay, action, priority = 0) {
        if (!(delay >= 0))
            throw new RangeError(`cannot schedule into the past (delay ${delay})`);
        return this.events.push(this.now + Math.round(delay), priority, action);
    }
    /** Schedules `action` at absolute time `time` (not before now). */
    at(time, action, priority = 0) {
        return this.schedule(time - this.now, action, priority);
    }
    cancel(ev) {
        return this.events.cancel(ev);
    }
    stream(name) {
        return this.random.stream(name);
    }
    /** Makes `run` return once the current event's action has finished. */
    stop() {
        this.stopped = true;
    }
    /** Fires events in order until the list is empty, `stop()` is called or the next lies beyond `until`. */
    run(until = Number.MAX_SAFE_INTEGER) {
        const events = this.events;
        this.stopped = false;
        while (!this.stopped) {
            const next = events.peek();
            if (next === undefined || next.time > until)
                break;
            events.pop();
            this.now = next.time;
            this.eventsFired++;
            next.action(next.time);
        }
        if (until !== Number.MAX_SAFE_INTEGER && this.now < until)
            this.now = until;
    }
    get firedCount() {
        return this.eventsFired;
    }
}
