import { resolveNetwork, type Profile } from '../../src/config/profiles.js';
import { BurstableCpu } from './burstable-cpu.js';
import { FluidNic } from './fluid-nic.js';
import type { CreditMode } from './scenario.js';

/** One backend instance: its vCPUs shared by K Node.js containers, and its egress to clients. */
export interface AppInstance {
  readonly cpu: BurstableCpu;
  readonly nic: FluidNic;
  /** Work waiting in each container's event loop, in seconds at the vCPU's speed. */
  readonly backlog: number[];
  /** vCPUs each container received in the last step. */
  readonly share: number[];
}

/**
 * I instances × K containers. Container c runs on instance c mod I, so the ELB's round robin over
 * targets visits every instance before it returns to one (targets spread over 4 target groups
 * make no difference to an even spread).
 */
export class AppTier {
  readonly instances: AppInstance[];

  constructor(
    readonly count: number,
    readonly perInstance: number,
    profile: Profile,
    creditMode: CreditMode,
    initialCredits: number,
    vcpus = profile.vcpus,
    share = 1,
  ) {
    const net = resolveNetwork(profile);
    // Fewer vCPUs than the profile (a run pinned to one core) earn and hold that share of its credits.
    const part = vcpus / profile.vcpus;
    const c = profile.cpuCredits;
    const spec = c ? { ...c, creditsPerHour: c.creditsPerHour * part, maxCredits: c.maxCredits * part } : { baselinePerVcpu: 1, creditsPerHour: vcpus * 60, maxCredits: vcpus * 60 * 24 };
    this.instances = Array.from({ length: count }, () => ({
      cpu: new BurstableCpu(vcpus, profile.cpuCredits ? creditMode : 'unlimited', spec, initialCredits, share),
      nic: new FluidNic(net),
      backlog: new Array<number>(perInstance).fill(0),
      share: new Array<number>(perInstance).fill(0),
    }));
  }

  get processes(): number {
    return this.count * this.perInstance;
  }

  instanceOf(process: number): AppInstance {
    return this.instances[process % this.count];
  }

  slotOf(process: number): number {
    return Math.floor(process / this.count);
  }

  addWork(process: number, seconds: number): void {
    this.instanceOf(process).backlog[this.slotOf(process)] += seconds;
  }

  /** Seconds new work waits in a container's event loop (its backlog at the share it can get). */
  lagS(process: number): number {
    const inst = this.instanceOf(process);
    const b = inst.backlog[this.slotOf(process)];
    return b > 0 ? b / Math.max(1e-9, inst.cpu.level) : 0;
  }

  /** vCPUs container `process` got in the last step (its event loop's utilisation of one core). */
  loopShare(process: number): number {
    return this.instanceOf(process).share[this.slotOf(process)];
  }

  step(dtS: number, egressBytes: ArrayLike<number>): void {
    this.instances.forEach((inst, i) => {
      inst.cpu.serve(inst.backlog, dtS, inst.share);
      inst.nic.step(dtS, egressBytes[i]);
    });
  }
}
