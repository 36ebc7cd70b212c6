import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { NS_PER_MS, NS_PER_S } from '../../src/engine/time.js';
import { k6Text, formatMs } from '../../src/report/k6-text.js';
import { loadFeedParams, num } from '../../models/feed/params.js';
import { APP_CPUS, EXPERIMENT_AUTOGROUP_NICE, LOAD_CPUS } from './cores.js';
import { FEED_APP_DIR, gunicornArgs, migrate, startGunicorn, stopGunicorn, workerPids, type GunicornServer } from './gunicorn.js';
import { HttpLoadMetrics, runHttpLoad } from './k6-http.js';
import { machineInfo, pythonVersions } from './machine.js';
import { allowedCpus } from './proc-stat.js';
import { niceLabel, withRealRun } from './real-run.js';
import { ResourceSampler } from './resource-sampler.js';
import { bracket, probeCores, type SpeedProbe } from './speed-probe.js';
import { probeDiskUs } from './disk-probe.js';
import { writeRunRecord, type RunRecord } from './run-record.js';
import { celeryDown, celeryUp, mariadbDown, mariadbUp, redisDown, redisUp, tearDown, type CeleryService, type MariadbService, type RedisService } from './services.js';
import { CeleryQueueProbe } from './celery-queue.js';
import { CeleryWatch, type CeleryRecord } from './celery-watch.js';
import { defaultFeedRunId, feedRunSettings } from './feed-settings.js';

/** Before/after change of the core's speed probe beyond which the run is made again: the host changed speed under it. */
const PROBE_DRIFT = 0.1;

/** Longest wait for a Celery backlog to drain after the test: runs are sized to drain well within it. */
const MAX_DRAIN_MS = 120_000;

/** The form body of each POST: a short post (the model's k6.requestBytes only feeds data_sent). */
const POST_BODY = 'body=' + 'hello+'.repeat(20);

export interface FeedLoadRequest {
  flags: Record<string, unknown>;
  outDir: string;
  id?: string;
  log?: (line: string) => void;
}

export interface FeedLoadResult {
  record: RunRecord;
  file: string;
  text: string;
}

function mariadbVersion(): string {
  const out = execFileSync('mariadbd', ['--version'], { encoding: 'utf8' });
  return /Ver\s+(\S+)/.exec(out)?.[1] ?? out.trim();
}

/**
 * One real run of seed §2 on this machine: a fresh private MariaDB (calibration/services, core 1,
 * the run's max_connections and flush) or an SQLite file, `manage.py migrate`, gunicorn with the
 * Django app on core 0, and the k6-semantics HTTP load from this process on core 1. Whatever it
 * started it stops again, on success, failure, SIGINT or SIGTERM, and after a hard timeout of
 * duration + gracefulStop + 2 × the client time-out.
 */
