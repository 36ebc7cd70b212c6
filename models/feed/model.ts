import { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_S, fromMicros, fromSeconds, toSeconds, type Nanos } from '../../src/engine/time.js';
import type { K6SummaryExport } from '../../src/metrics/index.js';
import { findBottleneck, type Bottleneck, type ResourceReport } from '../../src/analysis/bottleneck.js';
import { constantVus, runTest } from '../../src/workload/index.js';
import { AppTask, type Outcome, type RequestHandler } from './gunicorn-task.js';
import { FeedMetrics, RequestLedger, feedIteration, type Frontend } from './k6-client.js';
import { MySqlServer } from './mysql.js';
import { SqliteFile } from './sqlite.js';
import { CeleryCluster } from './celery.js';
import { FirstImport } from './first-import.js';
import { celeryView, mysqlView, perRequestConnections, pooledConnections, sqliteView, type ViewCosts, type ViewNetwork } from './views.js';
import { SecondSampler } from '../../src/metrics/second-sampler.js';
import { Series } from '../../src/metrics/series.js';
import { exponential } from '../../src/engine/distributions.js';
import { defaultErrorPageBytes, mysqlUsl, num, type FeedParams } from './params.js';
import { speedFor } from '../parameter.js';
import { feedResources, type Backends } from './resources.js';
import type { FeedScenario } from './scenario.js';

/** Server-side view of the requests: how each ended, and whether anyone was still waiting. */
export interface ServerAccount {
  byOutcome: Partial<Record<Outcome, number>>;
  /** Posts fully written whose client had already given up (work the overload wasted). */
  createdForNobody: number;
}

/** Little's law over the app tier (from arrival at a task to its response), 0 … end of test. */
export interface LittlesLaw {
  arrivals: number;
  arrivalRatePerS: number;
  /** Time-averaged requests inside the tasks (queued or in a slot). */
  meanInSystem: number;
  /** Mean time inside, partial stays of requests still there at the end included. */
  meanSojournS: number;
}

export interface CeleryAccount {
  /** Task messages (one per post, or one per chunk of friends). */
  enqueued: number;
  /** Task messages done while the test ran. */
  fannedOutDuringTest: number;
  backlogAtEndOfTest: number;
  maxBacklog: number;
  /** Seconds after the end of the test when the broker and the workers were empty; null if not within the cap. */
  drainedAfterS: number | null;
  /** Time from enqueue to the last friend's feed written, ms. */
  lagMs: { avg: number; p95: number; max: number };
}

export interface FeedRun {
  durationNs: Nanos;
  summary: K6SummaryExport;
  ledger: RequestLedger;
  server: ServerAccount;
  littlesLaw: LittlesLaw;
  database: Record<string, number | string | null>;
  celery: CeleryAccount | null;
  resources: ResourceReport[];
  bottleneck: Bottleneck;
  series: Record<string, number[]>;
  warnings: string[];
  engine: { events: number };
}

/** Most simulated time the Celery backlog is given to drain after the test. */
const DRAIN_CAP_NS = fromSeconds(24 * 3600);

