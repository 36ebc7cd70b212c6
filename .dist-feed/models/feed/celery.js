import { Cpu } from '../../src/components/cpu.js';
import { CpuCredits } from '../../src/components/cpu-credits.js';
import { JobFifo } from '../../src/components/job-fifo.js';
import { Series, TimeWeighted, Trend } from '../../src/metrics/index.js';
import { toMillis } from '../../src/engine/time.js';
/**
 * Redis + Celery for the feed: the view LPUSHes one task message per post to the broker list;
 * prefork worker processes take messages in order and write the post into each friend's feed list
 * with one Redis command per friend, without pipelining, so each fan-out costs fanout round trips.
 * One fan-out is three jobs (worker CPU, Redis CPU, the round trips), never fanout events. The
 * broker is the same Redis node as the feeds.
 */
export class CeleryCluster {
    sim;
    opts;
    redisCpu;
    workerCpus;
    broker = new JobFifo();
    idle = [];
    backlog;
    maxBacklog = 0;
    enqueued = 0;
    fannedOut = 0;
    /** Time from the view's enqueue to the last friend's feed written. */
    lag = new Trend();
    fannedOutPerSecond = new Series();
    /** When the broker list and the workers last became empty; null while work remains. */
    emptiedAt = 0;
    constructor(sim, opts) {
        this.sim = sim;
        this.opts = opts;
        const credits = opts.redisCredits ? new CpuCredits(opts.redisCredits) : undefined;
        this.redisCpu = new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: opts.redisSpeed, credits });
        this.workerCpus = Array.from({ length: opts.tasks }, () => new Cpu(sim, { cores: opts.vcpusPerTask, discipline: 'ps', speed: opts.speed }));
        for (let t = 0; t < opts.tasks; t++)
            for (let p = 0; p < opts.processesPerTask; p++)
                this.idle.push(t);
        this.backlog = new TimeWeighted(sim.now);
    }
    get processes() {
        return this.opts.tasks * this.opts.processesPerTask;
    }
    get busyProcesses() {
        return this.processes - this.idle.length;
    }
    /** Messages waiting in the broker list. */
    get waiting() {
        return this.broker.size;
    }
    /** The view's LPUSH of the task message; `done` when Redis has run it. */
    enqueue(done) {
        this.redisCpu.execute(this.opts.redisCommandNs, (now) => {
            this.enqueued++;
            this.emptiedAt = null;
            this.broker.push(now, 0, null);
            this.backlog.add(now, 1);
            if (this.broker.size > this.maxBacklog)
                this.maxBacklog = this.broker.size;
            done(now);
            this.dispatch();
        });
    }
    dispatch() {
        while (this.broker.size > 0 && this.idle.length > 0) {
            const task = this.idle.pop();
            const enqueuedAt = this.broker.peekA();
            this.broker.shift();
            this.backlog.add(this.sim.now, -1);
            this.fanOut(task, enqueuedAt);
        }
    }
    fanOut(task, enqueuedAt) {
        const { fanout, taskOverheadNs, commandCpuNs, redisCommandNs, roundTripNs } = this.opts;
        this.workerCpus[task].execute(taskOverheadNs + fanout * commandCpuNs, () => this.redisCpu.execute(fanout * redisCommandNs, () => this.sim.schedule(fanout * roundTripNs, (now) => {
            this.fannedOut++;
            this.fannedOutPerSecond.add(now, 1);
            this.lag.add(toMillis(now - enqueuedAt));
            this.idle.push(task);
            if (this.broker.size === 0 && this.idle.length === this.processes)
                this.emptiedAt = now;
            this.dispatch();
        })));
    }
}
