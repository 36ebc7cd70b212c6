import { CONTROL_PRIORITY, HARD_STOP_PRIORITY } from './execution-state.js';
import { defineExecutor, gracefulStopOf } from './executor.js';
import { toNanos, wholeNumber } from './options.js';
/**
 * Number of iterations a constant-arrival-rate executor schedules: those with i·timeUnit/rate <
 * duration, i.e. ceil(duration·rate / timeUnit).
 */
export function scheduledIterations(rate, timeUnit, duration) {
    const [r, u, d] = [BigInt(rate), BigInt(timeUnit), BigInt(duration)];
    return Number((d * r + u - 1n) / u);
}
/**
 * k6 `constant-arrival-rate` (options `rate`, `timeUnit`, `duration`, `preAllocatedVUs`, `maxVUs`,
 * `gracefulStop`): iteration i is due at t0 + ⌊i·timeUnit/rate⌋ ns for every i with that offset below
 * `duration`, whatever the system's response times (an open model). A due iteration runs on the VU
 * that has been idle longest. If no VU is free it is not started and counts in
 * `dropped_iterations`; as in k6, that also asks for one more VU (one at a time, up to maxVUs), which
 * joins the pool after `vuInitTime` and serves later iterations, never the dropped one. In-flight
 * iterations get `gracefulStop` after `duration`. All VUs stay active (k6 `vus`) until the end.
 *
 * k6 truncates the tick period to whole ns and multiplies it, which can squeeze one extra iteration
 * in just before `duration`; the exact rational times here schedule exactly ceil(rate·duration/timeUnit).
 */
export function constantArrivalRate(options) {
    const rate = wholeNumber(options.rate, 'rate', 1);
    const timeUnit = toNanos(options.timeUnit ?? '1s', 'timeUnit');
    if (timeUnit <= 0)
        throw new RangeError('timeUnit: must be positive');
    const duration = toNanos(options.duration, 'duration');
    if (duration <= 0)
        throw new RangeError('duration: must be positive');
    const preAllocated = wholeNumber(options.preAllocatedVUs, 'preAllocatedVUs');
    const maxVUs = wholeNumber(options.maxVUs ?? preAllocated, 'maxVUs', preAllocated);
    const vuInitTime = toNanos(options.vuInitTime ?? 0, 'vuInitTime');
    const gracefulStop = gracefulStopOf(options);
    const total = scheduledIterations(rate, timeUnit, duration);
    const [bigUnit, bigRate] = [BigInt(timeUnit), BigInt(rate)];
    const dueAt = (i) => Number((BigInt(i) * bigUnit) / bigRate);
    return defineExecutor('constant-arrival-rate', options, (state, iteration, t0) => {
        const idle = [];
        let allocating = false;
        const addVu = () => {
            idle.push(state.newVu());
            state.activate(+1);
        };
        for (let i = 0; i < preAllocated; i++)
            addVu();
        const tick = (i) => {
            const vu = idle.shift();
            if (vu) {
                state.run(vu, iteration, () => idle.push(vu));
            }
            else {
                state.drop(1);
                if (!allocating && state.vus.length < maxVUs) {
                    allocating = true;
                    state.at(state.sim.now + vuInitTime, 0, () => {
                        allocating = false;
                        if (!state.isClosed)
                            addVu();
                    });
                }
            }
            if (i + 1 < total)
                state.at(t0 + dueAt(i + 1), CONTROL_PRIORITY, () => tick(i + 1));
        };
        if (total > 0)
            state.at(t0, CONTROL_PRIORITY, () => tick(0));
        state.at(t0 + duration, CONTROL_PRIORITY, () => state.close());
        state.at(t0 + duration + gracefulStop, HARD_STOP_PRIORITY, () => state.interruptAll());
    });
}
