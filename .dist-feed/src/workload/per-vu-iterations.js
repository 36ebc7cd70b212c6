import { CONTROL_PRIORITY, HARD_STOP_PRIORITY } from './execution-state.js';
import { defineExecutor, gracefulStopOf } from './executor.js';
import { LoopingVu } from './looping-vu.js';
import { toNanos, wholeNumber } from './options.js';
/**
 * k6 `per-vu-iterations` (options `vus`, `iterations`, `maxDuration`, `gracefulStop`): every VU
 * starts at t0 and runs its `iterations` back to back. After `maxDuration` no VU begins another
 * iteration; the iterations it will never begin count as `dropped_iterations` (as k6 reports them),
 * and one in flight gets `gracefulStop` to finish before it is interrupted. The run ends when the
 * last VU is done, which is usually well before maxDuration.
 */
export function perVuIterations(options = {}) {
    const vus = wholeNumber(options.vus ?? 1, 'vus', 1);
    const iterations = wholeNumber(options.iterations ?? 1, 'iterations', 1);
    const maxDuration = toNanos(options.maxDuration ?? '10m', 'maxDuration');
    const gracefulStop = gracefulStopOf(options);
    return defineExecutor('per-vu-iterations', options, (state, iteration, t0) => {
        let running = vus;
        const onStop = (unused) => {
            state.drop(unused);
            if (--running === 0)
                state.close();
        };
        const loops = Array.from({ length: vus }, () => new LoopingVu(state, state.newVu(), iteration, { budget: iterations, onStop }));
        state.at(t0 + maxDuration, CONTROL_PRIORITY, () => {
            for (const loop of loops)
                loop.gracefulStop();
            state.close();
        });
        state.at(t0 + maxDuration + gracefulStop, HARD_STOP_PRIORITY, () => state.interruptAll());
        for (const loop of loops)
            loop.start();
    });
}
