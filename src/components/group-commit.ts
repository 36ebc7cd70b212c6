import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';

/**
 * A log flushed by group commit (InnoDB's redo log with innodb_flush_log_at_trx_commit=1): one
 * flush at a time, each taking `flushNs`; every commit waiting when a flush starts is made durable
 * by it. A lone commit waits one flush; under load many commits share one, so the device's rate
 * limits flushes, not commits. `flushNs` is one duration, or a draw made as each flush starts (a
 * disk whose fsync times vary, e.g. PostgreSQL's WAL on a shared disk).
 */
export class GroupCommit {
  private waiting: Array<(now: Nanos) => void> = [];
  private flushing = false;
  flushes = 0;
  /** Time spent flushing, for the device's busy share. */
  busyNs = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly flushNs: Nanos | (() => Nanos),
    /**
     * How a finished flush reaches its waiters (default: at once); e.g. later when the flushing
     * thread's core is halted (src/components/halted-core.ts). The log is busy until then.
     */
    private readonly complete: (deliver: (now: Nanos) => void) => void = (deliver) => deliver(sim.now),
  ) {
    if (typeof flushNs === 'number' && !(flushNs >= 0)) throw new RangeError(`flushNs must be >= 0, got ${flushNs}`);
  }

  commit(onDurable: (now: Nanos) => void): void {
    this.waiting.push(onDurable);
    if (!this.flushing) this.startFlush();
  }

  private startFlush(): void {
    const group = this.waiting;
    this.waiting = [];
    this.flushing = true;
    const ns = typeof this.flushNs === 'number' ? this.flushNs : this.flushNs();
    this.flushes++;
    this.busyNs += ns;
    this.sim.schedule(ns, () =>
      this.complete((now) => {
        this.flushing = false;
        for (const done of group) done(now);
        if (this.waiting.length > 0) this.startFlush();
      }),
    );
  }
}
