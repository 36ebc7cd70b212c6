import { performance } from 'node:perf_hooks';
import { cpuSeconds } from './proc-stat.js';
import { workerPids } from './gunicorn.js';
import { sleep } from './app-servers.js';
import { CeleryQueueProbe, type QueueReading } from './celery-queue.js';

/** How often the broker is read: fine enough to time a drain of a few seconds. */
export const QUEUE_SAMPLE_MS = 500;

interface Reading extends QueueReading {
  atMs: number;
}

/** CPU seconds so far of the processes named, those that are gone counted as 0. */
const cpuOf = (pids: number[]): number => pids.reduce((a, p) => a + (cpuSeconds(p) ?? 0), 0);

/** What a redis-celery run records about its workers (run-record.schema.json, `celery`). */
export interface CeleryRecord {
  concurrency: number;
  /** Friends per task message; the fan-out itself when one task carries a whole post. */
  chunk: number;
  messages_per_post: number;
  /** Task messages the successful posts enqueued (201s × messages per post). */
  messages_enqueued: number;
  done_during_test: number;
  waiting_at_end_of_test: number;
  max_waiting: number;
  /** Seconds from the end of the test to the last task done; null when the wait ran out first. */
  drained_after_s: number | null;
  worker_cpu_seconds_test: number;
  worker_cpu_seconds_drain: number;
  redis_cpu_seconds_test: number;
  redis_cpu_seconds_drain: number;
  /** This load generator's own CPU during the test (it shares core 1 with the workers). */
  load_cpu_seconds_test: number;
  /** Every broker reading, QUEUE_SAMPLE_MS apart, from the start of the test. */
  samples: { t_s: number[]; waiting: number[]; done: number[] };
}

/**
 * Reads the broker every QUEUE_SAMPLE_MS from the start of the load until the backlog is gone, and
 * the CPU of the Celery processes, Redis and this process at the start, the end of the test and the
 * end of the drain.
 */
export class CeleryWatch {
  private readonly readings: Reading[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();
  private cpu: Array<{ workers: number; redis: number; load: number }> = [];
  private base = 0;

  constructor(private readonly probe: CeleryQueueProbe, private readonly celeryPid: number, private readonly redisPid: number) {}

  private pids(): number[] {
    return [this.celeryPid, ...workerPids(this.celeryPid)];
  }

  private markCpu(): void {
    const u = process.cpuUsage();
    this.cpu.push({ workers: cpuOf(this.pids()), redis: cpuOf([this.redisPid]), load: (u.user + u.system) / 1e6 });
  }

  private async sample(): Promise<void> {
    const r = await this.probe.read();
    if (r) this.readings.push({ atMs: performance.now(), ...r });
  }

  async start(): Promise<void> {
    const first = await this.probe.read();
    this.base = first?.done ?? 0;
    this.markCpu();
    this.timer = setInterval(() => (this.pending = this.pending.then(() => this.sample())), QUEUE_SAMPLE_MS);
  }

  /** The test is over: CPU so far is the test's. */
  endOfTest(): void {
    this.markCpu();
  }

  /**
   * Waits until `expected` tasks are done and the list is empty, at most `maxMs`; the time of
   * the first reading that shows it, or undefined.
   */
  async drained(expected: number, maxMs: number, signal: AbortSignal): Promise<number | undefined> {
    const until = performance.now() + maxMs;
    let at: number | undefined;
    while (at === undefined && performance.now() < until && !signal.aborted) {
      await sleep(QUEUE_SAMPLE_MS / 2);
      const last = this.readings[this.readings.length - 1];
      if (last && last.waiting === 0 && last.done - this.base >= expected) at = last.atMs;
    }
    clearInterval(this.timer);
    await this.pending;
    this.markCpu();
    return at;
  }

  record(o: { startMs: number; endMs: number; drainedAtMs: number | undefined; concurrency: number; chunk: number; messagesPerPost: number; expected: number }): CeleryRecord {
    const during = this.readings.filter((r) => r.atMs <= o.endMs);
    const atEnd = during[during.length - 1];
    const [c0, c1, c2] = this.cpu;
    const s = (x: number): number => +x.toFixed(3);
    return {
      concurrency: o.concurrency,
      chunk: o.chunk,
      messages_per_post: o.messagesPerPost,
      messages_enqueued: o.expected,
      done_during_test: atEnd ? atEnd.done - this.base : 0,
      waiting_at_end_of_test: atEnd?.waiting ?? 0,
      max_waiting: Math.max(0, ...this.readings.map((r) => r.waiting)),
      drained_after_s: o.drainedAtMs === undefined ? null : s(Math.max(0, o.drainedAtMs - o.endMs) / 1000),
      worker_cpu_seconds_test: s(c1.workers - c0.workers),
      worker_cpu_seconds_drain: s(c2.workers - c1.workers),
      redis_cpu_seconds_test: s(c1.redis - c0.redis),
      redis_cpu_seconds_drain: s(c2.redis - c1.redis),
      load_cpu_seconds_test: s(c1.load - c0.load),
      samples: {
        t_s: this.readings.map((r) => s((r.atMs - o.startMs) / 1000)),
        waiting: this.readings.map((r) => r.waiting),
        done: this.readings.map((r) => r.done - this.base),
      },
    };
  }
}
