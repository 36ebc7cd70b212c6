import { performance } from 'node:perf_hooks';
import { coreTimes, schedTimes, type SchedTimes } from './proc-stat.js';
import type { RedisEgressProbe } from './redis-info.js';

interface Sample {
  atMs: number;
  app: Array<SchedTimes | undefined>;
  backend: SchedTimes | undefined;
  redisEgress: number | undefined;
  /** This process: the load generator, which shares its core with the backend. */
  load: SchedTimes | undefined;
  /** Every core's jiffies: shows load from outside the experiment. */
  cores: ReturnType<typeof coreTimes>;
}

export interface ResourceTotals {
  server_cpu_seconds: number;
  redis_cpu_seconds?: number;
  redis_egress_bytes?: number;
  db_cpu_seconds?: number;
}

/** The server the app talks to: Redis (chat) or MariaDB (feed); names its figures `<name>_cpu…`. */
export interface SampledBackend {
  name: 'redis' | 'db';
  pid: number;
}

/** Share of the run each process spent runnable but waiting for its core, by process name (app, backend, loadGenerator). */
export type RunQueueWait = Record<string, number>;

type Pick = (s: Sample) => number | undefined;

/**
 * A cumulative figure read about once a second → its per-second rate. A full interval gives its
 * rate; the last, shorter one only what it used, as a Series bucket would.
 */
export function perSecondRate<S extends { atMs: number }>(samples: readonly S[], pick: (s: S) => number | undefined): number[] {
  const out: number[] = [];
  for (let k = 1; k < samples.length; k++) {
    const a = pick(samples[k - 1]);
    const b = pick(samples[k]);
    const dt = (samples[k].atMs - samples[k - 1].atMs) / 1000;
    out.push(a === undefined || b === undefined || dt <= 0 ? 0 : +(((b - a) / dt) * Math.min(dt, 1)).toFixed(4));
  }
  return out;
}

/** Busy share (tasks + interrupts) of core c between consecutive samples of /proc/stat. */
export function coreBusySeries(samples: ReadonlyArray<{ cores: ReturnType<typeof coreTimes> }>, c: number): number[] {
  const out: number[] = [];
  for (let k = 1; k < samples.length; k++) {
    const a = samples[k - 1].cores[c];
    const b = samples[k].cores[c];
    out.push(b.total > a.total ? +((b.tasks + b.interrupts - a.tasks - a.interrupts) / (b.total - a.total)).toFixed(4) : 0);
  }
  return out;
}

/**
 * Reads, once per second, what the servers have used so far: CPU and run-queue time of every app
 * process (uvicorn, gunicorn), of the backend (Redis, MariaDB) and of this load generator
 * (proc-stat.ts), Redis's egress counter (INFO stats) when a probe is given, and each core's busy
 * time. Per-second series are differences of consecutive samples.
 */
export class ResourceSampler {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly appPids: number[],
    /** None for SQLite, which runs inside the app. */
    private readonly backend: SampledBackend | undefined,
    private readonly probe?: RedisEgressProbe,
    /** How the run-queue figures name the app processes. */
    private readonly appName = 'uvicorn',
  ) {}

  /** Takes the first sample and then one per second until stop(). */
  async start(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => (this.pending = this.pending.then(() => this.sample())), 1000);
  }

  /** Takes a last sample, so totals cover the whole run. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pending;
    await this.sample();
  }

  /** Clears the timer without a last sample (teardown after a failure). */
  cancel(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sample(): Promise<void> {
    const atMs = performance.now();
    const app = this.appPids.map((pid) => schedTimes(pid));
    const backend = this.backend && schedTimes(this.backend.pid);
    const load = schedTimes('self');
    const cores = coreTimes();
    const redisEgress = await this.probe?.egressBytes();
    this.samples.push({ atMs, app, backend, redisEgress, load, cores });
  }

  /** Last − first reading of a cumulative figure; 0 with fewer than two readings. */
  private spread(pick: Pick): number {
    const values = this.samples.map(pick).filter((v): v is number => v !== undefined);
    return values.length < 2 ? 0 : +(values[values.length - 1] - values[0]).toFixed(6);
  }

  private get seconds(): number {
    const n = this.samples.length;
    return n < 2 ? 0 : (this.samples[n - 1].atMs - this.samples[0].atMs) / 1000;
  }

  totals(): ResourceTotals {
    return {
      server_cpu_seconds: +this.appPids.reduce((sum, _, i) => sum + this.spread((s) => s.app[i]?.cpu), 0).toFixed(6),
      ...(this.backend ? { [`${this.backend.name}_cpu_seconds`]: this.spread((s) => s.backend?.cpu) } : {}),
      ...(this.probe ? { redis_egress_bytes: this.spread((s) => s.redisEgress) } : {}),
    };
  }

  /** Seconds core `c` spent running processes (interrupts excluded), over the run; /proc/stat ticks. */
  coreTaskSeconds(c: number): number {
    const first = this.samples[0]?.cores[c];
    const last = this.samples[this.samples.length - 1]?.cores[c];
    if (!first || !last || last.total <= first.total) return 0;
    return (this.seconds * (last.tasks - first.tasks)) / (last.total - first.total);
  }

  runQueueWait(): RunQueueWait {
    const share = (pick: Pick): number => (this.seconds > 0 ? +(this.spread(pick) / this.seconds).toFixed(4) : 0);
    return {
      [this.appName]: Math.max(0, ...this.appPids.map((_, i) => share((s) => s.app[i]?.wait))),
      ...(this.backend ? { [this.backend.name]: share((s) => s.backend?.wait) } : {}),
      loadGenerator: share((s) => s.load?.wait),
    };
  }

  /** Per-second figures: busy fraction of one core for CPU, bytes per second for egress. */
  series(): Record<string, number[]> {
    const rate = (pick: Pick): number[] => perSecondRate(this.samples, pick);
    const coreBusy = (c: number): number[] => coreBusySeries(this.samples, c);
    return {
      server_cpu: rate((s) => s.app.reduce<number>((sum, t) => sum + (t?.cpu ?? 0), 0)),
      ...Object.fromEntries(this.appPids.map((_, i) => [`app_${i + 1}_cpu`, rate((s) => s.app[i]?.cpu)])),
      server_runqueue_wait: rate((s) => s.app.reduce<number>((sum, t) => sum + (t?.wait ?? 0), 0)),
      ...(this.backend ? { [`${this.backend.name}_cpu`]: rate((s) => s.backend?.cpu) } : {}),
      ...(this.probe ? { redis_egress_bytes: rate((s) => s.redisEgress) } : {}),
      load_generator_cpu: rate((s) => s.load?.cpu),
      ...Object.fromEntries((this.samples[0]?.cores ?? []).map((_, c) => [`core${c}_busy`, coreBusy(c)])),
    };
  }
}
