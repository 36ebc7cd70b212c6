import type { Simulation } from '../../src/engine/simulation.js';

/**
 * PostgreSQL's group commit (synchronous_commit on): a committing backend waits until the WAL up to
 * its commit record is flushed. One flush runs at a time; every commit that arrives while it runs
 * waits for the next one, which then covers them all. `flushNs` draws one flush's duration (the
 * disk's fsync).
 */
export class WalFlush {
  private flushing = false;
  private waiting: Array<() => void> = [];
  /** Flushes done and their total time, ns. */
  flushes = 0;
  flushNs = 0;

  constructor(private readonly sim: Simulation, private readonly draw: () => number) {}

  /** A commit: `done` runs once a flush that began after it was requested has ended. */
  commit(done: () => void): void {
    this.waiting.push(done);
    if (!this.flushing) this.start();
  }

  private start(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.flushing = true;
    const ns = this.draw();
    this.flushes++;
    this.flushNs += ns;
    this.sim.schedule(ns, () => {
      this.flushing = false;
      for (const done of batch) done();
      if (this.waiting.length > 0) this.start();
    });
  }
}
