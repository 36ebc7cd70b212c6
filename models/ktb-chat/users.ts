import type { Nanos } from '../../src/engine/time.js';
import type { RoomShards } from './rooms.js';

/** Failed connects wait the client timeout then the reconnection delay; drops only the delay. */
export type RetryKind = 'failed' | 'dropped';

/**
 * The k6 VUs as the servers see them: each VU (user number u, in start order) dials, holds one
 * Socket.IO connection on one process, and dials again after a failure or a drop. VU slots fill
 * and empty from the top, as ramping-vus does; user u is in room ⌊u / S⌋.
 */
export class Users {
  active = 0;
  connected = 0;
  private readonly where: Int32Array;
  private readonly waitUntil: Float64Array;
  private readonly members: number[][];
  private readonly slot: Int32Array;
  private readonly dialNow: number[] = [];
  /** Handshakes accepted by a process whose event loop is saturated: they wait for it to clear. */
  private held: Array<{ u: number; c: number; since: Nanos }> = [];
  private readonly heldOn: Int32Array;
  private readonly heldSince: Float64Array;
  /** Retries wait a fixed delay, so each queue is ordered by time already. */
  private readonly queues: Record<RetryKind, Array<{ u: number; at: Nanos }>> = { failed: [], dropped: [] };
  private next: number;

  constructor(maxUsers: number, readonly processes: number, private readonly shards: RoomShards, elbStart: number) {
    this.where = new Int32Array(maxUsers).fill(-1);
    this.waitUntil = new Float64Array(maxUsers).fill(Infinity);
    this.slot = new Int32Array(maxUsers);
    this.heldOn = new Int32Array(maxUsers).fill(-1);
    this.heldSince = new Float64Array(maxUsers);
    this.members = Array.from({ length: processes }, () => []);
    this.next = Math.floor(elbStart * processes) % processes;
  }

  roomOf(u: number): number {
    return Math.floor(u / this.shards.roomSize);
  }

  /** Connections held by process c. */
  on(c: number): number {
    return this.members[c].length;
  }

  /** Starts VUs up to `target` (they dial now) or stops the top ones (they hang up). */
  follow(target: number, now: Nanos): void {
    for (; this.active < target; this.active++) {
      this.waitUntil[this.active] = now;
      this.dialNow.push(this.active);
    }
    for (; this.active > target; this.active--) {
      const u = this.active - 1;
      if (this.where[u] >= 0) this.disconnect(u);
      this.heldOn[u] = -1;
      this.waitUntil[u] = Infinity;
    }
  }

  /** Calls `dial` for every VU whose dial is due by `now`, new ones first, then retries in time order. */
  dialsDue(now: Nanos, dial: (u: number) => void): void {
    const fresh = this.dialNow.splice(0);
    for (const u of fresh) if (u < this.active && this.waitUntil[u] === now) dial(u);
    for (const queue of Object.values(this.queues)) {
      let taken = 0;
      while (taken < queue.length && queue[taken].at <= now) taken++;
      for (const { u, at } of queue.splice(0, taken)) if (u < this.active && this.where[u] < 0 && this.waitUntil[u] === at) dial(u);
    }
  }

  /** VU u's handshake waits at process c (its loop saturated) from `since`. */
  hold(u: number, c: number, since: Nanos): void {
    this.heldOn[u] = c;
    this.heldSince[u] = since;
    this.waitUntil[u] = Infinity;
    this.held.push({ u, c, since });
  }

  /** Handshakes waiting for a saturated loop. */
  get waiting(): number {
    return this.held.length;
  }

  /**
   * Each waiting handshake whose VU is still active: `settle(u, c, since)` answers whether it is
   * done (connected or failed); the rest keep waiting, in the order they came.
   */
  heldDue(settle: (u: number, c: number, since: Nanos) => boolean): void {
    if (this.held.length === 0) return;
    this.held = this.held.filter(({ u, c, since }) => {
      // A VU stopped (or stopped and started again) since it dialled is no longer this handshake.
      if (u >= this.active || this.heldOn[u] !== c || this.heldSince[u] !== since) return false;
      if (!settle(u, c, since)) return true;
      this.heldOn[u] = -1;
      return false;
    });
  }

  /** The ELB's next target (round robin over every container). */
  nextProcess(): number {
    const c = this.next;
    this.next = (this.next + 1) % this.processes;
    return c;
  }

  connect(u: number, c: number): void {
    this.heldOn[u] = -1;
    this.where[u] = c;
    this.waitUntil[u] = Infinity;
    this.slot[u] = this.members[c].length;
    this.members[c].push(u);
    this.connected++;
    this.shards.move(u, 1);
  }

  /** VU u dials again at `at` after a failed connect (or, with `dropped`, after losing its connection). */
  retry(u: number, at: Nanos, kind: RetryKind = 'failed'): void {
    this.heldOn[u] = -1;
    this.waitUntil[u] = at;
    this.queues[kind].push({ u, at });
  }

  /** Every connection of process c drops; its VUs dial again at `at`. Returns how many dropped. */
  dropAll(c: number, at: Nanos): number {
    const gone = this.members[c].slice();
    for (const u of gone) {
      this.disconnect(u);
      this.retry(u, at, 'dropped');
    }
    return gone.length;
  }

  private disconnect(u: number): void {
    const c = this.where[u];
    const list = this.members[c];
    const last = list.pop()!;
    if (last !== u) {
      list[this.slot[u]] = last;
      this.slot[last] = this.slot[u];
    }
    this.where[u] = -1;
    this.connected--;
    this.shards.move(u, -1);
  }
}
