import { CpuCredits } from '../../src/components/cpu-credits.js';
import type { CreditMode } from './scenario.js';

/**
 * One burstable instance's vCPUs shared by its single-threaded processes (Node event loops, or one
 * Redis thread), in fluid steps. Each process can use at most one vCPU; the kernel shares what the
 * instance may deliver evenly among the processes that want more (water-filling, as CFS does for
 * equal weights). Standard mode throttles to the baseline once credits are gone; unlimited mode
 * never throttles and counts the surplus credits AWS bills.
 */
export class BurstableCpu {
  readonly credits: CpuCredits;
  surplusCredits = 0;
  /** Share of one vCPU a process wanting more could get in the last step (the water level). */
  level = 1;
  /** vCPUs delivered in the last step, and what the instance could deliver to its demand then. */
  usedVcpus = 0;
  availableVcpus = 0;

  constructor(
    readonly vcpus: number,
    readonly mode: CreditMode,
    spec: { baselinePerVcpu: number; creditsPerHour: number; maxCredits: number },
    initialCredits: number,
    /** Share of each vCPU its processes can get (other tenants take the rest); 1 on a dedicated instance. */
    readonly share = 1,
  ) {
    this.credits = new CpuCredits({ vcpus, ...spec, initialCredits });
  }

  /**
   * Serves `backlogS` (seconds of work at this vCPU's speed, one entry per process) for `dtS`;
   * lowers each backlog by what it got and writes the vCPUs each process received into `shares`.
   */
  serve(backlogS: number[], dtS: number, shares: number[]): void {
    const n = backlogS.length;
    let demand = 0;
    for (let i = 0; i < n; i++) demand += Math.min(1, backlogS[i] / dtS);
    const busy = Math.min(this.vcpus * this.share, demand);
    // What the instance may deliver: all its vCPUs, or only the baseline once standard credits are gone.
    const allowed = this.mode === 'standard' && this.credits.exhausted ? Math.min(this.vcpus, this.credits.baselineVcpus) : this.vcpus;
    this.availableVcpus = Math.min(allowed, this.vcpus * this.share);
    this.level = waterLevel(backlogS, dtS, this.availableVcpus);
    let used = 0;
    for (let i = 0; i < n; i++) {
      const share = Math.min(this.level, backlogS[i] / dtS);
      shares[i] = share;
      backlogS[i] = Math.max(0, backlogS[i] - share * dtS);
      used += share;
    }
    this.usedVcpus = used;
    if (this.mode === 'unlimited' && this.credits.exhausted && busy > this.credits.baselineVcpus) {
      this.surplusCredits += ((busy - this.credits.baselineVcpus) * dtS) / 60;
    }
    this.credits.advance(Math.round(dtS * 1e9), busy);
  }
}

/**
 * The share L ≤ 1 such that Σ min(L, want_i) = capacity (or L = 1 when the demand fits): a process
 * wanting less than L gets what it wants, the rest get L each.
 */
export function waterLevel(backlogS: readonly number[], dtS: number, capacityVcpus: number): number {
  let demand = 0;
  for (const b of backlogS) demand += Math.min(1, b / dtS);
  if (demand <= capacityVcpus) return 1;
  const wants = backlogS.map((b) => Math.min(1, b / dtS)).sort((a, b) => a - b);
  let left = capacityVcpus;
  for (let i = 0; i < wants.length; i++) {
    const even = left / (wants.length - i);
    if (wants[i] >= even) return Math.min(1, even);
    left -= wants[i];
  }
  return 1;
}
