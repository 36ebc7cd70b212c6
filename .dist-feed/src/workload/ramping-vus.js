import { CONTROL_PRIORITY, HARD_STOP_PRIORITY } from './execution-state.js';
import { defineExecutor, gracefulStopOf } from './executor.js';
import { LoopingVu } from './looping-vu.js';
import { toNanos, wholeNumber } from './options.js';
import { allowedSteps, rampSteps } from './ramp-plan.js';
/** The schedule a ramping-vus executor follows, offsets from its start (ns). */
export function rampingVusPlan(options) {
    const startVUs = wholeNumber(options.startVUs ?? 1, 'startVUs');
    if (options.stages.length === 0)
        throw new RangeError('stages: at least one stage is required');
    const stages = options.stages.map((s, i) => ({
        duration: toNanos(s.duration, `stages[${i}].duration`),
        target: wholeNumber(s.target, `stages[${i}].target`),
    }));
    const maxVUs = Math.max(startVUs, ...stages.map((s) => s.target));
    if (maxVUs === 0)
        throw new RangeError('either startVUs or one stage target must be greater than 0');
    const end = stages.reduce((sum, s) => sum + s.duration, 0);
    const gracefulRampDown = toNanos(options.gracefulRampDown ?? '30s', 'gracefulRampDown');
    // Steps at one instant (a zero-duration stage, the drop to 0 at the end) apply together: only
    // the last value at an instant is ever in force, so no VU starts just to be stopped.
    const planned = rampSteps(startVUs, stages, true).filter((s, i, all) => all[i + 1]?.t !== s.t);
    return {
        planned,
        allowed: allowedSteps(rampSteps(startVUs, stages, false), gracefulRampDown, end + gracefulStopOf(options)),
        end,
        maxVUs,
    };
}
/**
 * k6 `ramping-vus` (options `startVUs`, `stages`, `gracefulRampDown`, `gracefulStop`): VUs loop
 * iterations while the number of active VUs follows the stages' linear ramps stepwise, as k6 does
 * (see rampSteps). VU slots are filled and emptied from the top: a VU removed by a ramp-down
 * finishes its current iteration, and is interrupted if that takes longer than gracefulRampDown;
 * one re-added meanwhile just keeps looping. At the end of the last stage all VUs stop gracefully
 * and whatever runs past gracefulStop is interrupted.
 *
 * Simplification: k6 hands a restarted slot whichever initialised VU is free, so `__VU` can change;
 * here slot i is always VU i + 1.
 */
export function rampingVus(options) {
    const plan = rampingVusPlan(options);
    return defineExecutor('ramping-vus', options, (state, iteration, t0) => {
        const loops = Array.from({ length: plan.maxVUs }, () => new LoopingVu(state, state.newVu(), iteration));
        let planned = 0;
        for (const step of plan.planned) {
            state.at(t0 + step.t, CONTROL_PRIORITY, () => {
                for (; planned < step.vus; planned++)
                    loops[planned].start();
                for (; planned > step.vus; planned--)
                    loops[planned - 1].gracefulStop();
            });
        }
        state.at(t0 + plan.end, CONTROL_PRIORITY, () => state.close());
        let allowed = plan.maxVUs;
        for (const step of plan.allowed) {
            state.at(t0 + step.t, HARD_STOP_PRIORITY, () => {
                for (; allowed > step.vus; allowed--)
                    loops[allowed - 1].hardStop();
                allowed = step.vus;
            });
        }
    });
}