/** Runs seed §2's experiment once; deterministic for a given seed. */
export function simulateFeed(s: FeedScenario, p: FeedParams): FeedRun {
  const sim = new Simulation(s.seed);
  // The local profile is the bundled app on this machine: loopback, and its own logging.
  const loopback = s.appProfile.name === 'local';
  const oneWayUs = (key: string): number => num(p.network[loopback ? 'loopbackUs' : key]);
  const clientOneWay = fromMicros(oneWayUs('clientToAppUs'));
  const dbRtt = 2 * fromMicros(oneWayUs('appToDbUs'));
  const redisRtt = 2 * fromMicros(oneWayUs('appToRedisUs'));
  const jitter = sim.stream('network');
  // Network trips vary uniformly ±50% around their mean: enough to break lock-step bursts.
  const oneWay = (): Nanos => Math.round(clientOneWay * (0.5 + jitter()));

  const a = p.app;
  const measuredPage = num(a.errorPageMeasuredBytes);
  const errorPageBytes = s.errorPageBytes ?? defaultErrorPageBytes(p, s.db);
  // Exponential about the mean: an assumption (the spread was not measured), the simplest law
  // whose variation is of the order of the mean.
  const requestCpu = exponential(sim.stream('app-cpu'), fromMicros(num(a.requestUs)));
  const costs: ViewCosts = {
    requestCpu: () => Math.round(requestCpu()),
    createNs: fromMicros(num(a.createUs)),
    // Rendering the technical 500 page grows with what it shows: scale the measured page to the size served.
    errorPageNs: fromMicros((num(a.errorPageMeasuredUs) * errorPageBytes) / measuredPage),
    connectNs: fromMicros(num(a.connectUs)),
    enqueueNs: fromMicros(num(a.enqueueUs)),
    gilSwitchNs: fromMicros(num(a.gilSwitchIntervalUs)),
    errorPageQueryAt: num(a.errorPageQueryAt),
    // Only the bundled app logs a 500 through AdminEmailHandler (DEBUG off); see logError.
    errorLogNs: loopback ? fromMicros(num(a.errorLogUs)) : 0,
    errorLogQueryAt: num(a.errorLogQueryAt),
    sqliteStatementNs: loopback ? fromMicros(num(p.sqlite.localStatementCpuUs)) : 0,
    successBytes: num(p.http.successBytes),
    errorPageBytes,
  };
  const viewNet: ViewNetwork = {
    dbRoundTripNs: dbRtt,
    connectRoundTrips: num(p.mysql.connectRoundTrips),
    connectStatements: num(p.mysql.connectStatements),
    redisRoundTripNs: redisRtt,
  };

  const backends: Backends = {};
  let handler: RequestHandler;
  if (s.db === 'sqlite') {
    // The file lives on the app's storage: this machine's disk for the bundled app.
    const statementNs = fromMicros(num(loopback ? p.sqlite.localStatementUs : p.sqlite.statementUs));
    backends.sqlite = Array.from({ length: s.tasks }, () => new SqliteFile(sim, { statementNs, busyTimeoutNs: fromSeconds(num(p.sqlite.busyTimeoutS)) }));
    handler = sqliteView(sim, backends.sqlite, costs, s.fanout);
  } else {
    const mysql = new MySqlServer(sim, {
      maxConnections: s.maxConnections,
      superUserReserved: num(p.mysql.superReserved),
      usl: mysqlUsl(p, s.flush),
      speed: speedFor(p.mysql.speed, s.dbProfile),
      statementRoundTripNs: dbRtt,
      bufferPoolBytes: s.bufferPoolBytes,
      rowBytes: num(p.mysql.rowBytes),
      bufferPoolMissFactor: num(p.mysql.bufferPoolMissFactor),
    });
    backends.mysql = mysql;
    const connections =
      s.connections === 'pool'
        ? pooledConnections(sim, mysql, viewNet, s.tasks, s.workers * s.poolSize, s.poolTimeoutNs)
        : perRequestConnections(sim, mysql, viewNet);
    if (s.db === 'mysql') handler = mysqlView(sim, mysql, connections, costs, viewNet, s.fanout);
    else {
      const c = p.celery;
      const vcpus = s.celeryVcpu ?? num(c.vcpusPerTask);
      backends.celery = new CeleryCluster(sim, {
        tasks: s.celeryTasks,
        vcpusPerTask: vcpus,
        processesPerTask: s.celeryConcurrency ?? Math.max(1, Math.round(vcpus * num(c.processesPerVcpu))),
        // Locally the workers run on core 1 (with Redis and MariaDB), whose speed a run's probe gives.
        speed: loopback ? num(c.localCoreSpeed) : speedFor(a.cpuSpeed, s.appProfile),
        fanout: s.fanout,
        chunk: s.celeryChunk,
        taskOverheadNs: fromMicros(num(c.taskOverheadUs)),
        commandCpuNs: fromMicros(num(c.commandCpuUs)),
        redisCommandNs: fromMicros(num(p.redis.commandUs)),
        redisMessageNs: fromMicros(num(c.redisMessageUs)),
        ...(loopback ? { sharedCore: { otherWorkPerPostNs: fromMicros(num(c.localCoreOtherUs)) } } : {}),
        // On one shared core a worker's round trip to Redis is Redis's turn on that core, which
        // its CPU per command already counts: no wire time of its own.
        roundTripNs: loopback ? 0 : redisRtt,
        redisSpeed: s.redisProfile.cpuSpeed,
        // A long-running cache node has banked its full 24 hours of CPU credits.
        redisCredits: s.redisProfile.cpuCredits && { vcpus: s.redisProfile.vcpus, ...s.redisProfile.cpuCredits, initialCredits: s.redisProfile.cpuCredits.maxCredits },
      });
      // The bundled app imports Celery in the view, so each worker process's first request pays it.
      const firstImport = loopback ? new FirstImport(fromMicros(num(c.localImportUs))) : undefined;
      handler = celeryView(sim, mysql, connections, backends.celery, costs, viewNet, firstImport);
    }
  }

  const tasks = Array.from(
    { length: s.tasks },
    (_, i) =>
      new AppTask(sim, i, handler, {
        vcpus: s.taskVcpu,
        speed: speedFor(a.cpuSpeed, s.appProfile),
        switchCost: num(a.switchCost),
        workers: s.workers,
        threads: s.threads,
        backlog: num(a.backlog),
        workerTimeoutNs: fromSeconds(num(a.workerTimeoutS)),
        workerBootNs: fromSeconds(num(a.workerBootS)),
        logLocks: costs.errorLogNs > 0,
      }),
  );

  const server: ServerAccount = { byOutcome: {}, createdForNobody: 0 };
  // How the app ended requests, per second: the failures by cause in the timeline.
  const outcomes = new Map<Outcome, Series>();
  let nextTask = 0;
  // The load balancer hands requests to the tasks in turn.
  const frontend: Frontend = {
    send(req, respond) {
      const task = tasks[nextTask++ % tasks.length];
      const process = task.nextProcess();
      sim.schedule(oneWay(), () =>
        task.arrive(req, process, (status, bytes, outcome) => {
          server.byOutcome[outcome] = (server.byOutcome[outcome] ?? 0) + 1;
          if (!outcomes.has(outcome)) outcomes.set(outcome, new Series());
          outcomes.get(outcome)!.add(sim.now, 1);
          if (outcome === 'created' && req.clientGone) server.createdForNobody++;
          sim.schedule(oneWay(), () => respond(status, bytes));
        }),
      );
    },
  };

  const m = new FeedMetrics();
  const ledger = new RequestLedger();
  const k6 = p.k6;
  const iteration = feedIteration(sim, frontend, { timeoutNs: fromSeconds(num(k6.timeoutS)), sleepNs: fromSeconds(num(k6.sleepS)), requestBytes: num(k6.requestBytes) }, m, ledger);
  const sampler = new SecondSampler(sim, gauges(sim, tasks, backends));
  const endNs = runTest(sim, constantVus({ vus: s.vus, duration: s.durationNs, gracefulStop: fromSeconds(num(k6.gracefulStopS)) }), iteration);
  sampler.stop();

  const summary = m.summary(endNs);
  const littlesLaw = appLittlesLaw(tasks, endNs);
  const seconds = Math.max(1, Math.ceil(toSeconds(endNs)));
  const { resources, series, database } = feedResources(s, tasks, backends, sampler, endNs, seconds);
  const warnings = feedWarnings(s, ledger, server);

  let celery: CeleryAccount | null = null;
  const drain: number[] = [];
  if (backends.celery) {
    const cc = backends.celery;
    const fannedOutDuringTest = cc.done;
    const backlogAtEndOfTest = cc.waiting + cc.busyProcesses;
    if (cc.emptiedAt === null) {
      // Keep only the Celery side running: stop as soon as the backlog is gone. Its level each
      // second after the test (messages waiting or in a worker) is the drain's series.
      const poll = (): void => {
        drain.push(cc.waiting + cc.busyProcesses);
        if (cc.emptiedAt !== null) return sim.stop();
        sim.schedule(NS_PER_S, poll, 3);
      };
      poll();
      sim.run(endNs + DRAIN_CAP_NS);
    }
    celery = {
      enqueued: cc.enqueued,
      fannedOutDuringTest,
      backlogAtEndOfTest,
      maxBacklog: cc.backlog.max,
      drainedAfterS: cc.emptiedAt === null ? null : +Math.max(0, toSeconds(cc.emptiedAt - endNs)).toFixed(1),
      lagMs: { avg: +cc.lag.avg.toFixed(1), p95: +cc.lag.percentile(0.95).toFixed(1), max: +cc.lag.max.toFixed(1) },
    };
    if (celery.drainedAfterS === null) warnings.push('the Celery backlog had not drained 24 h after the test');
  }

  return {
    durationNs: endNs,
    summary,
    ledger,
    server,
    littlesLaw,
    database,
    celery,
    resources,
    bottleneck: findBottleneck(resources),
    series: {
      http_reqs: m.reqsPerSecond.perBucket(seconds),
      http_reqs_ok: m.okPerSecond.perBucket(seconds),
      ...Object.fromEntries([...outcomes].filter(([o]) => o !== 'created').map(([o, x]) => [`failed_${o.replace(/-/g, '_')}`, x.perBucket(seconds)])),
      ...series,
      ...(backends.celery ? { celery_backlog_after_test: drain } : {}),
    },
    warnings,
    engine: { events: sim.firedCount },
  };
}


