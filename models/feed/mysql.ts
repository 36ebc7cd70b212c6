import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import { NS_PER_S } from '../../src/engine/time.js';
import { ContentionServer, type ContentionJob } from '../../src/components/contention-server.js';
import { DatabaseAdmission } from '../../src/components/database-admission.js';
import { uslMaxThroughput, uslPeakConcurrency, uslThroughput, type Usl } from './usl.js';

export interface MySqlOptions {
  maxConnections: number;
  superUserReserved: number;
  /** Statement throughput law measured on this machine for the configured flush setting. */
  usl: Usl;
  /** The DB host's speed relative to this machine's MariaDB (fitted: t4g.medium + EBS vs local). */
  speed: number;
  /** Client-side time per statement (network round trip): a session is not at the server then. */
  statementRoundTripNs: Nanos;
  bufferPoolBytes: number;
  /** InnoDB bytes per feed row (clustered + 2 secondary indexes). */
  rowBytes: number;
  /** Throughput factor once the table outgrows the buffer pool (measured: 2M rows, 128M vs 2048M). */
  bufferPoolMissFactor: number;
}

/**
 * MySQL as the app sees it: the connection gate (max_connections + 1 SUPER slot, error 1040 at
 * once) and a server whose statement throughput with n busy sessions follows the fitted USL,
 * scaled to the DB host. Sessions share it equally (processor sharing); each statement also
 * costs its session a network round trip, so per-session rate = 1 / (n / X(n) + rtt). Once the
 * rows written exceed the buffer pool, throughput drops by the measured miss factor.
 */
export class MySqlServer {
  readonly admission: DatabaseAdmission;
  readonly server: ContentionServer;
  private rows = 0;
  spilledAtNs: Nanos | null = null;

  constructor(private readonly sim: Simulation, private readonly opts: MySqlOptions) {
    this.admission = new DatabaseAdmission(sim, { maxConnections: opts.maxConnections, superUserReserved: opts.superUserReserved });
    this.server = new ContentionServer(sim, { throughput: (n) => this.sessionThroughput(n) });
  }

  /** Statements per ns the server completes with n sessions busy, before round trips. */
  serverThroughput(n: number): number {
    const perSecond = this.opts.speed * uslThroughput(this.opts.usl, n) * this.missFactor();
    return perSecond / NS_PER_S;
  }

  /** The most statements per second the server can do at any concurrency. */
  peakPerSecond(): number {
    return this.opts.speed * uslMaxThroughput(this.opts.usl) * this.missFactor();
  }

  /** The buffer-pool factor on throughput, once the table has outgrown the pool. */
  private missFactor(): number {
    return this.spilledAtNs === null ? 1 : this.opts.bufferPoolMissFactor;
  }

  /** Sessions at which the server's throughput peaks (the USL's n*). */
  peakConcurrency(): number {
    return uslPeakConcurrency(this.opts.usl);
  }

  private sessionThroughput(n: number): number {
    return n / (n / this.serverThroughput(n) + this.opts.statementRoundTripNs);
  }

  get rowsWritten(): number {
    return this.rows;
  }

  /** Runs `statements` autocommit statements for one session; `done` when the last has committed. */
  execute(statements: number, done: (now: Nanos) => void): ContentionJob {
    return this.server.submit(statements, (now) => {
      this.wrote(statements);
      done(now);
    });
  }

  /** The session went away mid-way (worker killed): the statements it finished stay committed. */
  abort(job: ContentionJob): void {
    this.wrote(Math.floor(this.server.cancel(job)));
  }

  private wrote(rows: number): void {
    this.rows += rows;
    if (this.spilledAtNs === null && this.rows * this.opts.rowBytes > this.opts.bufferPoolBytes) {
      this.spilledAtNs = this.sim.now;
      this.server.rateChanged();
    }
  }
}
