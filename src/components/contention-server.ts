import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import { CompletionHeap } from './completion-heap.js';

export interface ContentionServerOptions {
  /**
   * Total work completed per ns when n ≥ 1 jobs are in service, shared equally among them. A
   * database under the Universal Scalability Law is X(n) = λn / (1 + σ(n−1) + κn(n−1)); a lock
   * that admits one writer at a time is a constant. May read state the owner changes, as long as
   * the owner calls `rateChanged()` when it does.
   */
  throughput(n: number): number;
}

/** A job in service; keep it to cancel it. */
export interface ContentionJob {
  readonly demand: number;
  readonly submittedAt: Nanos;
}

interface Job extends ContentionJob {
  tag: number;
  cancelled: boolean;
  finished: boolean;
  onDone: (now: Nanos) => void;
}

export interface ContentionServerStats {
  /** Fraction of time with at least one job in service. */
  busyFraction: number;
  /** Time-averaged jobs in service. */
  meanInService: number;
  maxInService: number;
  /** Work completed (including the share done for jobs cancelled later). */
  workDone: number;
  completed: number;
  cancelled: number;
}

/**
 * Processor sharing with a rate that depends on how many jobs share it: every job in service
 * progresses at throughput(n)/n. Like the Cpu, it tracks the work one job has received (`work`)
 * and each job's finish tag, so a change of n only moves the single next-completion event:
 * O(log n) per job however much work a job carries (501 statements cost one job, not 501 events).
 * Cancelled jobs stay in the heap, marked, and are dropped when they reach the top.
 */
export class ContentionServer {
  private readonly heap = new CompletionHeap<Job>();
  private work = 0;
  private perJobRate = 0;
  private active = 0;
  /** Σ tag over live jobs, so the remaining work is sumTags − active · work without a heap walk. */
  private sumTags = 0;
  private last: Nanos;
  private readonly start: Nanos;
  private pending: ScheduledEvent | null = null;
  private busyArea = 0;
  private nArea = 0;
  private maxN = 0;
  private done = 0;
  private completedJobs = 0;
  private cancelledJobs = 0;

  constructor(private readonly sim: Simulation, private readonly options: ContentionServerOptions) {
    this.start = this.last = sim.now;
  }

  get inService(): number {
    return this.active;
  }

  /** Starts a job of `demand` work units; `onDone` fires when it has received them all. */
  submit(demand: number, onDone: (now: Nanos) => void): ContentionJob {
    if (!(demand >= 0 && demand < Infinity)) throw new RangeError(`demand must be finite and >= 0, got ${demand}`);
    this.advance(this.sim.now);
    const job: Job = { demand, submittedAt: this.sim.now, tag: this.work + demand, cancelled: false, finished: false, onDone };
    this.heap.push(job.tag, job.submittedAt, job);
    this.active++;
    this.sumTags += job.tag;
    if (this.active > this.maxN) this.maxN = this.active;
    this.changed();
    return job;
  }

  /** Takes a job out of service (its client went away); returns the work it had received. */
  cancel(handle: ContentionJob): number {
    const job = handle as Job;
    if (job.finished) return job.demand;
    if (job.cancelled) return 0;
    this.advance(this.sim.now);
    job.cancelled = true;
    this.active--;
    this.sumTags -= job.tag;
    this.cancelledJobs++;
    const received = job.demand - Math.max(0, job.tag - this.work);
    this.changed();
    return received;
  }

  /** Work still owed to the jobs in service. */
  remainingWork(): number {
    this.advance(this.sim.now);
    return Math.max(0, this.sumTags - this.active * this.work);
  }

  /** The throughput function reads state that just changed: re-rate the jobs in service. */
  rateChanged(): void {
    this.advance(this.sim.now);
    this.changed();
  }

  stats(untilNs: Nanos = this.sim.now): ContentionServerStats {
    this.advance(Math.max(this.last, Math.min(untilNs, this.sim.now)));
    const elapsed = untilNs - this.start;
    const tail = Math.max(0, untilNs - this.last);
    const per = (area: number): number => (elapsed > 0 ? area / elapsed : 0);
    return {
      busyFraction: per(this.busyArea + (this.active > 0 ? tail : 0)),
      meanInService: per(this.nArea + this.active * tail),
      maxInService: this.maxN,
      workDone: this.done + this.perJobRate * this.active * tail,
      completed: this.completedJobs,
      cancelled: this.cancelledJobs,
    };
  }

  private advance(now: Nanos): void {
    const dt = now - this.last;
    if (dt <= 0) return;
    this.work += this.perJobRate * dt;
    this.done += this.perJobRate * this.active * dt;
    if (this.active > 0) this.busyArea += dt;
    this.nArea += this.active * dt;
    this.last = now;
  }

  private readonly tick = (now: Nanos): void => {
    this.pending = null;
    this.advance(now);
    this.dropCancelled();
    // The event sits at the ceiling of the exact completion: snap away the float residue.
    if (this.heap.size > 0 && this.work < this.heap.minTag) this.work = this.heap.minTag;
    const finished: Job[] = [];
    while (this.heap.size > 0 && this.heap.minTag <= this.work) {
      const job = this.heap.pop();
      if (job.cancelled) continue;
      job.finished = true;
      // The event sits up to 1 ns past the exact finish: that sliver was not work for this job.
      this.done -= this.work - job.tag;
      this.active--;
      this.sumTags -= job.tag;
      this.completedJobs++;
      finished.push(job);
    }
    this.changed();
    for (const job of finished) job.onDone(now);
  };

  private dropCancelled(): void {
    while (this.heap.size > 0 && this.heap.peekRef().cancelled) this.heap.pop();
  }

  private changed(): void {
    this.dropCancelled();
    if (this.active === 0) {
      // Idle: restart the tag scale (keeps precision) and forget cancelled leftovers.
      this.heap.clear();
      this.work = 0;
      this.sumTags = 0;
    }
    const rate = this.active === 0 ? 0 : this.options.throughput(this.active) / this.active;
    if (!(rate >= 0 && rate < Infinity)) throw new RangeError(`throughput(${this.active}) must be finite and >= 0, got ${rate * this.active}`);
    this.perJobRate = rate;
    const target = this.active === 0 || rate === 0 ? Infinity : this.last + Math.max(0, Math.ceil((this.heap.minTag - this.work) / rate));
    if (this.pending !== null) {
      if (this.pending.time === target) return;
      this.sim.cancel(this.pending);
      this.pending = null;
    }
    if (target !== Infinity) this.pending = this.sim.at(Math.max(target, this.sim.now), this.tick);
  }
}
