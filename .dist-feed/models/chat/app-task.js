import { EventLoop } from '../../src/components/event-loop.js';
import { Series } from '../../src/metrics/index.js';
/**
 * One app task: a uvicorn process, i.e. one asyncio event loop on one core, holding WebSockets.
 * per-connection: every WebSocket has its own Redis subscription (its own socket to read);
 * per-process: the task holds one subscription and copies each message to its local WebSockets.
 */
export class AppTask {
    id;
    mode;
    costs;
    ledger;
    loop;
    members = new Set();
    /** Publishes that have reached this task from Redis (sequence numbers 0 … arrived−1). */
    arrived = 0;
    /** per-process: the next publish its single subscription reads. */
    readCursor = 0;
    hasWork = false;
    /** Deliveries owed to its members and waiting to be read when the last iteration began. */
    backlog = 0;
    maxBacklog = 0;
    /** Deliveries written per second: the rate that drains the backlog. */
    written = new Series();
    /** Work done, by the unit it is costed in: the regressors `capsim calibrate` fits costs to. */
    work = { reads: 0, parses: 0, writes: 0, accepts: 0, handshakes: 0, inbound: 0, closes: 0 };
    onBacklog;
    constructor(sim, id, mode, costs, speed, ledger) {
        this.id = id;
        this.mode = mode;
        this.costs = costs;
        this.ledger = ledger;
        this.loop = new EventLoop(sim, { wakeCostNs: costs.wakeNs, speed });
        this.loop.addSource(this);
    }
    /** A publish has been read off the wire from Redis. */
    publishArrived() {
        this.arrived++;
        if (this.mode === 'per-process' || this.members.size > 0) {
            this.hasWork = true;
            this.loop.notify();
        }
    }
    join(member) {
        if (this.mode === 'per-process')
            member.cursor = Math.max(member.cursor, this.readCursor);
        this.members.add(member);
    }
    /** The member's subscription (or registration) ends: what it was still owed is lost. */
    leave(member) {
        if (!this.members.delete(member))
            return;
        this.ledger.discard(member.leave());
    }
    pending() {
        return this.hasWork;
    }
    run(start, speed) {
        this.recordBacklog(start);
        return this.mode === 'per-connection' ? this.readEachSubscription(start, speed) : this.readSharedSubscription(start, speed);
    }
    /** Each WebSocket's own Redis socket is read once per iteration, up to one read buffer. */
    readEachSubscription(start, speed) {
        const { readNs, parseNs, writeNs, readChunkMessages } = this.costs;
        const perMessage = (parseNs + writeNs) / speed;
        let t = start;
        let more = false;
        for (const m of this.members) {
            const k = Math.min(m.readable(this.arrived), readChunkMessages);
            if (k === 0)
                continue;
            t += readNs / speed;
            this.work.reads++;
            this.work.parses += k;
            this.work.writes += k;
            this.ledger.deliver(m, m.cursor, k, t + perMessage, t + k * perMessage);
            this.written.addSpread(t + perMessage, t + k * perMessage, k);
            t += k * perMessage;
            m.cursor += k;
            if (m.readable(this.arrived) > 0)
                more = true;
        }
        this.hasWork = more;
        return t - start;
    }
    /** One shared subscription: read a buffer of messages, copy each to every local member. */
    readSharedSubscription(start, speed) {
        const { readNs, parseNs, writeNs, readChunkMessages } = this.costs;
        const first = this.readCursor;
        const k = Math.min(this.arrived - first, readChunkMessages);
        this.readCursor += k;
        this.hasWork = this.arrived > this.readCursor;
        if (k === 0)
            return 0;
        const end = first + k;
        let writes = 0;
        for (const m of this.members)
            writes += Math.max(0, end - Math.max(first, m.fromSeq));
        const t = start + readNs / speed;
        this.work.reads++;
        this.work.parses += k;
        this.work.writes += writes;
        // Spread the chunk's work evenly over its messages: message j is written around slot j.
        const slot = (k * parseNs + writes * writeNs) / speed / k;
        for (const m of this.members) {
            const from = Math.max(first, m.fromSeq);
            if (from >= end)
                continue;
            this.ledger.deliver(m, from, end - from, t + (from - first + 1) * slot, t + k * slot);
            this.written.addSpread(t + (from - first + 1) * slot, t + k * slot, end - from);
            m.cursor = Math.max(m.cursor, end);
        }
        return readNs / speed + k * slot;
    }
    recordBacklog(t) {
        let backlog = 0;
        if (this.mode === 'per-connection')
            for (const m of this.members)
                backlog += m.readable(this.arrived);
        else
            for (const m of this.members)
                backlog += Math.max(0, this.arrived - Math.max(this.readCursor, m.fromSeq));
        this.backlog = backlog;
        if (backlog > this.maxBacklog)
            this.maxBacklog = backlog;
        this.onBacklog?.(t, backlog);
    }
}
