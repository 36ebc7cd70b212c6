import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';

/** A pooled connection's id, 0 … size − 1. */
export type Connection = number;

export interface ConnectionPoolOptions {
  size: number;
}

export interface ConnectionPoolStats {
  requests: number;
  acquired: number;
  timedOut: number;
  /** Requests still waiting for a connection. */
  waiting: number;
  maxWaiting: number;
  inUse: number;
  /** Mean wait over acquired requests, immediate acquisitions counting as 0. */
  meanWaitNs: number;
}

/** A queued acquire. Waiting is the slow path, so one object (and one timer) per wait is fine. */
interface Waiter {
  readonly since: Nanos;
  readonly onAcquired: (conn: Connection) => void;
  readonly onTimeout: () => void;
  timer: ScheduledEvent | null;
  prev: Waiter | null;
  next: Waiter | null;
}

/**
 * A fixed-size connection pool (SQLAlchemy QueuePool, HikariCP) with FIFO waiters and an acquire
 * timeout. Waiters form a doubly linked list so a timeout unlinks its waiter in O(1): with a plain
 * queue and lazy deletion, a pool that never frees a connection would hoard dead waiters forever.
 */
export class ConnectionPool {
  readonly size: number;
  private readonly free: Connection[] = [];
  // In-use ids with their positions, so release(conn) and release() are both O(1).
  private readonly inUseList: Connection[] = [];
  private readonly position: Int32Array;
  private head: Waiter | null = null;
  private tail: Waiter | null = null;
  private waitingCount = 0;
  private requestCount = 0;
  private acquiredCount = 0;
  private timedOutCount = 0;
  private maxWaitingCount = 0;
  private waitSum = 0;

  constructor(private readonly sim: Simulation, options: ConnectionPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 0) throw new RangeError(`pool size must be an integer >= 0, got ${options.size}`);
    this.size = options.size;
    this.position = new Int32Array(options.size).fill(-1);
    // Hand out low ids first, which keeps traces readable.
    for (let id = options.size - 1; id >= 0; id--) this.free.push(id);
  }

  /**
   * Takes a connection now if one is free, else waits FIFO. `onTimeout` fires after `timeoutNs` if
   * none arrived (Infinity waits forever).
   */
  acquire(timeoutNs: Nanos, onAcquired: (conn: Connection) => void, onTimeout: () => void): void {
    if (!(timeoutNs >= 0)) throw new RangeError(`timeout must be >= 0, got ${timeoutNs}`);
    this.requestCount++;
    if (this.free.length > 0 && this.head === null) {
      this.acquiredCount++;
      onAcquired(this.take(this.free.pop()!));
      return;
    }
    const w: Waiter = { since: this.sim.now, onAcquired, onTimeout, timer: null, prev: this.tail, next: null };
    if (this.tail !== null) this.tail.next = w;
    else this.head = w;
    this.tail = w;
    if (++this.waitingCount > this.maxWaitingCount) this.maxWaitingCount = this.waitingCount;
    if (timeoutNs !== Infinity) w.timer = this.sim.schedule(timeoutNs, () => this.expire(w));
  }

  /** Returns `conn` (default: the most recently acquired one) and hands it to the oldest waiter. */
  release(conn: Connection = this.inUseList[this.inUseList.length - 1]): void {
    const pos = conn === undefined || conn < 0 || conn >= this.size ? -1 : this.position[conn];
    if (pos < 0) throw new RangeError(`release of connection ${conn}, which is not in use`);
    const lastId = this.inUseList.pop()!;
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
    if (w.timer !== null) this.sim.cancel(w.timer);
    this.acquiredCount++;
    this.waitSum += this.sim.now - w.since;
    w.onAcquired(this.take(conn));
  }

  get available(): number {
    return this.free.length;
  }

  get inUse(): number {
    return this.inUseList.length;
  }

  get waiting(): number {
    return this.waitingCount;
  }

  stats(): ConnectionPoolStats {
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

  private take(conn: Connection): Connection {
    this.position[conn] = this.inUseList.length;
    this.inUseList.push(conn);
    return conn;
  }

  private expire(w: Waiter): void {
    w.timer = null;
    this.unlink(w);
    this.timedOutCount++;
    w.onTimeout();
  }

  private unlink(w: Waiter): void {
    if (w.prev !== null) w.prev.next = w.next;
    else this.head = w.next;
    if (w.next !== null) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = null;
    this.waitingCount--;
  }
}
