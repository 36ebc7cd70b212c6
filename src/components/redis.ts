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

/** Copies of one publish still owed when it reaches the wire (subscribers may have gone). */
export type LiveCopies = () => number;

interface Pending {
  bytesPerCopy: number;
  copiesAtPublish: number;
  liveCopies: LiveCopies;
  onSent: (now: Nanos) => void;
}

/**
 * A Redis node as pub/sub sees it: one core that executes PUBLISH in O(subscribers), output
 * buffers holding one copy per subscribed connection, and a NIC that drains them in order. The
 * copies of one publish leave as one transfer (one event, however many subscribers), sized when
 * they reach the wire: Redis frees the output buffer of a connection that closed, so copies owed to
 * a departed subscriber never use egress.
 */
export class RedisServer {
  readonly cpu: Cpu;
  readonly nic: Nic;
  /** Commands run and copies written, for calibrating the per-command and per-copy costs. */
  readonly work = { publishes: 0, copies: 0, copiesDropped: 0 };
  private readonly outputBuffers: Pending[] = [];
  private head = 0;
  private sending = false;
  private queuedBytes = 0;

  constructor(private readonly sim: Simulation, private readonly opts: RedisOptions) {
    const credits = opts.cpuCredits ? new CpuCredits(opts.cpuCredits) : undefined;
    this.cpu = new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: opts.speed, credits });
    this.nic = new Nic(sim, opts.nic);
  }

  /**
   * Runs PUBLISH to the connections `subscribers()` counts. `onExecuted` fires when the command runs
   * (the moment Redis reads its subscriber set) and returns how many copies are still owed when the
   * publish reaches the wire; `onSent` fires when the last copy has left the NIC.
   */
  publish(subscribers: () => number, bytesPerCopy: number, onExecuted: () => LiveCopies, onSent: (now: Nanos) => void): void {
    const demand = this.opts.publishBaseNs + this.opts.publishPerSubscriberNs * subscribers();
    this.cpu.execute(demand, () => {
      const copies = subscribers();
      this.work.publishes++;
      this.work.copies += copies;
      const liveCopies = onExecuted();
      // Queued even when empty, so publishes leave in the order they ran.
      this.outputBuffers.push({ bytesPerCopy, copiesAtPublish: copies, liveCopies, onSent });
      this.queuedBytes += copies * bytesPerCopy;
      if (!this.sending) this.sendNext();
    });
  }

  /** Bytes waiting in output buffers and on the wire, as published (overstated once subscribers leave). */
  get bytesQueued(): number {
    return this.queuedBytes;
  }

  private sendNext(): void {
    const next = this.outputBuffers[this.head];
    this.sending = next !== undefined;
    if (!next) return;
    this.head++;
    if (this.head > 4096 && 2 * this.head > this.outputBuffers.length) this.outputBuffers.splice(0, this.head), (this.head = 0);
    const copies = Math.min(next.copiesAtPublish, next.liveCopies());
    const done = (now: Nanos): void => {
      this.queuedBytes -= next.copiesAtPublish * next.bytesPerCopy;
      next.onSent(now);
      this.sendNext();
    };
    // A NIC with a finite queue may refuse the transfer: those copies are lost, the rest go on.
    if (!this.nic.send(copies * next.bytesPerCopy, done)) {
      this.work.copiesDropped += copies;
      done(this.sim.now);
    }
  }
}
