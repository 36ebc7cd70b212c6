import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import { TimeWeighted } from '../metrics/time-weighted.js';
import { JobFifo } from './job-fifo.js';
import { drainAtBurst, levelAfter, type BurstDrain } from './token-bucket.js';

export type Delivered = (now: Nanos) => void;

export interface NicOptions {
  baselineBitsPerSec: number;
  /** The "up to" figure: the rate while network credits last. */
  burstBitsPerSec: number;
  creditCapacityBits: number;
  /** AWS instances start with a full bucket; say so explicitly. */
  initialCreditBits: number;
  /** Most bytes allowed to wait behind the send in transmission; beyond it sends are dropped. */
  queueLimitBytes: number;
}

export interface NicStats {
  elapsedNs: Nanos;
  bytesOffered: number;
  bytesSent: number;
  bytesDropped: number;
  /** Accepted but not yet delivered (waiting plus the send in transmission). */
  bytesQueued: number;
  sendsDropped: number;
  /** Like CloudWatch NetworkBandwidthOutAllowanceExceeded: packets shaped to baseline or dropped. */
  allowanceExceededPackets: number;
  /**
   * Bytes on the wire by then · 8 / (baseline · elapsed): above 1 means the link lived on credits.
   * The send in transmission counts with the part already sent, so a link busy with one send longer
   * than the run reads busy, not idle.
   */
  baselineUtilisation: number;
  meanQueuedBytes: number;
  maxQueuedBytes: number;
}

/** Packets per send are counted at a 1500-byte MTU, as the allowance counters count frames. */
const MTU_BYTES = 1500;

/**
 * A network link with an AWS-style "up to" allowance: a credit bucket that earns at the baseline
 * while the link is idle, drains at (burst − baseline) while it sends at burst, and leaves the link
 * at baseline once empty. Sends go out FIFO as a fluid: each send's completion is a closed-form,
 * piecewise-linear function of the credit level when it starts, so a send costs one heap event
 * however many bytes or packets it holds.
 *
 * The fluid runs on exact fractional time (`fluidEnd`) while deliveries fire at the next whole ns;
 * the next send starts at the exact fluid instant, so rounding never accumulates into lost capacity.
 */
export class Nic {
  private readonly opts: NicOptions;
  private readonly queue = new JobFifo<Delivered>();
  // Credit bucket as of `bucketAt` (exact fluid time); mutable so updates allocate nothing.
  private readonly bucket: { rate: number; capacity: number; level: number };
  private bucketAt = 0;
  private transmitting = false;
  private headStart = 0;
  private headCredits = 0;
  private fluidEnd = 0;
  private headCappedBits = 0;
  private readonly drain: BurstDrain = { durationNs: 0, level: 0, cappedAmount: 0 };
  private waitingBytes = 0;
  /** Bytes accepted and not yet delivered (the one being sent included). */
  private readonly queued: TimeWeighted;
  private offered = 0;
  private sent = 0;
  private dropped = 0;
  private dropCount = 0;
  private exceeded = 0;

  constructor(private readonly sim: Simulation, options: NicOptions) {
    const { baselineBitsPerSec: base, burstBitsPerSec: burst, creditCapacityBits: cap, initialCreditBits: init } = options;
    if (!(base > 0)) throw new RangeError(`baselineBitsPerSec must be > 0, got ${base}`);
    if (!(burst >= base)) throw new RangeError(`burstBitsPerSec (${burst}) must be >= baseline (${base})`);
    if (!(cap >= 0) || !(init >= 0)) throw new RangeError('credit capacity and initial credits must be >= 0');
    if (!(options.queueLimitBytes >= 0)) throw new RangeError('queueLimitBytes must be >= 0');
    this.opts = { ...options };
    this.bucket = { rate: base, capacity: cap, level: Math.min(init, cap) };
    this.bucketAt = sim.now;
    this.queued = new TimeWeighted(sim.now);
  }

  /** Queues `bytes` for sending; false (and a counted drop) when the waiting bytes would pass the limit. */
  send(bytes: number, onDelivered: Delivered): boolean {
    if (!(bytes >= 0)) throw new RangeError(`bytes must be >= 0, got ${bytes}`);
    const now = this.sim.now;
    this.offered += bytes;
    if (this.transmitting && this.waitingBytes + bytes > this.opts.queueLimitBytes) {
      this.dropped += bytes;
      this.dropCount++;
      this.exceeded += Math.ceil(bytes / MTU_BYTES);
      return false;
    }
    this.queued.add(now, bytes);
    this.queue.push(bytes, now, onDelivered);
    if (this.transmitting) this.waitingBytes += bytes;
    else this.startHead(now);
    return true;
  }

