import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import { Cpu } from './cpu.js';
import { Nic, type NicOptions } from './nic.js';
import { CpuCredits, type CpuCreditsOptions } from './cpu-credits.js';

export interface RedisOptions {
  /** Core speed relative to the calibration machine. Redis runs commands on one thread. */
  speed: number;
  publishBaseNs: Nanos;
  publishPerSubscriberNs: Nanos;
  nic: NicOptions;
  /** Burstable nodes (cache.t4g.*): the CPU slows to baseline when credits run out. */
  cpuCredits?: CpuCreditsOptions;
}

/**
 * A Redis node as pub/sub sees it: one core that executes PUBLISH in O(subscribers), and a NIC onto
 * which PUBLISH puts one copy of the message per subscribed connection. The copies of one publish
 * travel as one transfer: one event per publish, however many subscribers.
 */
export class RedisServer {
  readonly cpu: Cpu;
  readonly nic: Nic;
  /** Commands run and copies written, for calibrating the per-command and per-copy costs. */
  readonly work = { publishes: 0, copies: 0 };

  constructor(sim: Simulation, private readonly opts: RedisOptions) {
    const credits = opts.cpuCredits ? new CpuCredits(opts.cpuCredits) : undefined;
    this.cpu = new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: opts.speed, credits });
    this.nic = new Nic(sim, opts.nic);
  }

  /**
   * Runs PUBLISH to the connections `subscribers()` counts. `onExecuted` fires when the command runs
   * (the moment Redis reads its subscriber set); `onSent` when the last copy has left the NIC.
   */
  publish(subscribers: () => number, bytesPerCopy: number, onExecuted: () => void, onSent: (now: Nanos) => void): void {
    const demand = this.opts.publishBaseNs + this.opts.publishPerSubscriberNs * subscribers();
    this.cpu.execute(demand, () => {
      const copies = subscribers();
      this.work.publishes++;
      this.work.copies += copies;
      onExecuted();
      // Sent even when empty, so publishes leave the NIC in the order they ran.
      this.nic.send(copies * bytesPerCopy, onSent);
    });
  }
}
