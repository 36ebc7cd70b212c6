import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import { CompletionHeap } from './completion-heap.js';
import type { CpuCredits } from './cpu-credits.js';
import { JobFifo } from './job-fifo.js';

export type CpuDiscipline = 'fcfs' | 'ps';
export type JobDone = (now: Nanos) => void;

export interface CpuOptions {
  cores: number;
  /** fcfs: c servers fed by one FIFO queue. ps: processor sharing, each job gets min(1, c/n) of a core. */
  discipline: CpuDiscipline;
  /** Core speed relative to the machine the demands were measured on (2 = twice as fast). */
  speed?: number;
  /** Burstable-instance credits that throttle this CPU when they run out (one Cpu per CpuCredits). */
  credits?: CpuCredits;
  /**
   * PS only: the share of speed lost per runnable job beyond the cores (context switches, an
   * interpreter lock handed between threads): speed ÷ (1 + switchCost · (n − cores)).
   */
  switchCost?: number;
}

export interface CpuStats {
  elapsedNs: Nanos;
  /** Core-time spent holding a job (a throttled core still counts as busy). */
  busyCoreNs: number;
  /** busyCoreNs / (cores · elapsed). */
  utilisation: number;
  /** Time-averaged jobs waiting for a core: FCFS queue length; under PS the jobs beyond c. */
  meanQueueLength: number;
  maxQueueLength: number;
  meanInSystem: number;
  completed: number;
  inSystem: number;
  /** Mean time from execute() to onDone over completed jobs. */
  meanResponseNs: number;
  /** Mean time a job waited before a core took it (FCFS; always 0 under PS). */
  meanQueueWaitNs: number;
  /** Time spent with credits exhausted and the cores slowed to the baseline. */
  throttledNs: number;
}

/**
 * A multi-core CPU. Both disciplines share one mechanism: every job in service progresses at the
 * same rate, so the CPU tracks `work`, the service one in-service job has received, and each job's
 * finish tag (work at entry + demand). Rate changes (arrivals, departures, credit exhaustion) then
 * only advance `work` and move the single next-completion event: O(log n) per job, exact.
 */
export class Cpu {
  readonly cores: number;
  readonly discipline: CpuDiscipline;
  private readonly baseSpeed: number;
  private readonly credits: CpuCredits | undefined;
  private readonly switchCost: number;
  private readonly inService = new CompletionHeap<JobDone>();
  private readonly waiting = new JobFifo<JobDone>();
  private work = 0;
  /** Work per ns each in-service job receives, fixed between state changes. */
  private rate = 0;
  private busy = 0;
  private last: Nanos;
  private readonly start: Nanos;
  private pending: ScheduledEvent | null = null;
  private pendingIsCompletion = false;
  private inTick = false;
  private busyArea = 0;
  private queueArea = 0;
  private systemArea = 0;
  private maxQueue = 0;
  private throttled = 0;
  private completedJobs = 0;
  private responseSum = 0;
  private queueWaitSum = 0;

  constructor(private readonly sim: Simulation, options: CpuOptions) {
    if (!Number.isInteger(options.cores) || options.cores < 1) throw new RangeError(`cores must be a positive integer, got ${options.cores}`);
    this.cores = options.cores;
    this.discipline = options.discipline;
    this.baseSpeed = options.speed ?? 1;
    if (!(this.baseSpeed > 0)) throw new RangeError(`speed must be > 0, got ${this.baseSpeed}`);
    this.credits = options.credits;
    this.switchCost = options.switchCost ?? 0;
    if (!(this.switchCost >= 0)) throw new RangeError(`switchCost must be >= 0, got ${this.switchCost}`);
    if (this.switchCost > 0 && this.discipline !== 'ps') throw new RangeError('switchCost needs processor sharing');
    this.start = this.last = sim.now;
  }

  /** Runs a job needing `demandNs` of CPU on a speed-1 core; `onDone` fires at its completion. */
  execute(demandNs: number, onDone: JobDone): void {
    if (!(demandNs >= 0)) throw new RangeError(`demand must be >= 0, got ${demandNs}`);
    const now = this.sim.now;
    this.advance(now);
    if (this.discipline === 'fcfs' && this.inService.size >= this.cores) {
      // Every core is busy: nothing in service changes, so the next completion stays where it is.
      this.waiting.push(demandNs, now, onDone);
      if (this.waiting.size > this.maxQueue) this.maxQueue = this.waiting.size;
      return;
    }
    this.inService.push(this.work + demandNs, now, onDone);
    this.changed();
  }

  get inSystem(): number {
    return this.inService.size + this.waiting.size;
  }

  /** Jobs waiting for a core (see CpuStats.meanQueueLength). */
  get queueLength(): number {
    return this.discipline === 'fcfs' ? this.waiting.size : Math.max(0, this.inService.size - this.cores);
  }

