import type { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_MS, type Nanos } from '../../src/engine/time.js';
import { TimeWeighted } from '../../src/metrics/index.js';

export interface SqliteOptions {
  /**
   * Time one autocommit INSERT holds the file's write lock besides the holder's own CPU: the write
   * plus its journal fsyncs.
   */
  statementNs: Nanos;
  /** Python sqlite3's busy timeout (Django passes none, so 5 s): how long a writer polls for the lock. */
  busyTimeoutNs: Nanos;
}

/** A request writing to the file, one INSERT at a time. */
export interface SqliteWriter {
  /** The writer's own work under the lock (SQLite runs in the app's process); calls `then`. */
  compute(then: () => void): void;
  /** The busy timeout ran out: "database is locked". */
  lockedOut(): void;
  /** Its worker was killed: a writer asleep in the busy handler stops trying. */
  readonly gone: boolean;
}

/**
 * SQLite's default busy handler (sqliteDefaultBusyCallback, where usleep exists): the sleeps
 * between attempts at a lock, in ms; the last repeats until the busy timeout is spent.
 */
const BUSY_SLEEPS_MS = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100] as const;

/**
 * One SQLite database file on a task's storage: one writer at a time. In autocommit every INSERT
 * takes the write lock and drops it at its commit. A writer that finds it taken sleeps as SQLite's
 * busy handler does (1 ms, 2 ms, … then 100 ms at a time) and tries again when it wakes, until the
 * busy timeout: "database is locked". The lock is free only in the gaps between a holder's
 * statements (its ORM work), so whoever wakes in a gap gets it. A writer that just lost the lock
 * polls often and wins it back soon; one that has waited long polls every 100 ms and mostly loses:
 * no fair order, which spreads the requests' times.
 */
export class SqliteFile {
  rows = 0;
  locked = 0;
  /** Whether a writer holds the lock (0 or 1), over time. */
  readonly busy: TimeWeighted;
  /** Writers asleep in the busy handler, over time. */
  readonly sleepers: TimeWeighted;

  constructor(
    private readonly sim: Simulation,
    private readonly opts: SqliteOptions,
  ) {
    this.busy = new TimeWeighted(sim.now);
    this.sleepers = new TimeWeighted(sim.now);
  }

  /**
   * One autocommit INSERT of `writer`: its own work under the lock, then the write and fsyncs, and
   * `done` after the commit; or `writer.lockedOut()` when the busy timeout ran out.
   */
  insert(writer: SqliteWriter, done: () => void): void {
    const write = (): void => writer.compute(() => this.write(done));
    if (this.take()) return write();
    this.sleep(0, 0, writer, write);
  }

  private take(): boolean {
    if (this.busy.level > 0) return false;
    this.busy.add(this.sim.now, 1);
    return true;
  }

  private write(done: () => void): void {
    this.sim.schedule(this.opts.statementNs, () => {
      this.busy.add(this.sim.now, -1);
      this.rows++;
      done();
    });
  }

  /** The busy handler's `attempt`-th sleep, `slept` ns into the wait. */
  private sleep(attempt: number, slept: Nanos, writer: SqliteWriter, write: () => void): void {
    const left = this.opts.busyTimeoutNs - slept;
    if (left <= 0) {
      this.locked++;
      return writer.lockedOut();
    }
    const ns = Math.min(BUSY_SLEEPS_MS[Math.min(attempt, BUSY_SLEEPS_MS.length - 1)] * NS_PER_MS, left);
    this.sleepers.add(this.sim.now, 1);
    this.sim.schedule(ns, () => {
      this.sleepers.add(this.sim.now, -1);
      if (writer.gone) return;
      if (this.take()) return write();
      this.sleep(attempt + 1, slept + ns, writer, write);
    });
  }
}
