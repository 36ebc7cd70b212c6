import { CONTROL_PRIORITY, HARD_STOP_PRIORITY } from './execution-state.js';
import { defineExecutor, gracefulStopOf } from './executor.js';
import { LoopingVu } from './looping-vu.js';
import { toNanos, wholeNumber } from './options.js';
/**
 * k6 `constant-vus` (options `vus`, `duration`, `gracefulStop`): `vus` VUs loop iterations back to
 * back from t0. None begins at or after t0 + duration; an iteration in flight then gets
 * `gracefulStop` (default 30 s) to finish and is interrupted after that. The run ends when the last
 * VU has stopped.
 */
export function constantVus(options) {
    const vus = wholeNumber(options.vus ?? 1, 'vus', 1);
    const duration = toNanos(options.duration, 'duration');
    if (duration <= 0)
        throw new RangeError('duration: must be positive');
    const gracefulStop = gracefulStopOf(options);
    return defineExecutor('constant-vus', options, (state, iteration, t0) => {
        const loops = Array.from({ length: vus }, () => new LoopingVu(state, state.newVu(), iteration));
        state.at(t0 + duration, CONTROL_PRIORITY, () => {
            for (const loop of loops)
                loop.gracefulStop();
            state.close();
        });
        state.at(t0 + duration + gracefulStop, HARD_STOP_PRIORITY, () => state.interruptAll());
        for (const loop of loops)
            loop.start();
    });
}
