import { fromSeconds } from '../engine/index.js';
import { CONTROL_PRIORITY, HARD_STOP_PRIORITY } from './execution-state.js';
import { Launcher } from './executor.js';
import { LoopingVu } from './looping-vu.js';
import { toNanos, wholeNumber } from './options.js';
/**
 * A headless Locust run of one user class whose tasks form a SequentialTaskSet. Spawning follows
 * Locust 2's UsersDispatcher: every 1/spawnRate·max(1, ⌊spawnRate⌋) s it starts max(1, ⌊spawnRate⌋)
 * users at once, the first batch at t0, until `users` are running. A user starts its first task
 * at once, then after each task ends waits `waitTime` (drawn from the user's own wait stream) before
 * the next. Counters count tasks: each is one iteration. At `runTime` every user stops: a waiting
 * user at once, a running task gets `stopTimeout` (default 0) to finish and is then interrupted.
 */
export function locustUsers(options) {
    const users = wholeNumber(options.users, 'users', 1);
    const spawnRate = options.spawnRate;
    if (!(Number.isFinite(spawnRate) && spawnRate > 0))
        throw new RangeError(`spawnRate: must be positive, got ${spawnRate}`);
    const runTime = toNanos(options.runTime, 'runTime');
    const stopTimeout = toNanos(options.stopTimeout ?? 0, 'stopTimeout');
    const { tasks, waitTime } = options;
    if (tasks.length === 0)
        throw new RangeError('tasks: at least one task is required');
    const perBatch = Math.max(1, Math.floor(spawnRate));
    const batches = Math.ceil(users / perBatch);
    const name = options.name ?? 'locust';
    const launcher = new Launcher('locust', name, toNanos(options.startTime ?? 0, 'startTime'), `${name}/user`);
    const sequential = (vu, done) => tasks[vu.iteration % tasks.length](vu, done);
    return {
        kind: 'locust',
        name,
        stats: launcher.stats,
        start: (sim, hooks = {}) => launcher.launch(sim, hooks, (state) => {
            const t0 = sim.now;
            const loops = [];
            const spawn = (count) => {
                for (let i = 0; i < count; i++) {
                    const vu = state.newVu();
                    const wait = sim.stream(`${vu.streamName}/wait`);
                    const pause = () => {
                        const seconds = waitTime(wait);
                        if (!(Number.isFinite(seconds) && seconds >= 0))
                            throw new RangeError(`waitTime returned ${seconds}`);
                        return fromSeconds(seconds);
                    };
                    const loop = new LoopingVu(state, vu, sequential, { pause });
                    loops.push(loop);
                    loop.start();
                }
            };
            for (let b = 0; b < batches; b++) {
                const at = t0 + fromSeconds((b * perBatch) / spawnRate);
                if (at >= t0 + runTime)
                    break;
                state.at(at, CONTROL_PRIORITY, () => spawn(Math.min(perBatch, users - b * perBatch)));
            }
            state.at(t0 + runTime, CONTROL_PRIORITY, () => {
                for (const loop of loops)
                    loop.gracefulStop();
                state.close();
            });
            state.at(t0 + runTime + stopTimeout, HARD_STOP_PRIORITY, () => state.interruptAll());
        }),
    };
}
