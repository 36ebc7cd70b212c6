import type { Nanos, ScheduledEvent } from '../engine/index.js';
import { NEXT_ITERATION_PRIORITY, type ExecutionState } from './execution-state.js';
import type { Iteration, IterationOutcome, VirtualUser } from './virtual-user.js';

export interface LoopOptions {
  /** Iterations this VU may still run (per-vu-iterations); unlimited by default. */
  budget?: number;
  /** Pause after each completed iteration, in ns (Locust's wait_time); none by default. */
  pause?: () => Nanos;
  /** Told when the VU stops, with the iterations of its budget it never began. */
  onStop?: (unused: number) => void;
}

type Mode = 'stopped' | 'running' | 'stopping';

/**
 * A VU that loops iterations while running: k6's vuHandle. `gracefulStop` lets the current
 * iteration finish (a VU between iterations stops at once); `start` while stopping simply keeps it
 * looping; `hardStop` interrupts the iteration in flight. Active (k6 `vus`) while not stopped.
 */
export class LoopingVu {
  private mode: Mode = 'stopped';
  private next: ScheduledEvent | undefined;
  private remaining: number;

  constructor(
    private readonly state: ExecutionState,
    readonly vu: VirtualUser,
    private readonly iteration: Iteration,
    private readonly options: LoopOptions = {},
  ) {
    this.remaining = options.budget ?? Infinity;
  }

  start(): void {
    if (this.mode === 'running') return;
    if (this.mode === 'stopping') {
      this.mode = 'running';
      return;
    }
    this.mode = 'running';
    this.state.activate(+1);
    this.loop();
  }

  gracefulStop(): void {
    if (this.mode !== 'running') return;
    if (this.vu.busy) this.mode = 'stopping';
    else this.stop();
  }

  hardStop(): void {
    if (this.mode === 'stopped') return;
    if (this.vu.busy) this.vu.interrupt(); // ended() stops the loop
    else this.stop();
  }

  private loop(): void {
    this.next = undefined;
    if (this.remaining <= 0) return this.stop();
    this.remaining--;
    const startedAt = this.state.sim.now;
    this.state.run(this.vu, this.iteration, (outcome) => this.ended(outcome, startedAt));
  }

  private ended(outcome: IterationOutcome, startedAt: Nanos): void {
    // A hard stop always ends the loop, even of a VU no one asked to stop gracefully first.
    if (outcome === 'interrupted' || this.mode !== 'running' || this.remaining <= 0) return this.stop();
    const sim = this.state.sim;
    const pause = this.options.pause?.() ?? 0;
    if (pause === 0 && sim.now === startedAt && this.remaining === Infinity) {
      throw new Error(
        `VU ${this.vu.id}: iteration ${this.vu.iteration} took no simulated time; looping it would never let time advance`,
      );
    }
    this.next = sim.schedule(pause, () => this.loop(), NEXT_ITERATION_PRIORITY);
  }

  private stop(): void {
    if (this.next) this.state.sim.cancel(this.next);
    this.next = undefined;
    this.mode = 'stopped';
    this.state.activate(-1);
    this.options.onStop?.(this.remaining === Infinity ? 0 : this.remaining);
  }
}
