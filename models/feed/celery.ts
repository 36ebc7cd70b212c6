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
  /** Worker CPU per task message: fetch, decode, ack, bookkeeping. */
  taskOverheadNs: Nanos;
  /** Worker CPU per Redis command (redis-py encodes, sends, parses the reply). */
  commandCpuNs: Nanos;
  /** Redis CPU per feed write (LPUSH) and per broker operation. */
  redisCommandNs: Nanos;
  roundTripNs: Nanos;
  redisSpeed: number;
  redisCredits?: CpuCreditsOptions;
}

/**
 * Redis + Celery for the feed: the view LPUSHes one task message per post to the broker list;
 * prefork worker processes take messages in order and write the post into each friend's feed list
 * with one Redis command per friend, without pipelining, so each fan-out costs fanout round trips.
 * One fan-out is three jobs (worker CPU, Redis CPU, the round trips), never fanout events. The
 * broker is the same Redis node as the feeds.
 */
export class CeleryCluster {
  readonly redisCpu: Cpu;
  readonly workerCpus: Cpu[];
  private readonly broker = new JobFifo<null>();
  private idle: number[] = [];
  readonly backlog: TimeWeighted;
  enqueued = 0;
  fannedOut = 0;
  /** Time from the view's enqueue to the last friend's feed written. */
  readonly lag = new Trend();
  /** When the broker list and the workers last became empty; null while work remains. */
  emptiedAt: Nanos | null = 0;

  constructor(private readonly sim: Simulation, private readonly opts: CeleryOptions) {
    const credits = opts.redisCredits ? new CpuCredits(opts.redisCredits) : undefined;
    this.redisCpu = new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: opts.redisSpeed, credits });
    this.workerCpus = Array.from({ length: opts.tasks }, () => new Cpu(sim, { cores: opts.vcpusPerTask, discipline: 'ps', speed: opts.speed }));
    for (let t = 0; t < opts.tasks; t++) for (let p = 0; p < opts.processesPerTask; p++) this.idle.push(t);
    this.backlog = new TimeWeighted(sim.now);
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

  /** The view's LPUSH of the task message; `done` when Redis has run it. */
  enqueue(done: (now: Nanos) => void): void {
    this.redisCpu.execute(this.opts.redisCommandNs, (now) => {
      this.enqueued++;
      this.emptiedAt = null;
      this.broker.push(now, 0, null);
      this.backlog.add(now, 1);
      done(now);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.broker.size > 0 && this.idle.length > 0) {
      const task = this.idle.pop()!;
      const enqueuedAt = this.broker.peekA();
      this.broker.shift();
      this.backlog.add(this.sim.now, -1);
      this.fanOut(task, enqueuedAt);
    }
  }

  private fanOut(task: number, enqueuedAt: Nanos): void {
    const { fanout, taskOverheadNs, commandCpuNs, redisCommandNs, roundTripNs } = this.opts;
    this.workerCpus[task].execute(taskOverheadNs + fanout * commandCpuNs, () =>
      this.redisCpu.execute(fanout * redisCommandNs, () =>
        this.sim.schedule(fanout * roundTripNs, (now) => {
          this.fannedOut++;
          this.lag.add(toMillis(now - enqueuedAt));
          this.idle.push(task);
          if (this.broker.size === 0 && this.idle.length === this.processes) this.emptiedAt = now;
          this.dispatch();
        }),
      ),
    );
  }
}
