import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import { TimeWeighted } from '../metrics/time-weighted.js';

/** MySQL/MariaDB ER_CON_COUNT_ERROR, returned at once when the server is full. */
export const ER_CON_COUNT_ERROR = 1040;
export const TOO_MANY_CONNECTIONS = 'Too many connections';

export interface DatabaseAdmissionOptions {
  /** The server's `max_connections`. */
  maxConnections: number;
  /** Extra slots only a SUPER (CONNECTION_ADMIN) user may take; MySQL keeps one. */
  superUserReserved?: number;
}

export interface DatabaseAdmissionStats {
  admitted: number;
  /** Connection attempts refused with error 1040. */
  refused: number;
  open: number;
  maxOpen: number;
  /** Time-averaged open connections. */
  meanOpen: number;
  /** meanOpen / maxConnections: how close the server runs to refusing. */
  utilisation: number;
}

/**
 * The connection-count gate of MySQL/MariaDB. Admission is decided on the total open count: a
 * normal user gets in while fewer than `max_connections` are open, a SUPER user while fewer than
 * `max_connections + reserved` are. So normal users can never hold more than `max_connections`
 * even when SUPER users come and go, and no refusal ever queues: `back_log` is only the TCP
 * accept queue, so the client sees error 1040 immediately.
 */
export class DatabaseAdmission {
  readonly maxConnections: number;
  readonly superUserReserved: number;
  private readonly openLevel: TimeWeighted;
  private admittedCount = 0;
  private refusedCount = 0;

  constructor(private readonly sim: Simulation, options: DatabaseAdmissionOptions) {
    const { maxConnections, superUserReserved = 1 } = options;
    if (!Number.isInteger(maxConnections) || maxConnections < 0) throw new RangeError(`maxConnections must be an integer >= 0, got ${maxConnections}`);
    if (!Number.isInteger(superUserReserved) || superUserReserved < 0) throw new RangeError(`superUserReserved must be an integer >= 0, got ${superUserReserved}`);
    this.maxConnections = maxConnections;
    this.superUserReserved = superUserReserved;
    this.openLevel = new TimeWeighted(sim.now);
  }

  /** Opens a connection; false means error 1040 "Too many connections" (counted). */
  connect(isSuper = false): boolean {
    const limit = isSuper ? this.maxConnections + this.superUserReserved : this.maxConnections;
    if (this.open >= limit) {
      this.refusedCount++;
      return false;
    }
    this.openLevel.add(this.sim.now, 1);
    this.admittedCount++;
    return true;
  }

  disconnect(): void {
    if (this.open === 0) throw new RangeError('disconnect with no open connection');
    this.openLevel.add(this.sim.now, -1);
  }

  get open(): number {
    return this.openLevel.level;
  }

  stats(untilNs: Nanos = this.sim.now): DatabaseAdmissionStats {
    const elapsed = untilNs - this.openLevel.startNs;
    const area = this.openLevel.integral(Math.max(untilNs, this.openLevel.changedAt));
    const meanOpen = elapsed > 0 ? area / elapsed : this.open;
    return {
      admitted: this.admittedCount,
      refused: this.refusedCount,
      open: this.open,
      maxOpen: this.openLevel.max,
      meanOpen,
      utilisation: this.maxConnections > 0 ? meanOpen / this.maxConnections : 0,
    };
  }
}
