import { writeFileSync } from 'node:fs';

/**
 * One t3.small vCPU emulated on a core of this machine with a cgroup v1 CPU quota: full speed while
 * a simulated credit bucket lasts, the 20% baseline after (cpu.cfs_quota_us = 20% of the period).
 * The bucket follows AWS's standard-mode rule as the model's CpuCredits does: one credit is one vCPU
 * for one minute, earned at the baseline (12 credits/h per vCPU = 0.2 vCPU-s per second, not
 * scaled), spent at the CPU the processes in the cgroup actually used. What is scaled to a run of a
 * few minutes is the bucket: it starts with `initialCredits` (a fraction of a credit) instead of the
 * hundreds a day of earning would hold, so it empties within the run. While the balance is above zero
 * the quota is one full core; at zero it is the baseline, and it returns to full speed once the
 * balance is above zero again (usage under the baseline earns), at each tick (100 ms).
 *
 * What a tick overdraws (the app ran at a full core for the tick in which the bucket emptied) is
 * owed, not forgiven: the balance goes below zero and is earned back before the quota lifts. The
 * first version clamped at zero, so after emptying it let the app out every other tick — 0.13–0.24
 * of a core under a 0.1 baseline in the first t3.micro run — where AWS holds a vCPU at its baseline
 * once the balance is zero (the model's CpuCredits does). `credits` reports the balance, at least 0.
 */
export interface BurstOptions {
  /** A cgroup v1 cpu-controller directory holding the server processes, e.g. /sys/fs/cgroup/cpu/capsim-ktb. */
  cgroup: string;
  initialCredits: number;
  /** vCPUs the baseline allows (one t3.small vCPU: 0.2); also the earn rate in vCPU-s per second. */
  baselineVcpus: number;
  maxCredits: number;
  periodUs: number;
}

export class BurstController {
  /** Credits left (never below zero; a debt shows as 0). */
  get credits(): number {
    return Math.max(0, this.balance);
  }
  /** Credits left, below zero while the overdraft of the tick that emptied the bucket is earned back. */
  balance: number;
  throttled = false;
  /** Seconds from start when the bucket first emptied, or null. */
  emptiedAtS: number | null = null;
  private lastCpu: number;

  constructor(private readonly opts: BurstOptions, private readonly readCpuS: () => number) {
    this.balance = opts.initialCredits;
    this.lastCpu = readCpuS();
    this.write('cpu.cfs_period_us', opts.periodUs);
    this.setQuota(false);
  }

  /** Advances the bucket by `dtS` from the CPU used since the last tick and sets the quota. */
  tick(dtS: number, nowS: number): void {
    const cpu = this.readCpuS();
    const used = Math.max(0, cpu - this.lastCpu);
    this.lastCpu = cpu;
    this.balance = Math.min(this.opts.maxCredits, this.balance + (this.opts.baselineVcpus * dtS - used) / 60);
    const empty = this.balance <= 1e-9;
    if (empty && this.emptiedAtS === null) this.emptiedAtS = nowS;
    if (empty !== this.throttled) this.setQuota(empty);
  }

  /** Lifts the quota (-1: unlimited) so nothing stays throttled after the run. */
  release(): void {
    this.write('cpu.cfs_quota_us', -1);
  }

  private setQuota(throttled: boolean): void {
    this.throttled = throttled;
    const share = throttled ? this.opts.baselineVcpus : 1;
    this.write('cpu.cfs_quota_us', Math.round(share * this.opts.periodUs));
  }

  private write(file: string, value: number): void {
    writeFileSync(`${this.opts.cgroup}/${file}`, String(value));
  }
}
