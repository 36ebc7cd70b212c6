import type { Nanos } from '../engine/time.js';

/**
 * The time-weighted mean and peak of a level that changes at instants: queue length, busy cores,
 * connections in use. A level holds from the time it is set until the next change, so the mean is
 * the area under the step function divided by the elapsed time (Little's law needs exactly this
 * mean queue length; utilisation is the mean of busy cores over the core count).
 */
export class TimeWeighted {
  private area = 0;
  private since: Nanos;
  private current: number;
  private peak: number;

  constructor(
    readonly startNs: Nanos = 0,
    initialLevel = 0,
  ) {
    this.since = startNs;
    this.current = initialLevel;
    this.peak = initialLevel;
  }

  get level(): number {
    return this.current;
  }

  /** When the level last changed: a component read for an earlier instant integrates up to here. */
  get changedAt(): Nanos {
    return this.since;
  }

  /** Highest level held at any time, including the initial one. */
  get max(): number {
    return this.peak;
  }

  set(timeNs: Nanos, level: number): void {
    if (timeNs < this.since) throw new RangeError(`level set at ${timeNs} ns, before the last change at ${this.since} ns`);
    this.area += this.current * (timeNs - this.since);
    this.since = timeNs;
    this.current = level;
    if (level > this.peak) this.peak = level;
  }

  /** Changes the level by `delta` (+1 when a job queues, −1 when it leaves). */
  add(timeNs: Nanos, delta: number): void {
    this.set(timeNs, this.current + delta);
  }

  /** Area under the level from the start to `untilNs`, in level·ns. */
  integral(untilNs: Nanos): number {
    if (untilNs < this.since) throw new RangeError(`cannot integrate to ${untilNs} ns, before the last change at ${this.since} ns`);
    return this.area + this.current * (untilNs - this.since);
  }

  /** Time-weighted mean over [start, untilNs]; the current level for an empty interval. */
  mean(untilNs: Nanos): number {
    const elapsed = untilNs - this.startNs;
    return elapsed > 0 ? this.integral(untilNs) / elapsed : this.current;
  }
}