  /**
   * Credit balance now (undefined without credits). The balance is only integrated at state changes,
   * so sampling brings it up to date first; splitting an interval changes nothing else.
   */
  creditBalance(): number | undefined {
    this.advance(this.sim.now);
    return this.credits?.level;
  }

  stats(untilNs: Nanos = this.sim.now): CpuStats {
    const dt = Math.max(0, untilNs - this.last);
    const elapsedNs = untilNs - this.start;
    const busyCoreNs = this.busyArea + this.busy * dt;
    const per = (area: number): number => (elapsedNs > 0 ? area / elapsedNs : 0);
    return {
      elapsedNs,
      busyCoreNs,
      utilisation: per(busyCoreNs) / this.cores,
      meanQueueLength: per(this.queueArea + this.queueLength * dt),
      maxQueueLength: this.maxQueue,
      meanInSystem: per(this.systemArea + this.inSystem * dt),
      completed: this.completedJobs,
      inSystem: this.inSystem,
      meanResponseNs: this.completedJobs > 0 ? this.responseSum / this.completedJobs : 0,
      meanQueueWaitNs: this.completedJobs > 0 ? this.queueWaitSum / this.completedJobs : 0,
      throttledNs: this.throttled + (this.rate > 0 && this.isThrottled() ? dt : 0),
    };
  }

  /** Integrates statistics, service and credits over [last, now] at the rates fixed since `last`. */
  private advance(now: Nanos): void {
    const dt = now - this.last;
    if (dt <= 0) return;
    this.work += this.rate * dt;
    this.busyArea += this.busy * dt;
    this.queueArea += this.queueLength * dt;
    this.systemArea += this.inSystem * dt;
    if (this.credits !== undefined) {
      if (this.busy > 0 && this.isThrottled()) this.throttled += dt;
      this.credits.advance(dt, this.busy);
    }
    this.last = now;
  }

  private isThrottled(): boolean {
    return this.credits !== undefined && this.credits.allowedSpeed(this.busy) < 1;
  }

  private readonly tick = (now: Nanos): void => {
    this.pending = null;
    this.advance(now);
    const heap = this.inService;
    // The event was placed at the ceiling of the exact completion; snap away the float residue.
    if (this.pendingIsCompletion && heap.size > 0 && this.work < heap.minTag) this.work = heap.minTag;
    this.inTick = true;
    while (heap.size > 0 && heap.minTag <= this.work) {
      this.completedJobs++;
      this.responseSum += now - heap.minArrival;
      const freedAt = heap.minTag;
      const done = heap.pop();
      if (this.waiting.size > 0) {
        // The core freed at the exact instant the work clock passed `freedAt`, up to 1 ns before
        // this event; starting the next job from there keeps rounding from eating capacity.
        this.queueWaitSum += now - this.waiting.peekB();
        heap.push(freedAt + this.waiting.peekA(), this.waiting.peekB(), this.waiting.shift());
      }
      this.changed();
      done(now);
    }
    this.inTick = false;
    this.changed();
  };

  /** Recomputes the service rate after the job set changed and moves the next event if needed. */
  private changed(): void {
    const n = this.inService.size;
    if (n === 0 && this.waiting.size === 0) this.work = 0; // idle: restart the tag scale, keeps precision
    this.busy = Math.min(n, this.cores);
    if (n - this.cores > this.maxQueue) this.maxQueue = n - this.cores; // PS: jobs beyond the cores
    const share = n > this.cores ? this.cores / n / (1 + this.switchCost * (n - this.cores)) : 1;
    const allowed = this.credits === undefined ? 1 : this.credits.allowedSpeed(this.busy);
    this.rate = n === 0 ? 0 : this.baseSpeed * allowed * share;
    if (this.inTick) return; // the tick reschedules once after all same-instant completions
    let delay = Infinity;
    let isCompletion = false;
    if (n > 0) {
      delay = Math.max(0, Math.ceil((this.inService.minTag - this.work) / this.rate));
      isCompletion = true;
    }
    if (this.credits !== undefined && n > 0) {
      const exhaust = Math.ceil(this.credits.nsUntilExhausted(this.busy));
      if (exhaust < delay) {
        delay = exhaust;
        isCompletion = false;
      }
    }
    const target = this.last + delay;
    if (this.pending !== null) {
      if (this.pending.time === target) {
        this.pendingIsCompletion = isCompletion;
        return;
      }
      this.sim.cancel(this.pending);
      this.pending = null;
    }
    if (delay === Infinity) return;
    this.pendingIsCompletion = isCompletion;
    this.pending = this.sim.schedule(delay, this.tick);
  }
}