/** The gauges read every second: cumulative counters and instantaneous levels. */
function gauges(sim: Simulation, tasks: readonly AppTask[], b: Backends): Record<string, () => number> {
  const g: Record<string, () => number> = {};
  for (const t of tasks) {
    g[`app_${t.id + 1}_cpu_ns`] = () => t.cpu.stats().busyCoreNs;
    g[`app_${t.id + 1}_cpu_jobs`] = () => t.cpu.inSystem;
    g[`app_${t.id + 1}_busy_slots`] = () => t.busyCount;
    g[`app_${t.id + 1}_queue`] = () => t.queueLength;
    g[`app_${t.id + 1}_departures`] = () => t.departures;
    const logs = t.logLocks;
    if (logs) {
      g[`app_${t.id + 1}_logs_held_ns`] = () => logs.held.integral(sim.now);
      g[`app_${t.id + 1}_logs_waiting`] = () => logs.waiting.level;
      g[`app_${t.id + 1}_logs_released`] = () => logs.released;
    }
  }
  if (b.mysql) {
    const my = b.mysql;
    g.db_open = () => my.admission.open;
    g.db_refused = () => my.admission.stats().refused;
    g.db_admitted = () => my.admission.stats().admitted;
    g.db_sessions = () => my.server.inService;
    g.db_statements = () => my.server.stats().workDone;
    g.db_remaining = () => my.server.remainingWork();
  }
  for (const [i, f] of (b.sqlite ?? []).entries()) {
    g[`sqlite_${i + 1}_waiting`] = () => f.sleepers.level;
    g[`sqlite_${i + 1}_rows`] = () => f.rows;
    g[`sqlite_${i + 1}_busy_ns`] = () => f.busy.integral(sim.now);
  }
  if (b.celery) {
    const c = b.celery;
    g.celery_backlog = () => c.waiting;
    g.celery_busy = () => c.busyProcesses;
    g.celery_done = () => c.done;
    g.redis_cpu_ns = () => c.redisCpu.stats().busyCoreNs;
    g.redis_cpu_jobs = () => c.redisCpu.inSystem;
  }
  return g;
}

