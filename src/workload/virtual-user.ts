import type { Nanos, ScheduledEvent, Simulation, Uniform } from '../engine/index.js';

/**
 * One iteration of a user-supplied scenario: start the work for `vu` and call `done()` once, at
 * simulated time, when the iteration ends. If the executor cuts the iteration off (gracefulStop or
 * gracefulRampDown expired) a later `done()` is ignored; timers set with `vu.sleep` are cancelled
 * and callbacks registered with `vu.onInterrupt` run, the way k6 cancels an iteration's context.
 */
export type Iteration = (vu: VirtualUser, done: () => void) => void;

export type IterationOutcome = 'completed' | 'interrupted';

interface Running {
  readonly index: number;
  readonly timers: Set<ScheduledEvent>;
  readonly cleanups: Array<() => void>;
  readonly onEnd: (outcome: IterationOutcome) => void;
  ended?: IterationOutcome;
}

/**
 * A virtual user: k6's VU or a Locust user. It runs at most one iteration at a time and owns a
 * random stream of its own, so one VU's draws never shift another's.
 */
export class VirtualUser {
  /** 0-based number of the current (or last) iteration of this VU: k6's `__ITER`. */
  iteration = 0;
  /** Uniform [0, 1) stream seeded from the run seed and `streamName`. */
  readonly random: Uniform;
  private begun = 0;
  private current: Running | undefined;

  constructor(
    private readonly sim: Simulation,
    /** 1-based, like k6's `__VU`. */
    readonly id: number,
    readonly streamName: string,
  ) {
    this.random = sim.stream(streamName);
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** k6 `sleep()`: runs `then` after `delay` ns unless the iteration is interrupted first. */
  sleep(delay: Nanos, then: () => void): void {
    const run = this.requireRunning('sleep');
    const timer = this.sim.schedule(delay, () => {
      run.timers.delete(timer);
      then();
    });
    run.timers.add(timer);
  }

  /** Registers clean-up for the current iteration, run only if it is interrupted. */
  onInterrupt(cleanup: () => void): void {
    this.requireRunning('onInterrupt').cleanups.push(cleanup);
  }

  /**
   * Starts `iteration`: `onBegin` runs once `this.iteration` is set, before the scenario does;
   * `onEnd` is told once how it ended. Executors only.
   */
  begin(iteration: Iteration, onEnd: (outcome: IterationOutcome) => void, onBegin?: () => void): void {
    if (this.current) throw new Error(`VU ${this.id} is already running an iteration`);
    this.iteration = this.begun++;
    const run: Running = { index: this.iteration, timers: new Set(), cleanups: [], onEnd };
    this.current = run;
    onBegin?.();
    iteration(this, () => {
      if (run.ended === 'interrupted') return;
      if (run.ended === 'completed') throw new Error(`VU ${this.id}: done() called twice in iteration ${run.index}`);
      this.end(run, 'completed');
    });
  }

  /**
   * Cuts the current iteration off: cancels its sleeps and runs its clean-ups (a `done()` they
   * call is ignored) before the executor hears of it. Executors only.
   */
  interrupt(): void {
    const run = this.current;
    if (!run) return;
    run.ended = 'interrupted';
    for (const timer of run.timers) this.sim.cancel(timer);
    run.timers.clear();
    for (const cleanup of run.cleanups) cleanup();
    this.end(run, 'interrupted');
  }

  private end(run: Running, outcome: IterationOutcome): void {
    run.ended = outcome;
    this.current = undefined;
    run.onEnd(outcome);
  }

  private requireRunning(what: string): Running {
    if (!this.current) throw new Error(`VU ${this.id}: ${what}() outside an iteration`);
    return this.current;
  }
}
