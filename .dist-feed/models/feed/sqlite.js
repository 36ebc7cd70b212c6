import { NS_PER_S } from '../../src/engine/time.js';
import { ContentionServer } from '../../src/components/contention-server.js';
/**
 * One SQLite database file on a task's storage. SQLite lets one writer in at a time; in autocommit
 * every INSERT takes and drops the lock, so concurrent requests interleave statement by statement
 * and share the file equally (processor sharing at a constant statement rate: no group commit).
 * A statement that would wait longer than the busy timeout fails with "database is locked".
 */
export class SqliteFile {
    opts;
    server;
    locked = 0;
    rows = 0;
    constructor(sim, opts) {
        this.opts = opts;
        this.server = new ContentionServer(sim, { throughput: () => 1 / opts.statementNs });
    }
    get statementsPerSecond() {
        return NS_PER_S / this.opts.statementNs;
    }
    /**
     * Starts a request's statements, or returns false for "database is locked": with n writers
     * already taking turns, each statement waits about n statement times for the lock.
     */
    write(statements, done) {
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
