import { readdirSync, readFileSync } from 'node:fs';
import { coreTimes, schedTimes } from './proc-stat.js';
import { coreBusySeries, perSecondRate } from './resource-sampler.js';

/** A process and every descendant (uvicorn's workers, PostgreSQL's backends), by /proc/<pid>/task/<tid>/children. */
export function processTree(root: number): number[] {
  const out: number[] = [];
  const visit = (pid: number): void => {
    out.push(pid);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      let children = '';
      try {
        children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(' ').filter(Boolean)) visit(Number(c));
    }
  };
  visit(root);
  return out;
}

/** Resident memory of a process in MB (VmRSS), or undefined once it has exited. */
export function rssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Sample {
  atMs: number;
  /** CPU seconds so far of each API worker (the processes that serve requests). */
  api: Array<number | undefined>;
  apiRss: Array<number | undefined>;
  /** CPU seconds so far of the whole PostgreSQL tree; backends that exited keep what they used (see below). */
  db: number;
  /** Seconds the API workers and PostgreSQL's processes were runnable but waited for their core. */
  apiWait: number;
  dbWait: number;
  load: number | undefined;
  cores: ReturnType<typeof coreTimes>;
}

/**
 * Once a second: CPU of each API worker, of PostgreSQL (postmaster and every backend, found again
 * each second: a pool opens backends during the run), of Locust, each API worker's RSS, and each
 * core's busy time. A PostgreSQL process that exits between two samples keeps the CPU it had at the
 * last sample it was seen in (its last second's work is lost; the pool's backends live for the run).
 */
export class HighscoreSampler {
  private readonly samples: Sample[] = [];
  private readonly dbSeen = new Map<number, { cpu: number; wait: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly apiPids: number[],
    private readonly dbRoot: number,
    private loadPid: number | undefined = undefined,
  ) {}

  setLoadPid(pid: number): void {
    this.loadPid = pid;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  cancel(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Wall-clock time (ms since the epoch) of the first sample. */
  firstAtEpochMs = 0;

  private sample(): void {
    if (this.samples.length === 0) this.firstAtEpochMs = Date.now();
    for (const pid of processTree(this.dbRoot)) {
      const t = schedTimes(pid);
      if (t !== undefined) this.dbSeen.set(pid, t);
    }
    const api = this.apiPids.map((p) => schedTimes(p));
    this.samples.push({
      atMs: performance.now(),
      api: api.map((t) => t?.cpu),
      apiRss: this.apiPids.map((p) => rssMb(p)),
      db: [...this.dbSeen.values()].reduce((a, b) => a + b.cpu, 0),
      apiWait: api.reduce((a, t) => a + (t?.wait ?? 0), 0),
      dbWait: [...this.dbSeen.values()].reduce((a, b) => a + b.wait, 0),
      load: this.loadPid === undefined ? undefined : schedTimes(this.loadPid)?.cpu,
      cores: coreTimes(),
    });
  }

  /** Per-second series: CPU as busy fraction of one core, RSS in MB (at the end of each second). */
  series(): Record<string, number[]> {
    const rate = (pick: (s: Sample) => number | undefined): number[] => perSecondRate(this.samples, pick);
    const level = (pick: (s: Sample) => number | undefined): number[] => this.samples.slice(1).map((s) => +(pick(s) ?? 0).toFixed(1));
    const coreBusy = (c: number): number[] => coreBusySeries(this.samples, c);
    const sum = (xs: Array<number | undefined>): number => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
    return {
      server_cpu: rate((s) => sum(s.api)),
      ...(this.apiPids.length > 1 ? Object.fromEntries(this.apiPids.map((_, i) => [`app_${i + 1}_cpu`, rate((s) => s.api[i])])) : {}),
      db_cpu: rate((s) => s.db),
      server_runqueue_wait: rate((s) => s.apiWait),
      db_runqueue_wait: rate((s) => s.dbWait),
      load_generator_cpu: rate((s) => s.load),
      api_rss_mb: level((s) => sum(s.apiRss)),
      ...(this.apiPids.length > 1 ? Object.fromEntries(this.apiPids.map((_, i) => [`app_${i + 1}_rss_mb`, level((s) => s.apiRss[i])])) : {}),
      ...Object.fromEntries((this.samples[0]?.cores ?? []).map((_, c) => [`core${c}_busy`, coreBusy(c)])),
    };
  }

  /** Per second: the share of core c that ran tasks other than the API (other work on the API's core). */
  foreignOnCore(c: number): number[] {
    const api = this.series().server_cpu;
    return this.samples.slice(1).map((b, k) => {
      const a = this.samples[k].cores[c];
      const z = b.cores[c];
      const busy = z.total > a.total ? (z.tasks - a.tasks) / (z.total - a.total) : 0;
      return +Math.max(0, busy - api[k]).toFixed(4);
    });
  }
}
