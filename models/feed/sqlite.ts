import type { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_S, type Nanos } from '../../src/engine/time.js';
import { ContentionServer } from '../../src/components/contention-server.js';

export interface SqliteOptions {
  /** Time one autocommit INSERT holds the file's write lock: the write plus its journal fsyncs. */
  statementNs: Nanos;
  /** Python sqlite3's busy timeout (Django passes none, so 5 s): how long a writer waits for the lock. */
  busyTimeoutNs: Nanos;
}

/**
 * One SQLite database file on a task's storage. SQLite lets one writer in at a time; in autocommit
 * every INSERT takes and drops the lock, so concurrent requests interleave statement by statement
 * and share the file equally (processor sharing at a constant statement rate: no group commit).
 * A statement that would wait longer than the busy timeout fails with "database is locked".
 */
export class SqliteFile {
  readonly server: ContentionServer;
  locked = 0;
  rows = 0;

  constructor(sim: Simulation, private readonly opts: SqliteOptions) {
    this.server = new ContentionServer(sim, { throughput: () => 1 / opts.statementNs });
  }

  get statementsPerSecond(): number {
    return NS_PER_S / this.opts.statementNs;
  }

  /**
   * Starts a request's statements, or returns false for "database is locked": with n writers
   * already taking turns, each statement waits about n statement times for the lock.
   */
  write(statements: number, done: (now: Nanos) => void): boolean {
    if (this.server.inService * this.opts.statementNs > this.opts.busyTimeoutNs) {
      this.locked++;
      return false;
    }
    this.server.submit(statements, (now) => {
      this.rows += statements;
      done(now);
    });
    return true;
  }
}
