import type { ResolvedNetwork } from '../../src/config/profiles.js';

/**
 * An instance's egress in fluid steps: it sends at its burst rate while network credits last and at
 * its baseline after, banking credits while under the baseline (EC2's "up to" bandwidth). Bytes
 * that cannot go out wait in `queuedBytes`.
 */
export class FluidNic {
  queuedBytes = 0;
  sentBytes = 0;
  /** Σ over steps of the share of the allowance in force that was used (see takeUse). */
  private useSum = 0;
  private credits: number;
  private readonly capacityBits: number;
  private rateBitsPerS: number;

  constructor(private readonly net: ResolvedNetwork) {
    this.capacityBits = net.creditCapacityGbit * 1e9;
    this.credits = Math.min(this.capacityBits, net.initialCreditGbit * 1e9);
    this.rateBitsPerS = net.burstGbps * 1e9;
  }

  get baselineBytesPerS(): number {
    return (this.net.baselineGbps * 1e9) / 8;
  }

  /** Sends what it can of the queue in `dtS`; returns the share of the step's allowance used. */
  step(dtS: number, bytes: number): number {
    this.queuedBytes += bytes;
    const baseline = this.net.baselineGbps * 1e9;
    this.rateBitsPerS = this.credits > 0 ? Math.max(baseline, this.net.burstGbps * 1e9) : baseline;
    const allowance = (this.rateBitsPerS * dtS) / 8;
    const sent = Math.min(this.queuedBytes, allowance);
    this.queuedBytes -= sent;
    this.sentBytes += sent;
    this.credits = Math.min(this.capacityBits, Math.max(0, this.credits + baseline * dtS - sent * 8));
    const use = allowance > 0 ? sent / allowance : 0;
    this.useSum += use;
    return use;
  }

  /** The allowance used, summed over the steps since the last call (a NIC bursting on credits is not full). */
  takeUse(): number {
    const u = this.useSum;
    this.useSum = 0;
    return u;
  }

  /** Seconds a byte queued now waits before it leaves. */
  lagS(): number {
    return (8 * this.queuedBytes) / this.rateBitsPerS;
  }

  /** Network credits banked, in bits. */
  creditBits(): number {
    return this.credits;
  }
}