export async function loadFeed(request: FeedLoadRequest): Promise<FeedLoadResult> {
  const run = feedRunSettings(request.flags);
  const { scenario } = run;
  const id = request.id ?? defaultFeedRunId(run);
  const log = request.log ?? (() => undefined);
  const k6 = loadFeedParams().k6;
  const timeoutMs = num(k6.timeoutS) * 1000;
  const gracefulStopMs = num(k6.gracefulStopS) * 1000;
  const hardTimeoutMs = scenario.durationNs / NS_PER_MS + gracefulStopMs + 2 * timeoutMs + (scenario.db === 'redis-celery' ? MAX_DRAIN_MS : 0);

  let mariadb: MariadbService | undefined;
  let redis: RedisService | undefined;
  let celery: CeleryService | undefined;
  let probe: CeleryQueueProbe | undefined;
  let server: GunicornServer | undefined;
  let sampler: ResourceSampler | undefined;
  const sqliteFile = `/tmp/capsim-feed-${process.pid}.sqlite3`;
  const gunicornLog = `/tmp/capsim-feed-gunicorn-${process.pid}.log`;
  const tearDownRun = async (): Promise<void> => {
    sampler?.cancel();
    if (server) await stopGunicorn(server);
    probe?.close();
    if (celery) tearDown(celeryDown);
    if (redis?.startedHere) tearDown(redisDown);
    if (mariadb?.startedHere) tearDown(mariadbDown);
    rmSync(sqliteFile, { force: true });
    rmSync(`${sqliteFile}-journal`, { force: true });
    rmSync(gunicornLog, { force: true });
  };
  return withRealRun(hardTimeoutMs, async (signal) => {
    const env: Record<string, string> = {};
    if (scenario.db !== 'sqlite') {
      mariadb = mariadbUp(scenario.maxConnections, scenario.flush);
      Object.assign(env, { MARIADB_HOST: mariadb.host, MARIADB_PORT: String(mariadb.port) });
    } else env.FEED_SQLITE_PATH = sqliteFile;
    if (scenario.db === 'redis-celery') {
      redis = redisUp('');
      celery = celeryUp(scenario.celeryConcurrency ?? 1);
      Object.assign(env, { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), FEED_CELERY_CHUNK: String(scenario.celeryChunk) });
      probe = await CeleryQueueProbe.open(redis.host, redis.port);
    }
    signal.throwIfAborted();
    const db = scenario.db;
    log(`migrating the ${db} database`);
    migrate({ db, env });
    const app = { db, fanout: scenario.fanout, workers: scenario.workers, threads: scenario.threads, cpus: APP_CPUS, autogroupNice: EXPERIMENT_AUTOGROUP_NICE, env, logFile: gunicornLog };
    log(`starting gunicorn ${scenario.workers} workers × ${scenario.threads} threads on core ${APP_CPUS}`);
    server = await startGunicorn(app);
    signal.throwIfAborted();
    const workers = workerPids(server.pid);
    const pinning: Record<string, string> = { gunicorn: allowedCpus(workers[0]) ?? APP_CPUS, 'capsim load': allowedCpus(process.pid) ?? LOAD_CPUS };
    const priority: Record<string, string> = { gunicorn: niceLabel(server.pid), 'capsim load': niceLabel('self') };
    if (mariadb) {
      pinning.mariadbd = allowedCpus(mariadb.pid) ?? mariadb.cpus;
      priority.mariadbd = niceLabel(mariadb.pid);
    }
    if (redis && celery) {
      pinning['redis-server'] = allowedCpus(redis.pid) ?? redis.cpus;
      priority['redis-server'] = niceLabel(redis.pid);
      pinning['celery worker'] = allowedCpus(celery.pid) ?? celery.cpus;
      priority['celery worker'] = niceLabel(celery.pid);
    }
    const versions = { ...pythonVersions({ django: 'django', gunicorn: 'gunicorn', pymysql: 'pymysql', ...(celery ? { celery: 'celery', kombu: 'kombu', redis: 'redis' } : {}) }, FEED_APP_DIR), ...(mariadb ? { mariadbd: mariadbVersion() } : {}) };
    const machine = machineInfo(pinning, versions, {
      priority,
      gunicornArgs: gunicornArgs(app, server.port).filter((a) => !a.startsWith('/tmp/')).join(' '),
      ...(mariadb ? { mariadb: { address: `${mariadb.host}:${mariadb.port}`, settings: `--no-defaults --max-connections=${mariadb.maxConnections} --innodb-flush-log-at-trx-commit=${mariadb.flush} (buffer pool 128M default)` } } : {}),
      ...(celery && redis ? { celery: { broker: `redis://${redis.host}:${redis.port}/0`, worker: `python3 -m celery -A feedsite worker --concurrency ${celery.concurrency} (prefork, prefetch multiplier 1, no result backend)`, task: 'one LPUSH per friend, one round trip each, then INCR capsim:feed:done', chunk: scenario.celeryChunk } } : {}),
    });
    sampler = new ResourceSampler([server.pid, ...workers], mariadb && { name: 'db', pid: mariadb.pid }, undefined, 'gunicorn');
    const metrics = new HttpLoadMetrics();
    const probeBefore = probeCores([APP_CPUS, LOAD_CPUS]);
    const diskBefore = scenario.db === 'sqlite' ? probeDiskUs(APP_CPUS) : undefined;
    const watch = probe && celery && redis ? new CeleryWatch(probe, celery.pid, redis.pid) : undefined;
    log(`load: ${scenario.vus} VUs × (POST /post + sleep 1 s) for ${run.settings.duration}, fan-out ${scenario.fanout}`);
    await sampler.start();
    await watch?.start();
    const { startMs, endMs } = await runHttpLoad(
      {
        vus: scenario.vus,
        durationMs: scenario.durationNs / NS_PER_MS,
        gracefulStopMs,
        timeoutMs,
        sleepMs: num(k6.sleepS) * 1000,
        url: `http://127.0.0.1:${server.port}/post?fanout=${scenario.fanout}` + (celery ? `&chunk=${scenario.celeryChunk}` : ''),
        body: POST_BODY,
      },
      metrics,
      signal,
    );
    await sampler.stop();
    watch?.endOfTest();
    const messagesPerPost = Math.ceil(scenario.fanout / scenario.celeryChunk);
    const expected = metrics.summary(Math.round((endMs - startMs) * NS_PER_MS)).metrics.checks.passes * messagesPerPost;
    if (watch) log(`waiting for the Celery backlog to drain (${expected} task messages in all, at most ${MAX_DRAIN_MS / 1000} s)`);
    const drainedAtMs = watch ? await watch.drained(expected, MAX_DRAIN_MS, signal) : undefined;
    const celeryRecord = watch?.record({ startMs, endMs, drainedAtMs, concurrency: celery!.concurrency, chunk: scenario.celeryChunk, messagesPerPost, expected });
    const speedProbe = bracket(probeBefore, probeCores([APP_CPUS, LOAD_CPUS]));
    // The disk's share of an SQLite commit, before and after (calibration/load/disk-probe.ts).
    if (diskBefore !== undefined) machine.diskProbeUs = [diskBefore, probeDiskUs(APP_CPUS)];
    signal.throwIfAborted();

    const durationNs = Math.round((endMs - startMs) * NS_PER_MS);
    const duration_s = +(durationNs / NS_PER_S).toFixed(3);
    const totals = sampler.totals();
    const wait = sampler.runQueueWait();
    const settings = { ...run.settings };
    // The page a failed request got here: the simulation renders and sends one of this size.
    if (metrics.errorPages > 0) settings['error-page-bytes'] = String(Math.round(metrics.errorPageBytes / metrics.errorPages));
    // gunicorn's processes and threads wait for core 0 behind each other, so their run-queue time
    // says nothing about other work; the processes core 0 ran besides them do. Interrupts are left
    // out: the loopback traffic of the run itself (51 MySQL round trips per post) is handled there.
    const series = sampler.series();
    const foreign = Math.max(0, sampler.coreTaskSeconds(Number(APP_CPUS)) - totals.server_cpu_seconds) / Math.max(duration_s, 1e-9);
    // Either core's speed matters: Django runs at core 0's probe, MariaDB at core 1's.
    const drifted = Object.entries(speedProbe).filter(([, [from, to]]) => Math.abs(to / from - 1) > PROBE_DRIFT);
    const problems = [
      foreign > 0.05 ? `contended: core 0 ran other processes ${(100 * foreign).toFixed(1)}% of the run besides gunicorn: other work shared the cores` : '',
      ...drifted.map(([core, [from, to]]) => `contended by the host: the speed probe on ${core} took ${from} ms before the run and ${to} ms after`),
      metrics.firstErrors.length > 0 ? `other failures, e.g. ${metrics.firstErrors.join(' | ')}` : '',
      celeryRecord && celeryRecord.drained_after_s === null ? `the Celery backlog had not drained ${MAX_DRAIN_MS / 1000} s after the test` : '',
    ].filter(Boolean);
    const record: RunRecord = {
      kind: 'capsim-run-record',
      model: 'feed',
      id,
      source: 'capsim load',
      createdAt: new Date().toISOString(),
      settings,
      machine: { ...machine, runQueueWait: wait, speedProbe },
      duration_s,
      metrics: metrics.summary(durationNs).metrics,
      series: {
        http_reqs: metrics.reqsPerSecond.toArray(durationNs).map((p) => p.value),
        http_reqs_ok: metrics.okPerSecond.toArray(durationNs).map((p) => p.value),
        ...series,
      },
      resources: { ...totals, server_cpu_utilisation: duration_s > 0 ? +(totals.server_cpu_seconds / duration_s).toFixed(4) : 0 },
      ...(celeryRecord ? { celery: celeryRecord } : {}),
      notes: problems.join('; '),
    };
    const file = writeRunRecord(record, request.outDir);
    return { record, file, text: feedRunText(record, file) };
  }, tearDownRun);
}