  /** Credit balance (bits) at `atNs`, valid from the last delivery or send on (e.g. sampling at now). */
  credits(atNs: Nanos = this.sim.now): number {
    if (this.transmitting && atNs < this.fluidEnd) {
      // Mid-send: draining at (burst − baseline) from the level the head started with, or flat at 0.
      const spend = this.headCredits > 0 ? this.opts.burstBitsPerSec : this.bucket.rate;
      const drain = ((spend - this.bucket.rate) * Math.max(0, atNs - this.headStart)) / 1e9;
      return Math.max(0, this.headCredits - drain);
    }
    // Idle (or past the head's fluid end): earning at the baseline since `bucketAt`.
    return levelAfter(this.bucket, Math.max(0, atNs - this.bucketAt), 0);
  }

  stats(untilNs: Nanos = this.sim.now): NicStats {
    const elapsedNs = untilNs - this.queued.startNs;
    const area = this.queued.integral(Math.max(untilNs, this.queued.changedAt));
    return {
      elapsedNs,
      bytesOffered: this.offered,
      bytesSent: this.sent,
      bytesDropped: this.dropped,
      bytesQueued: this.queued.level,
      sendsDropped: this.dropCount,
      allowanceExceededPackets: this.exceeded,
      baselineUtilisation: elapsedNs > 0 ? ((this.sent + (this.inTransmission(untilNs)?.bytes ?? 0)) * 8 * 1e9) / (this.opts.baselineBitsPerSec * elapsedNs) : 0,
      meanQueuedBytes: elapsedNs > 0 ? area / elapsedNs : 0,
      maxQueuedBytes: this.queued.max,
    };
  }

  /**
   * The send on the wire at `atNs` (from the last event on): when it started and how many of its
   * bytes have left, at burst while its starting credits last and at baseline after.
   */
  inTransmission(atNs: Nanos = this.sim.now): { startNs: Nanos; bytes: number } | undefined {
    if (!this.transmitting || atNs <= this.headStart) return undefined;
    const { burstBitsPerSec: burst, baselineBitsPerSec: base } = this.opts;
    const dt = Math.min(atNs, this.fluidEnd) - this.headStart;
    const burstNs = this.headCredits > 0 && burst > base ? Math.min(dt, (this.headCredits / (burst - base)) * 1e9) : 0;
    const bits = (burst * burstNs + base * (dt - burstNs)) / 1e9;
    return { startNs: this.headStart, bytes: Math.min(this.queue.peekA(), bits / 8) };
  }

  /** Starts the oldest send at exact fluid time `at`, placing its delivery by closed form. */
  private startHead(at: number): void {
    const bytes = this.queue.peekA();
    // While idle since `bucketAt` the bucket earned at the full baseline.
    const level = levelAfter(this.bucket, at - this.bucketAt, 0);
    this.bucket.level = level;
    const out = drainAtBurst(this.bucket, bytes * 8, this.opts.burstBitsPerSec, this.drain);
    this.transmitting = true;
    this.headStart = at;
    this.headCredits = level;
    this.fluidEnd = at + out.durationNs;
    this.headCappedBits = out.cappedAmount;
    // The bucket now describes the instant the head finishes; credits() interpolates before that.
    this.bucket.level = out.level;
    this.bucketAt = this.fluidEnd;
    this.sim.schedule(Math.max(0, Math.ceil(this.fluidEnd) - this.sim.now), this.deliverHead);
  }

  /** Called with (start, end, bytes) of each send as it completes, so a model can chart egress. */
  onTransmit: ((start: Nanos, end: Nanos, bytes: number) => void) | undefined;

  private readonly deliverHead = (now: Nanos): void => {
    const bytes = this.queue.peekA();
    this.onTransmit?.(this.headStart, now, bytes);
    const done = this.queue.shift();
    this.sent += bytes;
    this.queued.add(now, -bytes);
    if (this.headCappedBits > 0) this.exceeded += Math.ceil(this.headCappedBits / 8 / MTU_BYTES);
    this.transmitting = false;
    if (this.queue.size > 0) {
      this.waitingBytes -= this.queue.peekA();
      // Back-to-back sends start at the exact fluid instant; never before the send itself arrived.
      this.startHead(Math.max(this.fluidEnd, this.queue.peekB()));
    }
    done(now);
  };
}
