import { EventList, type ScheduledEvent } from './event-list.js';
import { RandomStreams, type Uniform } from './random.js';
import type { Nanos } from './time.js';

export type { ScheduledEvent };

/** How often the progress hook hears of a running simulation, in events (a power of two). */
const PROGRESS_EVERY = 1 << 14;

/**
 * A progress display's view of the simulations in this thread (src/cli/progress.ts): told when
 * one starts and, every PROGRESS_EVERY events, its clock. It only reads; unset, it costs one test.
 */
export const progressHook: { onStart?: () => void; onEvents?: (clockNs: Nanos, events: number) => void } = {};

/**
 * The deterministic event loop: a clock, the event list and the run's random streams.
 * Everything else (components, workloads, models) is built by scheduling callbacks on it.
 */
export class Simulation {
  now: Nanos = 0;
  readonly events = new EventList();
  readonly random: RandomStreams;
  private eventsFired = 0;
  private stopped = false;

  constructor(seed: number | string = 1) {
    this.random = new RandomStreams(seed);
    progressHook.onStart?.();
  }

  /** Schedules `action` after `delay` ns (rounded to whole ns). Lower priority fires first on ties. */
  schedule(delay: Nanos, action: (now: Nanos) => void, priority = 0): ScheduledEvent {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule into the past (delay ${delay})`);
    return this.events.push(this.now + Math.round(delay), priority, action);
  }

  /** Schedules `action` at absolute time `time` (not before now). */
  at(time: Nanos, action: (now: Nanos) => void, priority = 0): ScheduledEvent {
    return this.schedule(time - this.now, action, priority);
  }

  cancel(ev: ScheduledEvent): boolean {
    return this.events.cancel(ev);
  }

  stream(name: string): Uniform {
    return this.random.stream(name);
  }

  /** Makes `run` return once the current event's action has finished. */
  stop(): void {
    this.stopped = true;
  }

  /** Fires events in order until the list is empty, `stop()` is called or the next lies beyond `until`. */
  run(until: Nanos = Number.MAX_SAFE_INTEGER): void {
    const events = this.events;
    this.stopped = false;
    while (!this.stopped) {
      const next = events.peek();
      if (next === undefined || next.time > until) break;
      events.pop();
      this.now = next.time;
      if ((++this.eventsFired & (PROGRESS_EVERY - 1)) === 0 && progressHook.onEvents) progressHook.onEvents(next.time, PROGRESS_EVERY);
      next.action(next.time);
    }
    if (until !== Number.MAX_SAFE_INTEGER && this.now < until) this.now = until;
  }

  get firedCount(): number {
    return this.eventsFired;
  }
}