function celeryLine(c: CeleryRecord): string {
  return (
    `  Celery (${c.concurrency} processes, ${c.messages_per_post} message(s) per post): ${c.messages_enqueued.toLocaleString('en-US')} enqueued, ${c.done_during_test.toLocaleString('en-US')} done during the test, ` +
    `${c.waiting_at_end_of_test.toLocaleString('en-US')} waiting at its end (at most ${c.max_waiting.toLocaleString('en-US')}); ` +
    (c.drained_after_s === null ? 'the backlog had not drained when the wait ran out' : `the backlog emptied ${c.drained_after_s} s after the test`) +
    `; worker CPU ${c.worker_cpu_seconds_test} s during the test, ${c.worker_cpu_seconds_drain} s after`
  );
}

/** Figures a calibration report quotes for each feed run. */
export function feedHeadline(r: RunRecord): { rps: number; okPerSec: number; failedPct: number; errors1040: number; p95Ms: number; serverCpuPct: number; dbCpuPct: number } {
  const m = r.metrics;
  return {
    rps: m.http_reqs.rate,
    okPerSec: r.duration_s > 0 ? m.checks.passes / r.duration_s : 0,
    failedPct: 100 * m.http_req_failed.value,
    errors1040: m.errors_1040?.count ?? 0,
    p95Ms: m.http_req_duration['p(95)'],
    serverCpuPct: 100 * r.resources.server_cpu_utilisation,
    dbCpuPct: r.duration_s > 0 ? (100 * (r.resources.db_cpu_seconds ?? 0)) / r.duration_s : 0,
  };
}

