import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import { Cpu } from '../../src/components/cpu.js';
import { LogLocks } from './log-locks.js';
import { TimeWeighted } from '../../src/metrics/index.js';
import type { FeedRequest } from './k6-client.js';

/** How the server ended a request: the status and body size it sent, and why. */
export type Outcome = 'created' | 'error-1040' | 'pool-timeout' | 'db-locked' | 'worker-timeout' | 'backlog-full';
export type Finish = (status: number, bytes: number, outcome: Outcome) => void;

/**
 * What Django does with a request once a gunicorn thread holds it (the database half of the
 * view). It calls `finish` exactly once, unless the returned abort() ran first: then it must
 * release what it holds (a DB connection, a job in the database) and never call `finish`.
 */
export interface RequestHandler {
  handle(req: FeedRequest, task: AppTask, process: number, finish: Finish): () => void;
}

export interface AppTaskOptions {
  vcpus: number;
  speed: number;
  /** CPU lost per thread computing beyond the vCPUs (see CpuOptions.switchCost). */
  switchCost: number;
  /** gunicorn processes × threads: requests Django works on at once. */
  workers: number;
  threads: number;
  /** Listen backlog: connections the kernel queues for gunicorn to accept. */
  backlog: number;
  /** gunicorn --timeout: a sync worker busy this long on one request is killed. */
  workerTimeoutNs: Nanos;
  /** Time for the arbiter to fork a replacement and for it to import Django. */
  workerBootNs: Nanos;
  /** Whether each worker process logs its 500s under a lock (the bundled app: views.ts, logError). */
  logLocks: boolean;
}

interface Waiting {
  req: FeedRequest;
  /** The worker process that takes it. */
  process: number;
  respond: Finish;
  arrivedAt: Nanos;
}

/**
 * One Fargate task running gunicorn + Django: a FIFO listen queue, workers × threads request
 * slots, and the task's vCPUs shared by everything Django computes (processor sharing; with
 * workers ≥ vCPUs the GIL does not bind). A sync worker (threads = 1) that spends longer than the
 * worker time-out on one request is killed by the arbiter: the client gets the load balancer's
 * 502 and the slot is gone until the replacement has booted. gthread workers heartbeat from their
 * main loop, so their long requests are never killed.
 */
export class AppTask {
  readonly cpu: Cpu;
  readonly slots: number;
  private busy = 0;
  private booting = 0;
  private readonly queue: Waiting[] = [];
  private head = 0;
  /** Requests in the task (queued + in a slot), for Little's law. */
  readonly inSystem: TimeWeighted;
  readonly busySlots: TimeWeighted;
  readonly queued: TimeWeighted;
  arrivals = 0;
  departures = 0;
  /** Σ sojourn of departed requests, ns. */
  sojournNs = 0;
  /** Arrival times of requests still in the task, to add their partial sojourns at the end. */
  private readonly present = new Map<number, Nanos>();
  /** Threads rendering a traceback (error page or log): long CPU bursts without I/O, which hold the GIL (views.ts). */
  renderingTracebacks = 0;
  /** The worker processes' logging locks, where the app logs its 500s that way (views.ts, logError). */
  readonly logLocks: LogLocks | undefined;

  constructor(private readonly sim: Simulation, readonly id: number, private readonly handler: RequestHandler, private readonly opts: AppTaskOptions) {
    this.cpu = new Cpu(sim, { cores: opts.vcpus, discipline: 'ps', speed: opts.speed, switchCost: opts.switchCost });
    this.slots = opts.workers * opts.threads;
    this.inSystem = new TimeWeighted(sim.now);
    this.busySlots = new TimeWeighted(sim.now);
    this.queued = new TimeWeighted(sim.now);
    this.logLocks = opts.logLocks ? new LogLocks(sim, opts.workers) : undefined;
  }

  /** Requests the load balancer has handed this task: the n-th goes to worker process n mod workers. */
  private handedOut = 0;

  /** The worker process for the next request the load balancer hands this task (round robin). */
  nextProcess(): number {
    return this.handedOut++ % this.opts.workers;
  }

  get queueLength(): number {
    return this.queue.length - this.head;
  }

  get busyCount(): number {
    return this.busy;
  }

  /** A request reaches the task; `respond` fires when the task sends its answer. */
  arrive(req: FeedRequest, process: number, respond: Finish): void {
    const now = this.sim.now;
    if (this.queueLength >= this.opts.backlog) {
      // The accept queue is full: the load balancer cannot connect and answers 502 itself.
      respond(502, 0, 'backlog-full');
      return;
    }
    this.arrivals++;
    this.present.set(req.id, now);
    this.inSystem.add(now, 1);
    this.queue.push({ req, process, respond, arrivedAt: now });
    this.queued.add(now, 1);
    this.dispatch();
  }

  /** Partial sojourns of requests still inside, so Σ sojourn = ∫ inSystem dt exactly. */
  sojournUntil(t: Nanos): number {
    let s = this.sojournNs;
    for (const since of this.present.values()) s += t - since;
    return s;
  }

  private dispatch(): void {
    while (this.queueLength > 0 && this.busy + this.booting < this.slots) {
      const w = this.queue[this.head];
      this.queue[this.head++] = undefined as unknown as Waiting;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.queued.add(this.sim.now, -1);
      this.start(w);
    }
  }

  private start(w: Waiting): void {
    const now = this.sim.now;
    this.busy++;
    this.busySlots.add(now, 1);
    let over = false;
    let timer: ReturnType<Simulation['schedule']> | undefined;
    const leave = (): void => {
      over = true;
      if (timer) this.sim.cancel(timer);
      this.busy--;
      this.busySlots.add(this.sim.now, -1);
      this.depart(w);
    };
    const abort = this.handler.handle(w.req, this, w.process, (status, bytes, outcome) => {
      if (over) return;
      leave();
      w.respond(status, bytes, outcome);
      this.dispatch();
    });
    if (this.opts.threads === 1 && !over) {
      timer = this.sim.schedule(this.opts.workerTimeoutNs, () => {
        if (over) return;
        timer = undefined;
        abort();
        leave();
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

  private depart(w: Waiting): void {
    const now = this.sim.now;
    this.departures++;
    this.sojournNs += now - w.arrivedAt;
    this.present.delete(w.req.id);
    this.inSystem.add(now, -1);
  }
}
