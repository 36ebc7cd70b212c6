import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import { Cpu } from '../../src/components/cpu.js';
import { CpuCredits, type CpuCreditsOptions } from '../../src/components/cpu-credits.js';
import { JobFifo } from '../../src/components/job-fifo.js';
import { TimeWeighted, Trend } from '../../src/metrics/index.js';
import { toMillis } from '../../src/engine/time.js';

export interface CeleryOptions {
  tasks: number;
  vcpusPerTask: number;
  /** Prefork processes per task (Celery's default concurrency: one per CPU). */
  processesPerTask: number;
  speed: number;
  fanout: number;
  /** Friends per task message: a post is ceil(fanout / chunk) messages. */
  chunk: number;
  /** Worker CPU per task message: fetch, decode, ack, bookkeeping. */
  taskOverheadNs: Nanos;
  /** Worker CPU per Redis command (redis-py encodes, sends, parses the reply). */
  commandCpuNs: Nanos;
  /** Redis CPU per feed write (LPUSH). */
  redisCommandNs: Nanos;
  /** Redis CPU per task message: the enqueue's LPUSH, the worker's fetch and ack. */
  redisMessageNs: Nanos;
  roundTripNs: Nanos;
  redisSpeed: number;
  redisCredits?: CpuCreditsOptions;
  /**
   * The bundled app on this machine: one Celery task whose processes share one core with Redis
   * (and with MariaDB and the load generator, whose work per post is `otherWorkPerPostNs`).
   */
  sharedCore?: { otherWorkPerPostNs: Nanos };
}

/**
 * Redis + Celery for the feed: the view LPUSHes the post's task messages to the broker list;
 * prefork worker processes take messages in order and write the post into each friend's feed list
 * of the message with one Redis command per friend, without pipelining, so a message of k friends
 * costs k round trips. One message is three jobs (worker CPU, Redis CPU, the round trips), never k
 * events. The broker is the same Redis node as the feeds.
 */
export class CeleryCluster {
  readonly redisCpu: Cpu;
  readonly workerCpus: Cpu[];
  private readonly broker = new JobFifo<null>();
  private idle: number[] = [];
  readonly backlog: TimeWeighted;
  /** Task messages enqueued and done. */
  enqueued = 0;
  done = 0;
  /** Posts whose every message is done. */
  fannedOut = 0;
  /** Messages of a post still to do, by post. */
  private readonly open = new Map<number, { left: number; enqueuedAt: Nanos }>();
  private nextPost = 0;
  /** Time from the view's enqueue to the last friend's feed written. */
  readonly lag = new Trend();
  /** When the broker list and the workers last became empty; null while work remains. */
  emptiedAt: Nanos | null = 0;
  /** Friends per message, in order: full chunks, then the remainder. */
  readonly messageRows: number[];

  constructor(private readonly sim: Simulation, private readonly opts: CeleryOptions) {
    this.workerCpus = Array.from({ length: opts.tasks }, () => new Cpu(sim, { cores: opts.vcpusPerTask, discipline: 'ps', speed: opts.speed }));
    const credits = opts.redisCredits ? new CpuCredits(opts.redisCredits) : undefined;
    this.redisCpu = opts.sharedCore ? this.workerCpus[0] : new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: opts.redisSpeed, credits });
    for (let t = 0; t < opts.tasks; t++) for (let p = 0; p < opts.processesPerTask; p++) this.idle.push(t);
    this.backlog = new TimeWeighted(sim.now);
    const chunk = Math.max(1, Math.min(opts.chunk, opts.fanout));
    this.messageRows = Array.from({ length: Math.ceil(opts.fanout / chunk) }, (_, i) => Math.min(chunk, opts.fanout - i * chunk));
  }

  get processes(): number {
    return this.opts.tasks * this.opts.processesPerTask;
  }

  get busyProcesses(): number {
    return this.processes - this.idle.length;
  }

  /** Messages waiting in the broker list. */
  get waiting(): number {
    return this.broker.size;
  }

  /** The view's LPUSHes of one post's task messages (one Redis job); `done` when Redis has run them. */
  enqueuePost(done: (now: Nanos) => void): void {
    const { redisMessageNs, sharedCore } = this.opts;
    const post = this.nextPost++;
    const messages = this.messageRows.length;
    if (sharedCore && sharedCore.otherWorkPerPostNs > 0) this.redisCpu.execute(sharedCore.otherWorkPerPostNs, () => undefined);
    this.redisCpu.execute(messages * redisMessageNs, (now) => {
      this.enqueued += messages;
      this.emptiedAt = null;
      this.open.set(post, { left: messages, enqueuedAt: now });
      for (let i = 0; i < messages; i++) this.broker.push(post, this.messageRows[i], null);
      this.backlog.add(now, messages);
      done(now);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.broker.size > 0 && this.idle.length > 0) {
      const task = this.idle.pop()!;
      const post = this.broker.peekA();
      const rows = this.broker.peekB();
      this.broker.shift();
      this.backlog.add(this.sim.now, -1);
      this.work(task, post, rows);
    }
  }

  /** One message: the worker's CPU, Redis's CPU for the writes, then the rows' round trips one by one. */
  private work(task: number, post: number, rows: number): void {
    const { taskOverheadNs, commandCpuNs, redisCommandNs, roundTripNs } = this.opts;
    this.workerCpus[task].execute(taskOverheadNs + rows * commandCpuNs, () =>
      this.redisCpu.execute(rows * redisCommandNs, () =>
        this.sim.schedule((rows + 1) * roundTripNs, (now) => {
          this.done++;
          const p = this.open.get(post)!;
          if (--p.left === 0) {
            this.open.delete(post);
            this.fannedOut++;
            this.lag.add(toMillis(now - p.enqueuedAt));
          }
          this.idle.push(task);
          if (this.broker.size === 0 && this.idle.length === this.processes) this.emptiedAt = now;
          this.dispatch();
        }),
      ),
    );
  }
}
