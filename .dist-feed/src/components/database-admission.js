/** MySQL/MariaDB ER_CON_COUNT_ERROR, returned at once when the server is full. */
export const ER_CON_COUNT_ERROR = 1040;
export const TOO_MANY_CONNECTIONS = 'Too many connections';
/**
 * The connection-count gate of MySQL/MariaDB. Admission is decided on the total open count: a
 * normal user gets in while fewer than `max_connections` are open, a SUPER user while fewer than
 * `max_connections + reserved` are. So normal users can never hold more than `max_connections`
 * even when SUPER users come and go, and no refusal ever queues: `back_log` is only the TCP
 * accept queue, so the client sees error 1040 immediately.
 */
export class DatabaseAdmission {
    sim;
    maxConnections;
    superUserReserved;
    openCount = 0;
    admittedCount = 0;
    refusedCount = 0;
    maxOpenCount = 0;
    openArea = 0;
    last;
    start;
    constructor(sim, options) {
        this.sim = sim;
        const { maxConnections, superUserReserved = 1 } = options;
        if (!Number.isInteger(maxConnections) || maxConnections < 0)
            throw new RangeError(`maxConnections must be an integer >= 0, got ${maxConnections}`);
        if (!Number.isInteger(superUserReserved) || superUserReserved < 0)
            throw new RangeError(`superUserReserved must be an integer >= 0, got ${superUserReserved}`);
        this.maxConnections = maxConnections;
        this.superUserReserved = superUserReserved;
        this.start = this.last = sim.now;
    }
    /** Opens a connection; false means error 1040 "Too many connections" (counted). */
    connect(isSuper = false) {
        const limit = isSuper ? this.maxConnections + this.superUserReserved : this.maxConnections;
        if (this.openCount >= limit) {
            this.refusedCount++;
            return false;
        }
        this.integrate();
        this.openCount++;
        this.admittedCount++;
        if (this.openCount > this.maxOpenCount)
            this.maxOpenCount = this.openCount;
        return true;
    }
    disconnect() {
        if (this.openCount === 0)
            throw new RangeError('disconnect with no open connection');
        this.integrate();
        this.openCount--;
    }
    get open() {
        return this.openCount;
    }
    stats(untilNs = this.sim.now) {
        const elapsed = untilNs - this.start;
        const area = this.openArea + this.openCount * Math.max(0, untilNs - this.last);
        const meanOpen = elapsed > 0 ? area / elapsed : this.openCount;
        return {
            admitted: this.admittedCount,
            refused: this.refusedCount,
            open: this.openCount,
            maxOpen: this.maxOpenCount,
            meanOpen,
            utilisation: this.maxConnections > 0 ? meanOpen / this.maxConnections : 0,
        };
    }
    integrate() {
        const now = this.sim.now;
        this.openArea += this.openCount * (now - this.last);
        this.last = now;
    }
}
