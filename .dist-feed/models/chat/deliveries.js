import { toMillis } from '../../src/engine/time.js';
/**
 * Where every owed delivery ended up. k6 counts a message only if it reaches the client while the
 * socket is open; the rest arrived after close or were dropped with the subscription.
 * Invariant (tested): room.expectedDeliveries = received + afterClose + inFlight.
 */
export class DeliveryLedger {
    room;
    latency;
    receivedPerSecond;
    toClientNs;
    received = 0;
    afterClose = 0;
    constructor(room, latency, receivedPerSecond, 
    /** One-way app → client network latency. */
    toClientNs) {
        this.room = room;
        this.latency = latency;
        this.receivedPerSecond = receivedPerSecond;
        this.toClientNs = toClientNs;
    }
    /**
     * The app wrote publishes [seq, seq + n) to `member`'s socket at evenly spaced times from `first`
     * to `last`. Counts, by arithmetic, how many reach the client before it closes.
     */
    deliver(member, seq, n, first, last) {
        if (n <= 0)
            return;
        const step = n > 1 ? (last - first) / (n - 1) : 0;
        const firstArrival = first + this.toClientNs;
        const room = member.room;
        let ok;
        if (firstArrival >= member.clientClosesAt)
            ok = 0;
        else if (step === 0)
            ok = n;
        else
            ok = Math.min(n, Math.ceil((member.clientClosesAt - firstArrival) / step));
        this.afterClose += n - ok;
        if (ok === 0)
            return;
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
    discard(n) {
        this.afterClose += n;
    }
    /**
     * Owed deliveries still on their way at the end (in Redis, on the wire or unread at the app),
     * counted from the members' own cursors rather than as a remainder, so the invariant can fail.
     */
    inFlight(members) {
        let n = 0;
        for (const m of members)
            if (m.subscribed)
                n += this.room.published - m.cursor;
        return n;
    }
}