function appLittlesLaw(tasks: readonly AppTask[], endNs: Nanos): LittlesLaw {
  const arrivals = tasks.reduce((acc, t) => acc + t.arrivals, 0);
  const area = tasks.reduce((acc, t) => acc + t.inSystem.integral(endNs), 0);
  const sojourn = tasks.reduce((acc, t) => acc + t.sojournUntil(endNs), 0);
  const T = toSeconds(endNs);
  return {
    arrivals,
    arrivalRatePerS: T > 0 ? arrivals / T : 0,
    meanInSystem: endNs > 0 ? area / endNs : 0,
    meanSojournS: arrivals > 0 ? toSeconds(sojourn) / arrivals : 0,
  };
}

function feedWarnings(s: FeedScenario, ledger: RequestLedger, server: ServerAccount): string[] {
  const w: string[] = [];
  const counted = ledger.succeeded + ledger.failed;
  if (counted > 0 && ledger.timedOut / counted > 0.1) {
    w.push(
      `${ledger.timedOut.toLocaleString('en-US')} of ${counted.toLocaleString('en-US')} requests hit k6's 60 s time-out; the servers kept working on them ` +
        `(${server.createdForNobody.toLocaleString('en-US')} posts were written after their client had given up)`,
    );
  }
  if (s.threads > 1 && s.db !== 'sqlite' && s.workers * s.threads * s.tasks > s.maxConnections && s.connections === 'per-request') {
    w.push(`the app tier runs ${s.workers * s.threads * s.tasks} requests at once but MySQL admits ${s.maxConnections} connections: the rest fail with 1040`);
  }
  return w;
}
