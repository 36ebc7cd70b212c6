import { Cpu } from '../../src/components/cpu.js';
import { TimeWeighted } from '../../src/metrics/index.js';
/**
 * One Fargate task running gunicorn + Django: a FIFO listen queue, workers × threads request
 * slots, and the task's vCPUs shared by everything Django computes (processor sharing; with
 * workers ≥ vCPUs the GIL does not bind). A sync worker (threads = 1) that spends longer than the
 * worker time-out on one request is killed by the arbiter: the client gets the load balancer's
 * 502 and the slot is gone until the replacement has booted. gthread workers heartbeat from their
 * main loop, so their long requests are never killed.
 */
export class AppTask {
    sim;
    id;
    handler;
    opts;
    cpu;
    slots;
    busy = 0;
    booting = 0;
    queue = [];
    head = 0;
    /** Requests in the task (queued + in a slot), for Little's law. */
    inSystem;
    busySlots;
    queued;
    arrivals = 0;
    departures = 0;
    /** Σ sojourn of departed requests, ns. */
    sojournNs = 0;
    /** Arrival times of requests still in the task, to add their partial sojourns at the end. */
    present = new Map();
    killed = 0;
    refused = 0;
    constructor(sim, id, handler, opts) {
        this.sim = sim;
        this.id = id;
        this.handler = handler;
        this.opts = opts;
        this.cpu = new Cpu(sim, { cores: opts.vcpus, discipline: 'ps', speed: opts.speed });
        this.slots = opts.workers * opts.threads;
        this.inSystem = new TimeWeighted(sim.now);
        this.busySlots = new TimeWeighted(sim.now);
        this.queued = new TimeWeighted(sim.now);
    }
    get queueLength() {
        return this.queue.length - this.head;
    }
    get busyCount() {
        return this.busy;
    }
    /** A request reaches the task; `respond` fires when the task sends its answer. */
    arrive(req, respond) {
        const now = this.sim.now;
        if (this.queueLength >= this.opts.backlog) {
            // The accept queue is full: the load balancer cannot connect and answers 502 itself.
            this.refused++;
            respond(502, 0, 'backlog-full');
            return;
        }
        this.arrivals++;
        this.present.set(req.id, now);
        this.inSystem.add(now, 1);
        this.queue.push({ req, respond, arrivedAt: now });
        this.queued.add(now, 1);
        this.dispatch();
    }
    /** Partial sojourns of requests still inside, so Σ sojourn = ∫ inSystem dt exactly. */
    sojournUntil(t) {
        let s = this.sojournNs;
        for (const since of this.present.values())
            s += t - since;
        return s;
    }
    dispatch() {
        while (this.queueLength > 0 && this.busy + this.booting < this.slots) {
            const w = this.queue[this.head];
            this.queue[this.head++] = undefined;
            if (this.head > 1024 && this.head * 2 > this.queue.length) {
                this.queue.splice(0, this.head);
                this.head = 0;
            }
            this.queued.add(this.sim.now, -1);
            this.start(w);
        }
    }
    start(w) {
        const now = this.sim.now;
        this.busy++;
        this.busySlots.add(now, 1);
        let over = false;
        let timer;
        const leave = () => {
            over = true;
            if (timer)
                this.sim.cancel(timer);
            this.busy--;
            this.busySlots.add(this.sim.now, -1);
            this.depart(w);
        };
        const abort = this.handler.handle(w.req, this, (status, bytes, outcome) => {
            if (over)
                return;
            leave();
            w.respond(status, bytes, outcome);
            this.dispatch();
        });
        if (this.opts.threads === 1 && !over) {
            timer = this.sim.schedule(this.opts.workerTimeoutNs, () => {
                if (over)
                    return;
                timer = undefined;
                abort();
                leave();
                this.killed++;
                w.respond(502, 0, 'worker-timeout');
                // The slot comes back when the replacement worker has booted.
                this.booting++;
                this.sim.schedule(this.opts.workerBootNs, () => {
                    this.booting--;
                    this.dispatch();
                });
            });
        }
    }
    depart(w) {
        const now = this.sim.now;
        this.departures++;
        this.sojournNs += now - w.arrivedAt;
        this.present.delete(w.req.id);
        this.inSystem.add(now, -1);
    }
}
