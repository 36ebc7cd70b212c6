/**
 * A fixed-size connection pool (SQLAlchemy QueuePool, HikariCP) with FIFO waiters and an acquire
 * timeout. Waiters form a doubly linked list so a timeout unlinks its waiter in O(1): with a plain
 * queue and lazy deletion, a pool that never frees a connection would hoard dead waiters forever.
 */
export class ConnectionPool {
    sim;
    size;
    free = [];
    // In-use ids with their positions, so release(conn) and release() are both O(1).
    inUseList = [];
    position;
    head = null;
    tail = null;
    waitingCount = 0;
    requestCount = 0;
    acquiredCount = 0;
    timedOutCount = 0;
    maxWaitingCount = 0;
    waitSum = 0;
    constructor(sim, options) {
        this.sim = sim;
        if (!Number.isInteger(options.size) || options.size < 0)
            throw new RangeError(`pool size must be an integer >= 0, got ${options.size}`);
        this.size = options.size;
        this.position = new Int32Array(options.size).fill(-1);
        // Hand out low ids first, which keeps traces readable.
        for (let id = options.size - 1; id >= 0; id--)
            this.free.push(id);
    }
    /**
     * Takes a connection now if one is free, else waits FIFO. `onTimeout` fires after `timeoutNs` if
     * none arrived (Infinity waits forever).
     */
    acquire(timeoutNs, onAcquired, onTimeout) {
        if (!(timeoutNs >= 0))
            throw new RangeError(`timeout must be >= 0, got ${timeoutNs}`);
        this.requestCount++;
        if (this.free.length > 0 && this.head === null) {
            this.acquiredCount++;
            onAcquired(this.take(this.free.pop()));
            return;
        }
        const w = { since: this.sim.now, onAcquired, onTimeout, timer: null, prev: this.tail, next: null };
        if (this.tail !== null)
            this.tail.next = w;
        else
            this.head = w;
        this.tail = w;
        if (++this.waitingCount > this.maxWaitingCount)
            this.maxWaitingCount = this.waitingCount;
        if (timeoutNs !== Infinity)
            w.timer = this.sim.schedule(timeoutNs, () => this.expire(w));
    }
    /** Returns `conn` (default: the most recently acquired one) and hands it to the oldest waiter. */
    release(conn = this.inUseList[this.inUseList.length - 1]) {
        const pos = conn === undefined || conn < 0 || conn >= this.size ? -1 : this.position[conn];
        if (pos < 0)
            throw new RangeError(`release of connection ${conn}, which is not in use`);
        const lastId = this.inUseList.pop();
        if (lastId !== conn) {
            this.inUseList[pos] = lastId;
            this.position[lastId] = pos;
        }
        this.position[conn] = -1;
        const w = this.head;
        if (w === null) {
            this.free.push(conn);
            return;
        }
        this.unlink(w);
        if (w.timer !== null)
            this.sim.cancel(w.timer);
        this.acquiredCount++;
        this.waitSum += this.sim.now - w.since;
        w.onAcquired(this.take(conn));
    }
    get available() {
        return this.free.length;
    }
    get inUse() {
        return this.inUseList.length;
    }
    get waiting() {
        return this.waitingCount;
    }
    stats() {
        return {
            requests: this.requestCount,
            acquired: this.acquiredCount,
            timedOut: this.timedOutCount,
            waiting: this.waitingCount,
            maxWaiting: this.maxWaitingCount,
            inUse: this.inUseList.length,
            meanWaitNs: this.acquiredCount > 0 ? this.waitSum / this.acquiredCount : 0,
        };
    }
    take(conn) {
        this.position[conn] = this.inUseList.length;
        this.inUseList.push(conn);
        return conn;
    }
    expire(w) {
        w.timer = null;
        this.unlink(w);
        this.timedOutCount++;
        w.onTimeout();
    }
    unlink(w) {
        if (w.prev !== null)
            w.prev.next = w.next;
        else
            this.head = w.next;
        if (w.next !== null)
            w.next.prev = w.prev;
        else
            this.tail = w.prev;
        w.prev = w.next = null;
        this.waitingCount--;
    }
}
