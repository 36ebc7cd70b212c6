import type { Nanos } from '../../src/engine/time.js';
import { toMillis } from '../../src/engine/time.js';
import type { Series, Trend } from '../../src/metrics/index.js';
import type { Member, Room } from './room.js';

/**
 * Where every owed delivery ended up. k6 counts a message only if it reaches the client while the
 * socket is open; the rest arrived after close or were dropped with the subscription.
 * Invariant (tested): room.expectedDeliveries = received + afterClose + inFlight.
 */
export class DeliveryLedger {
  received = 0;
  afterClose = 0;

  constructor(
    private readonly room: Room,
    private readonly latency: Trend,
    private readonly receivedPerSecond: Series,
    /** One-way app → client network latency. */
    private readonly toClientNs: Nanos,
  ) {}

  /**
   * The app wrote publishes [seq, seq + n) to `member`'s socket at evenly spaced times from `first`
   * to `last`. Counts, by arithmetic, how many reach the client before it closes.
   */
  deliver(member: Member, seq: number, n: number, first: Nanos, last: Nanos): void {
    if (n <= 0) return;
    const step = n > 1 ? (last - first) / (n - 1) : 0;
    const firstArrival = first + this.toClientNs;
    const room = member.room;
    let ok: number;
    if (firstArrival >= member.clientClosesAt) ok = 0;
    else if (step === 0) ok = n;
    else ok = Math.min(n, Math.ceil((member.clientClosesAt - firstArrival) / step));
    this.afterClose += n - ok;
    if (ok === 0) return;
    this.received += ok;
    const lastArrival = firstArrival + (ok - 1) * step;
    // Send times within a batch are close to evenly spaced, so latency is taken as linear between
    // the exact first and last values: one histogram update per bucket spanned, not per message.
    const firstLatency = firstArrival - room.sentAt[seq];
    const lastLatency = lastArrival - room.sentAt[seq + ok - 1];
    this.latency.addUniform(toMillis(Math.min(firstLatency, lastLatency)), toMillis(Math.max(firstLatency, lastLatency)), ok);
    this.receivedPerSecond.addSpread(firstArrival, lastArrival, ok);
  }

  /** Owed publishes that will never be written: the subscription ended first. */
  discard(n: number): void {
    this.afterClose += n;
  }

  /**
   * Owed deliveries still on their way at the end (in Redis, on the wire or unread at the app),
   * counted from the members' own cursors rather than as a remainder, so the invariant can fail.
   */
  inFlight(members: Iterable<Member>): number {
    let n = 0;
    for (const m of members) if (m.subscribed) n += this.room.published - m.cursor;
    return n;
  }
}
