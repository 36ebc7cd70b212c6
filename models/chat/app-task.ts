import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import { EventLoop, type LoopSource } from '../../src/components/event-loop.js';
import { Series } from '../../src/metrics/index.js';
import type { DeliveryLedger } from './deliveries.js';
import type { Member } from './room.js';
import type { AppCosts } from './params.js';

export type SubscriptionMode = 'per-connection' | 'per-process';

/**
 * One app task: a uvicorn process, i.e. one asyncio event loop on one core, holding WebSockets.
 * per-connection: every WebSocket has its own Redis subscription (its own socket to read);
 * per-process: the task holds one subscription and copies each message to its local WebSockets.
 */
export class AppTask implements LoopSource {
  readonly loop: EventLoop;
  readonly members = new Set<Member>();
  /** Publishes that have reached this task from Redis (sequence numbers 0 … arrived−1). */
  private arrived = 0;
  /**
   * Publishes read off the sockets by the last iteration's I/O callbacks: asyncio reads a readable
   * socket in one iteration (feed_data wakes the reading task) and runs the task that parses and
   * writes in the next, so an iteration handles what had arrived when the one before it began.
   */
  private read = 0;
  /** per-process: the next publish its single subscription reads. */
  private readCursor = 0;
  private hasWork = false;
  /** Deliveries owed to its members and waiting to be read when the last iteration began. */
  backlog = 0;
  maxBacklog = 0;
  /** Deliveries written per second: the rate that drains the backlog. */
  readonly written = new Series();
  /** Work done, by the unit it is costed in: the regressors `capsim calibrate` fits costs to. */
  readonly work = { reads: 0, parses: 0, writes: 0, accepts: 0, handshakes: 0, inbound: 0, closes: 0 };

  constructor(
    sim: Simulation,
    readonly id: number,
    private readonly mode: SubscriptionMode,
    private readonly costs: AppCosts,
    speed: number,
    private readonly ledger: DeliveryLedger,
  ) {
    this.loop = new EventLoop(sim, { wakeCostNs: costs.wakeNs, speed });
    this.loop.addSource(this);
  }

  /** A publish has been read off the wire from Redis. */
  publishArrived(): void {
    this.arrived++;
    if (this.mode === 'per-process' || this.members.size > 0) {
      this.hasWork = true;
      this.loop.notify();
    }
  }

  join(member: Member): void {
    this.members.add(member);
  }

  /** The member's subscription (or registration) ends: what it was still owed is lost. */
  leave(member: Member): void {
    if (!this.members.delete(member)) return;
    this.ledger.discard(member.leave());
  }

  pending(): boolean {
    return this.hasWork;
  }

  run(start: Nanos, speed: number): Nanos {
    // Each read pass also sums what was owed when the iteration began: the backlog.
    this.backlog = 0;
    const upTo = this.read;
    this.read = this.arrived;
    const used = this.mode === 'per-connection' ? this.readEachSubscription(start, speed, upTo) : this.readSharedSubscription(start, speed, upTo);
    // Publishes that arrived since the last iteration began still need one to read them.
    if (this.arrived > upTo && (this.mode === 'per-process' || this.members.size > 0)) this.hasWork = true;
    if (this.backlog > this.maxBacklog) this.maxBacklog = this.backlog;
    return used;
  }

  /** Each WebSocket's own Redis socket is read once per iteration, up to one read buffer. */
  private readEachSubscription(start: Nanos, speed: number, upTo: number): Nanos {
    const { readNs, parseNs, writeNs, readChunkMessages } = this.costs;
    const perMessage = (parseNs + writeNs) / speed;
    let t = start;
    let more = false;
    for (const m of this.members) {
      this.backlog += m.readable(this.arrived);
      const owed = m.readable(upTo);
      const k = Math.min(owed, readChunkMessages);
      if (k === 0) continue;
      t += readNs / speed;
      this.work.reads++;
      this.work.parses += k;
      this.work.writes += k;
      this.ledger.deliver(m, m.cursor, k, t + perMessage, t + k * perMessage);
      this.written.addSpread(t + perMessage, t + k * perMessage, k);
      t += k * perMessage;
      m.cursor += k;
      if (owed > k) more = true;
    }
    this.hasWork = more;
    return t - start;
  }

  /** One shared subscription: read a buffer of messages, copy each to every local member. */
  private readSharedSubscription(start: Nanos, speed: number, upTo: number): Nanos {
    const { readNs, parseNs, writeNs, readChunkMessages } = this.costs;
    const first = this.readCursor;
    const k = Math.max(0, Math.min(upTo - first, readChunkMessages));
    this.readCursor += k;
    this.hasWork = upTo > this.readCursor;
    if (k === 0) return 0;
    const end = first + k;
    let writes = 0;
    for (const m of this.members) {
      const from = Math.max(first, m.fromSeq);
      writes += Math.max(0, end - from);
      this.backlog += Math.max(0, this.arrived - from);
    }
    const t = start + readNs / speed;
    this.work.reads++;
    this.work.parses += k;
    this.work.writes += writes;
    // Spread the chunk's work evenly over its messages: message j is written around slot j.
    const slot = (k * parseNs + writes * writeNs) / speed / k;
    for (const m of this.members) {
      const from = Math.max(first, m.fromSeq);
      if (from >= end) continue;
      this.ledger.deliver(m, from, end - from, t + (from - first + 1) * slot, t + k * slot);
      this.written.addSpread(t + (from - first + 1) * slot, t + k * slot, end - from);
      m.cursor = Math.max(m.cursor, end);
    }
    return readNs / speed + k * slot;
  }
}
