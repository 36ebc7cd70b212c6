import { Cpu } from './cpu.js';
import { Nic } from './nic.js';
import { CpuCredits } from './cpu-credits.js';
/**
 * A Redis node as pub/sub sees it: one core that executes PUBLISH in O(subscribers), output
 * buffers holding one copy per subscribed connection, and a NIC that drains them in order. The
 * copies of one publish leave as one transfer (one event, however many subscribers), sized when
 * they reach the wire: Redis frees the output buffer of a connection that closed, so copies owed to
 * a departed subscriber never use egress.
 */
export class RedisServer {
    opts;
    cpu;
    nic;
    /** Commands run and copies written, for calibrating the per-command and per-copy costs. */
    work = { publishes: 0, copies: 0 };
    outputBuffers = [];
    head = 0;
    sending = false;
    queuedBytes = 0;
    constructor(sim, opts) {
        this.opts = opts;
        const credits = opts.cpuCredits ? new CpuCredits(opts.cpuCredits) : undefined;
        this.cpu = new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: opts.speed, credits });
        this.nic = new Nic(sim, opts.nic);
    }
    /**
     * Runs PUBLISH to the connections `subscribers()` counts. `onExecuted` fires when the command runs
     * (the moment Redis reads its subscriber set) and returns how many copies are still owed when the
     * publish reaches the wire; `onSent` fires when the last copy has left the NIC.
     */
    publish(subscribers, bytesPerCopy, onExecuted, onSent) {
        const demand = this.opts.publishBaseNs + this.opts.publishPerSubscriberNs * subscribers();
        this.cpu.execute(demand, () => {
            const copies = subscribers();
            this.work.publishes++;
            this.work.copies += copies;
            const liveCopies = onExecuted();
            // Queued even when empty, so publishes leave in the order they ran.
            this.outputBuffers.push({ bytesPerCopy, copiesAtPublish: copies, liveCopies, onSent });
            this.queuedBytes += copies * bytesPerCopy;
            if (!this.sending)
                this.sendNext();
        });
    }
    /** Bytes waiting in output buffers and on the wire (as published; departures shrink it later). */
    get bytesQueued() {
        return this.queuedBytes;
    }
    sendNext() {
        const next = this.outputBuffers[this.head];
        this.sending = next !== undefined;
        if (!next)
            return;
        this.head++;
        if (this.head > 4096 && 2 * this.head > this.outputBuffers.length)
            this.outputBuffers.splice(0, this.head), (this.head = 0);
        const copies = Math.min(next.copiesAtPublish, next.liveCopies());
        this.nic.send(copies * next.bytesPerCopy, (now) => {
            this.queuedBytes -= next.copiesAtPublish * next.bytesPerCopy;
            next.onSent(now);
            this.sendNext();
        });
    }
}
