import { NS_PER_S } from '../../src/engine/time.js';
import { ContentionServer } from '../../src/components/contention-server.js';
import { DatabaseAdmission } from '../../src/components/database-admission.js';
import { uslMaxThroughput, uslPeakConcurrency, uslThroughput } from './usl.js';
/**
 * MySQL as the app sees it: the connection gate (max_connections + 1 SUPER slot, error 1040 at
 * once) and a server whose statement throughput with n busy sessions follows the fitted USL,
 * scaled to the DB host. Sessions share it equally (processor sharing); each statement also
 * costs its session a network round trip, so per-session rate = 1 / (n / X(n) + rtt). Once the
 * rows written exceed the buffer pool, throughput drops by the measured miss factor.
 */
export class MySqlServer {
    sim;
    opts;
    admission;
    server;
    rows = 0;
    spilled = false;
    spilledAtNs = null;
    constructor(sim, opts) {
        this.sim = sim;
        this.opts = opts;
        this.admission = new DatabaseAdmission(sim, { maxConnections: opts.maxConnections, superUserReserved: opts.superUserReserved });
        this.server = new ContentionServer(sim, { throughput: (n) => this.sessionThroughput(n) });
    }
    /** Statements per ns the server completes with n sessions busy, before round trips. */
    serverThroughput(n) {
        const perSecond = this.opts.speed * uslThroughput(this.opts.usl, n) * (this.spilled ? this.opts.bufferPoolMissFactor : 1);
        return perSecond / NS_PER_S;
    }
    /** The most statements per second the server can do at any concurrency. */
    peakPerSecond() {
        return this.opts.speed * uslMaxThroughput(this.opts.usl) * (this.spilled ? this.opts.bufferPoolMissFactor : 1);
    }
    /** Sessions at which the server's throughput peaks (the USL's n*). */
    peakConcurrency() {
        return uslPeakConcurrency(this.opts.usl);
    }
    sessionThroughput(n) {
        return n / (n / this.serverThroughput(n) + this.opts.statementRoundTripNs);
    }
    get rowsWritten() {
        return this.rows;
    }
    /** Runs `statements` autocommit statements for one session; `done` when the last has committed. */
    execute(statements, done) {
        return this.server.submit(statements, (now) => {
            this.wrote(statements);
            done(now);
        });
    }
    /** The session went away mid-way (worker killed): the statements it finished stay committed. */
    abort(job) {
        this.wrote(Math.floor(this.server.cancel(job)));
    }
    wrote(rows) {
        this.rows += rows;
        if (!this.spilled && this.rows * this.opts.rowBytes > this.opts.bufferPoolBytes) {
            this.spilled = true;
            this.spilledAtNs = this.sim.now;
            this.server.rateChanged();
        }
    }
}