export function feedRunText(r: RunRecord, file: string): string {
  const s = r.settings;
  const h = feedHeadline(r);
  const n = (x: number): string => x.toLocaleString('en-US');
  const versions = (r.machine.versions ?? {}) as Record<string, string>;
  const m = r.metrics;
  const probe = r.machine.speedProbe as SpeedProbe | undefined;
  const where = s.db !== 'sqlite' ? `MariaDB ${versions.mariadbd ?? ''} (max_connections ${s['max-connections']}, flush ${s.flush}) on core ${(r.machine.pinning as Record<string, string>).mariadbd}` : 'SQLite';
  return [
    `  capsim load feed (real run ${r.id}): ${s.vus} VUs × (POST + sleep 1 s) for ${s.duration}, fan-out ${s.fanout}`,
    `  gunicorn ${versions.gunicorn ?? ''} ${s.workers} workers × ${s.threads} threads + Django ${versions.django ?? ''} on core ${(r.machine.pinning as Record<string, string>).gunicorn}; ${where}`,
    '',
    k6Text({ metrics: m }),
    '',
    `  test duration: ${r.duration_s} s`,
    `  RPS ${h.rps.toFixed(1)}, succeeded ${h.okPerSec.toFixed(1)}/s, failed ${h.failedPct.toFixed(1)}% (1040: ${n(h.errors1040)}, other 500: ${n(m.errors_500_other?.count ?? 0)}, time-outs: ${n(m.errors_timeout?.count ?? 0)}, connection errors: ${n(m.errors_connection?.count ?? 0)})` +
      (s['error-page-bytes'] ? `, error page ${n(Number(s['error-page-bytes']))} B` : ''),
    `  http_req_duration p95 ${formatMs(h.p95Ms)}; server CPU ${h.serverCpuPct.toFixed(1)}% of one core; MariaDB CPU ${h.dbCpuPct.toFixed(1)}%`,
    ...(r.celery ? [celeryLine(r.celery)] : []),
    ...(probe ? [`  speed probe (ms, before → after): ${Object.entries(probe).map(([core, [a, b]]) => `${core} ${a} → ${b}`).join(', ')}`] : []),
    ...(r.notes ? [`  notes: ${r.notes}`] : []),
    `  record: ${file}`,
  ].join('\n');
}
