import { NS_PER_S, toSeconds, type Nanos } from '../../src/engine/time.js';
import { queueSeconds, reportResource, type ResourceReport } from '../../src/analysis/bottleneck.js';
import type { AppTask } from './gunicorn-task.js';
import type { MySqlServer } from './mysql.js';
import type { SqliteFile } from './sqlite.js';
import type { CeleryCluster } from './celery.js';
import type { SecondSampler } from '../../src/metrics/second-sampler.js';
import type { FeedScenario } from './scenario.js';

export interface Backends {
  mysql?: MySqlServer;
  sqlite?: SqliteFile[];
  celery?: CeleryCluster;
}

const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const round = (xs: number[], digits = 3): number[] => xs.map((x) => +x.toFixed(digits));

/**
 * Every resource of the feed network in the units a capacity review reads, with the per-second
 * busy share and waiting work the bottleneck rule needs. For the MySQL connection gate there is
 * no queue (a refusal never waits), so the work it turns away stands in for one: refusals in a
 * second as a share of that second's admissions.
 */
export function feedResources(
  s: FeedScenario,
  tasks: readonly AppTask[],
  b: Backends,
  sampler: SecondSampler,
  endNs: Nanos,
  seconds: number,
): { resources: ResourceReport[]; series: Record<string, number[]>; database: Record<string, number | string | null> } {
  const inc = (name: string): number[] => sampler.increments(name, seconds);
  const lvl = (name: string): number[] => sampler.levels(name, seconds);
  const resources: ResourceReport[] = [];
  const series: Record<string, number[]> = {};

  for (const t of tasks) {
    const k = `app_${t.id + 1}`;
    const cpu = t.cpu.stats(endNs);
    const busy = inc(`${k}_cpu_ns`).map((ns) => ns / (NS_PER_S * t.cpu.cores));
    const meanJobNs = cpu.completed > 0 ? cpu.busyCoreNs / cpu.completed : 0;
    const cpuQueue = lvl(`${k}_cpu_jobs`).map((n) => (Math.max(0, n - t.cpu.cores) * meanJobNs) / t.cpu.cores / NS_PER_S);
    series[`${k}_cpu`] = round(busy);
    resources.push(
      reportResource({
        name: `app task ${t.id + 1} CPU`,
        kind: 'cpu',
        utilisation: cpu.utilisation,
        perSecond: busy,
        queueSeconds: cpuQueue,
        meanQueue: cpu.meanQueueLength,
        maxQueue: cpu.maxQueueLength,
        queueUnit: 'CPU jobs beyond the vCPUs',
        scaleNext: `more app tasks (--tasks ${s.tasks + 1}) or vCPUs (--task-vcpu ${s.taskVcpu * 2}); with 1040 errors, cheaper error pages (DEBUG=False)`,
      }),
    );
    const busySlots = lvl(`${k}_busy_slots`);
    const slots = busySlots.map((n) => n / t.slots);
    const departures = inc(`${k}_departures`);
    const queue = lvl(`${k}_queue`);
    series[`${k}_busy_slots`] = busySlots;
    series[`${k}_accept_queue`] = queue;
    resources.push(
      reportResource({
        name: `app task ${t.id + 1} gunicorn slots`,
        kind: 'pool',
        utilisation: t.busySlots.mean(endNs) / t.slots,
        perSecond: slots,
        queueSeconds: queueSeconds(queue, departures, 1),
        meanQueue: t.queued.mean(endNs),
        maxQueue: t.queued.max,
        queueUnit: 'requests in the listen queue',
        // On SQLite more slots only put more writers on the file, and a file shared by two or more
        // writers loses most of them to its busy timeout (models/feed/sqlite-lock-fairness.json).
        scaleNext:
          s.db === 'sqlite'
            ? `a faster disk or a database that takes concurrent writers (--db mysql): each slot's request holds the task's SQLite file, and more slots (now ${s.workers} × ${s.threads}) would only have its writers run out SQLite's busy timeout`
            : `more gunicorn workers × threads (--workers, --threads; now ${s.workers} × ${s.threads})`,
      }),
    );
    // Only the bundled app takes these locks (views.ts, logError).
    const logs = t.logLocks;
    if (logs) {
      const waiting = lvl(`${k}_logs_waiting`);
      series[`${k}_logs_waiting`] = waiting;
      resources.push(
        reportResource({
          name: `app task ${t.id + 1} logging locks`,
          kind: 'pool',
          utilisation: logs.held.mean(endNs) / logs.processes,
          perSecond: inc(`${k}_logs_held_ns`).map((ns) => ns / (NS_PER_S * logs.processes)),
          queueSeconds: queueSeconds(waiting, inc(`${k}_logs_released`), 1),
          meanQueue: logs.waiting.mean(endNs),
          maxQueue: logs.waiting.max,
          queueUnit: 'failed requests waiting to be logged',
          scaleNext: `fewer 500s to log (a higher --max-connections or a pool), or Django logging without the AdminEmailHandler traceback; more worker processes (--workers, now ${s.workers}) add locks`,
          detail: `one lock per worker process: Django's AdminEmailHandler renders a text traceback of every 500 under it`,
        }),
      );
    }
  }

  const database: Record<string, number | string | null> = {};
  if (b.mysql) {
    const my = b.mysql;
    const adm = my.admission.stats(endNs);
    const refused = inc('db_refused');
    const admitted = inc('db_admitted');
    series.db_open_connections = lvl('db_open');
    series.db_refused = refused;
    series.db_sessions = lvl('db_sessions');
    const statements = inc('db_statements');
    series.db_statements = round(statements, 0);
    resources.push(
      reportResource({
        name: 'MySQL connections',
        kind: 'database',
        utilisation: adm.utilisation,
        perSecond: lvl('db_open').map((n) => n / s.maxConnections),
        queueSeconds: queueSeconds(refused, admitted, 1),
        meanQueue: adm.refused / Math.max(1e-9, toSeconds(endNs)),
        maxQueue: Math.max(0, ...refused),
        queueUnit: 'connections refused per second (error 1040)',
        scaleNext: `raise max_connections (--max-connections ${s.maxConnections * 2}) only if the server has capacity left; else pool connections (--db-conn pool) so requests wait instead of failing`,
        detail: `${adm.refused.toLocaleString('en-US')} refused with 1040, ${adm.admitted.toLocaleString('en-US')} admitted; up to ${adm.maxOpen} open of ${s.maxConnections}`,
      }),
    );
    // Past its peak concurrency a USL server is saturated however little it delivers: more
    // sessions only slow every one of them down. Below it, the share of peak throughput used.
    const peak = my.peakPerSecond();
    const stats = my.server.stats(endNs);
    const sessions = lvl('db_sessions');
    const pastPeak = sessions.map((n) => n >= my.peakConcurrency());
    const serverBusy = statements.map((x, i) => (pastPeak[i] ? 1 : Math.min(1, x / peak)));
    resources.push(
      reportResource({
        name: 'MySQL server',
        kind: 'database',
        utilisation: mean(serverBusy),
        perSecond: serverBusy,
        queueSeconds: queueSeconds(lvl('db_remaining'), statements, 1),
        meanQueue: stats.meanInService,
        maxQueue: stats.maxInService,
        queueUnit: 'sessions running statements',
        scaleNext: 'batch the fan-out (bulk_create in one transaction: 1 commit instead of 501), fewer concurrent sessions (a pool below the USL peak), a bigger DB host, or move the fan-out off the request (--db redis-celery)',
        detail:
          `${Math.round(stats.workDone).toLocaleString('en-US')} statements = ${(100 * stats.workDone / (peak * toSeconds(endNs))).toFixed(0)}% of the peak ${Math.round(peak).toLocaleString('en-US')}/s ` +
          `(USL, flush=${s.flush}, peak at ${Math.round(my.peakConcurrency())} sessions; ${Math.round(stats.meanInService)} on average); ` +
          `buffer pool ${my.spilledAtNs === null ? 'held the table' : `outgrown at t=${toSeconds(my.spilledAtNs).toFixed(0)} s`}`,
      }),
    );
    Object.assign(database, {
      engine: 'mysql',
      refused1040: adm.refused,
      admitted: adm.admitted,
      maxOpen: adm.maxOpen,
      meanOpen: +adm.meanOpen.toFixed(2),
      statements: Math.round(stats.workDone),
      rowsWritten: my.rowsWritten,
      meanSessions: +stats.meanInService.toFixed(2),
      peakStatementsPerS: Math.round(peak),
      bufferPoolOutgrownAtS: my.spilledAtNs === null ? null : +toSeconds(my.spilledAtNs).toFixed(1),
    });
  }

  for (const [i, f] of (b.sqlite ?? []).entries()) {
    const k = `sqlite_${i + 1}`;
    // INSERTs per second of holding the lock: its write and fsyncs, and locally the writer's CPU.
    const heldS = f.busy.integral(endNs) / NS_PER_S;
    const rate = heldS > 0 ? f.rows / heldS : 0;
    const waiting = lvl(`${k}_waiting`);
    series[`${k}_waiting`] = waiting;
    resources.push(
      reportResource({
        name: `SQLite file ${i + 1}`,
        kind: 'disk',
        utilisation: f.busy.mean(endNs),
        perSecond: inc(`${k}_busy_ns`).map((ns) => ns / NS_PER_S),
        // Each sleeping writer wants at least one statement's time of the lock.
        queueSeconds: waiting.map((w) => (rate > 0 ? w / rate : 0)),
        meanQueue: f.sleepers.mean(endNs),
        maxQueue: f.sleepers.max,
        queueUnit: 'writers asleep in the busy handler',
        scaleNext: 'one commit per request (bulk_create inside transaction.atomic) or a client-server database; more tasks split the posts, not the work of one',
        detail: `${Math.round(rate)} autocommit INSERTs per second held (one writer, per-commit fsync); ${f.locked} "database is locked"`,
      }),
    );
    database[`sqliteFile${i + 1}Rows`] = f.rows;
  }
  if (b.sqlite) database.engine = 'sqlite';

  if (b.celery) {
    const c = b.celery;
    const done = inc('celery_done');
    const backlog = lvl('celery_backlog');
    series.celery_backlog = backlog;
    series.celery_fanned_out = done;
    resources.push(
      reportResource({
        name: 'Celery workers',
        kind: 'pool',
        utilisation: mean(lvl('celery_busy')) / c.processes,
        perSecond: lvl('celery_busy').map((n) => n / c.processes),
        queueSeconds: queueSeconds(backlog, done, 1),
        meanQueue: c.backlog.mean(endNs),
        maxQueue: c.backlog.max,
        queueUnit: 'task messages in the broker',
        scaleNext: `more Celery workers (--celery-tasks ${s.celeryTasks * 2}), or pipeline the ${s.fanout} Redis writes of a fan-out into one round trip`,
      }),
    );
    const redis = c.redisCpu.stats(endNs);
    const busy = inc('redis_cpu_ns').map((ns) => ns / NS_PER_S);
    const meanJob = redis.completed > 0 ? redis.busyCoreNs / redis.completed : 0;
    resources.push(
      reportResource({
        name: 'Redis CPU',
        kind: 'cpu',
        utilisation: redis.utilisation,
        perSecond: busy,
        queueSeconds: lvl('redis_cpu_jobs').map((n) => (Math.max(0, n - 1) * meanJob) / NS_PER_S),
        meanQueue: redis.meanQueueLength,
        maxQueue: redis.maxQueueLength,
        queueUnit: 'commands waiting',
        scaleNext: 'a bigger Redis node, or shard the feeds',
      }),
    );
  }
  return { resources, series, database };
}
