import { describe, expect, it } from 'vitest';
import { byteSize, DEFAULT_MAX_CONNECTIONS, DEFAULT_PROFILES, DEFAULT_THREADS, feedFlags, feedScenario } from '../../models/feed/flags.js';
import { feedModel, predictFeed, scenarioJson, type FeedPrediction } from '../../models/feed/index.js';
import { feedCharts } from '../../models/feed/charts.js';
import { feedPlan } from '../../models/feed/plan.js';
import { loadFeedParams, num } from '../../models/feed/params.js';
import { k6Text } from '../../src/report/k6-text.js';
import { bottleneckText } from '../../src/report/resources-text.js';
import { UsageError } from '../../src/cli/usage-error.js';

// What `capsim predict feed` reads and prints, and what plan, sweep and report charts take from a
// prediction: each flag reaches the scenario, each figure printed is the prediction's own. The
// CLI tests run these in a child process, which Stryker's per-test coverage does not see.

const params = loadFeedParams();
const S = 1e9;
const MIB = 2 ** 20;

describe('feed flags', () => {
  it('defaults: seed case b (500 VUs for 3m, fan-out 500, 2 × 4 vCPU tasks, MySQL defaults), as declared to yargs', () => {
    const s = feedScenario({});
    expect({ ...s, appProfile: undefined, dbProfile: undefined, redisProfile: undefined }).toEqual({
      db: 'mysql',
      vus: 500,
      durationNs: 180 * S,
      fanout: 500,
      tasks: 2,
      taskVcpu: 4,
      workers: 9,
      threads: DEFAULT_THREADS,
      connections: 'per-request',
      poolSize: 15,
      poolTimeoutNs: 30 * S,
      maxConnections: 150,
      flush: 1,
      bufferPoolBytes: 128 * MIB,
      celeryTasks: 2,
      celeryChunk: 500,
      appProfile: undefined,
      dbProfile: undefined,
      redisProfile: undefined,
      seed: 1,
    });
    // Flags whose default comes from params.json or the fan-out stay unset.
    expect(Object.keys(s)).not.toContain('errorPageBytes');
    expect(Object.keys(s)).not.toContain('celeryVcpu');
    expect(Object.keys(s)).not.toContain('celeryConcurrency');
    expect([s.appProfile.name, s.dbProfile.name, s.redisProfile.name]).toEqual([DEFAULT_PROFILES.app, DEFAULT_PROFILES.db, DEFAULT_PROFILES.redis]);
    expect(DEFAULT_PROFILES).toEqual({ app: 'fargate-1vcpu', db: 't4g.medium', redis: 'cache.t4g.medium' });
    expect([DEFAULT_THREADS, DEFAULT_MAX_CONNECTIONS]).toEqual([32, '150']);
    // Every flag is described for --help, and the declared defaults are the ones applied.
    for (const [name, spec] of Object.entries(feedFlags)) {
      expect(spec.type, name).toBe('string');
      expect(spec.describe.length, name).toBeGreaterThan(20);
    }
    expect(feedFlags.profile.array).toBe(true);
    const declared = Object.fromEntries(Object.entries(feedFlags).filter(([, f]) => f.default !== undefined).map(([k, f]) => [k, f.default]));
    expect(declared).toEqual({
      db: 'mysql', vus: '500', duration: '3m', fanout: '500', tasks: '2', 'task-vcpu': '4', threads: '32', 'db-conn': 'per-request', 'pool-size': '15',
      'pool-timeout': '30s', 'max-connections': '150', flush: '1', 'buffer-pool': '128M', 'celery-tasks': '2', seed: '1',
    });
    expect(feedScenario(declared)).toEqual(s);
    expect(feedFlags.profile.describe).toContain('default app=fargate-1vcpu, db=t4g.medium, redis=cache.t4g.medium');
  });

  it('every flag given reaches the scenario', () => {
    const s = feedScenario({
      db: 'redis-celery', vus: '7', duration: '1m30s', fanout: '40', tasks: '3', 'task-vcpu': '2', workers: '6', threads: '1', 'db-conn': 'pool', 'pool-size': '4',
      'pool-timeout': '250ms', 'max-connections': '1000', flush: '2', 'buffer-pool': '2G', 'error-page-bytes': '5000', 'celery-tasks': '5', 'celery-vcpu': '8',
      'celery-concurrency': '3', 'celery-chunk': '16', profile: ['db=local', 'cache.t4g.small'], seed: '42',
    });
    expect({ ...s, appProfile: undefined, dbProfile: undefined, redisProfile: undefined }).toEqual({
      db: 'redis-celery', vus: 7, durationNs: 90 * S, fanout: 40, tasks: 3, taskVcpu: 2, workers: 6, threads: 1, connections: 'pool', poolSize: 4, poolTimeoutNs: 0.25 * S,
      maxConnections: 1000, flush: 2, bufferPoolBytes: 2 ** 31, errorPageBytes: 5000, celeryTasks: 5, celeryVcpu: 8, celeryConcurrency: 3, celeryChunk: 16,
      appProfile: undefined, dbProfile: undefined, redisProfile: undefined, seed: 42,
    });
    // role=name places a profile; a bare cache node is Redis's; the app keeps its default.
    expect([s.appProfile.name, s.dbProfile.name, s.redisProfile.name]).toEqual(['fargate-1vcpu', 'local', 'cache.t4g.small']);
    // A bare compute instance is the database's.
    expect(feedScenario({ profile: 'c5.2xlarge' }).dbProfile.name).toBe('c5.2xlarge');
  });

  it('workers default to 2 × task-vcpu + 1; a chunk larger than the fan-out is the whole fan-out', () => {
    expect(feedScenario({ 'task-vcpu': '2' }).workers).toBe(5);
    expect(feedScenario({ 'task-vcpu': '1' }).workers).toBe(3);
    expect(feedScenario({ 'task-vcpu': '8', workers: '2' }).workers).toBe(2);
    expect(feedScenario({ fanout: '30', 'celery-chunk': '100' }).celeryChunk).toBe(30);
    expect(feedScenario({ fanout: '30', 'celery-chunk': '30' }).celeryChunk).toBe(30);
    expect(feedScenario({ fanout: '30', 'celery-chunk': '29' }).celeryChunk).toBe(29);
    expect(feedScenario({ fanout: '30' }).celeryChunk).toBe(30);
    // flush as yargs may hand it over, a number.
    expect(feedScenario({ flush: 2 }).flush).toBe(2);
  });

  it('sizes: MySQL-style K, M, G (an i or B allowed), at least 1M', () => {
    const cases: Array<[string, number]> = [['128M', 128 * MIB], ['2G', 2 ** 31], ['2g', 2 ** 31], ['2GiB', 2 ** 31], ['1024K', MIB], ['1.5M', 1.5 * MIB], [' 64 MB ', 64 * MIB], ['134217728', 128 * MIB], ['1048576', MIB], ['0.5G', 512 * MIB]];
    for (const [v, bytes] of cases) expect(byteSize('buffer-pool', v), v).toBe(bytes);
    for (const bad of ['1023K', '1048575', '0M', 'M', '', '2T', '-1G', '1.G', '128 M x', 128 * MIB, undefined]) {
      expect(() => byteSize('buffer-pool', bad), String(bad)).toThrow(new UsageError(`--buffer-pool must be a size of at least 1M such as 128M or 2G, got ${typeof bad === 'string' ? JSON.stringify(bad) : String(bad)}`));
    }
  });

  it.each([
    [{ db: 'postgres' }, '--db must be one of sqlite, mysql, redis-celery, got "postgres"'],
    [{ vus: '0' }, '--vus must be a whole number from 1 to 10,000, got "0"'],
    [{ vus: '10001' }, '--vus must be a whole number from 1 to 10,000, got "10001"'],
    [{ duration: '0s' }, '--duration must be a duration such as 500ms, 1s or 1m30s, got "0s"'],
    [{ duration: '61m' }, '--duration must be at most 1h (an hour takes about a minute to simulate; the seed ran 3m), got "61m"'],
    [{ fanout: '1000001' }, '--fanout must be a whole number from 1 to 1,000,000, got "1000001"'],
    [{ tasks: '1001' }, '--tasks must be a whole number from 1 to 1,000, got "1001"'],
    [{ 'task-vcpu': '65' }, '--task-vcpu must be a whole number from 1 to 64, got "65"'],
    [{ workers: '1001' }, '--workers must be a whole number from 1 to 1,000, got "1001"'],
    [{ threads: '10001' }, '--threads must be a whole number from 1 to 10,000, got "10001"'],
    [{ 'db-conn': 'pooled' }, '--db-conn must be one of per-request, pool, got "pooled"'],
    [{ 'pool-size': '10001' }, '--pool-size must be a whole number from 1 to 10,000, got "10001"'],
    [{ 'pool-timeout': 'soon' }, '--pool-timeout must be a duration such as 500ms, 1s or 1m30s, got "soon"'],
    [{ 'max-connections': '100001' }, '--max-connections must be a whole number from 1 to 100,000, got "100001"'],
    [{ flush: '0' }, '--flush must be one of 1, 2, got "0"'],
    [{ 'buffer-pool': '512K' }, '--buffer-pool must be a size of at least 1M such as 128M or 2G, got "512K"'],
    [{ 'error-page-bytes': '100000001' }, '--error-page-bytes must be a whole number from 1 to 100,000,000, got "100000001"'],
    [{ 'celery-tasks': '1001' }, '--celery-tasks must be a whole number from 1 to 1,000, got "1001"'],
    [{ 'celery-vcpu': '65' }, '--celery-vcpu must be a whole number from 1 to 64, got "65"'],
    [{ 'celery-concurrency': '1001' }, '--celery-concurrency must be a whole number from 1 to 1,000, got "1001"'],
    [{ 'celery-chunk': '0' }, '--celery-chunk must be a whole number from 1 to 1,000,000, got "0"'],
    [{ 'celery-chunk': '1000001' }, '--celery-chunk must be a whole number from 1 to 1,000,000, got "1000001"'],
    [{ seed: '-1' }, '--seed must be a whole number ≥ 0, got "-1"'],
    [{ profile: 'no-such-host' }, '--profile: '],
  ])('%j is bad input, named', (flags, message) => {
    expect(() => feedScenario(flags)).toThrow(UsageError);
    expect(() => feedScenario(flags)).toThrow(message);
    // checkFlags (what the CLI runs before anything is simulated) refuses it the same way.
    expect(() => feedModel.checkFlags!(flags)).toThrow(message);
  });

  it('the limits themselves are accepted', () => {
    const s = feedScenario({
      vus: '10000', duration: '1h', fanout: '1000000', tasks: '1000', 'task-vcpu': '64', workers: '1000', threads: '10000', 'pool-size': '10000', 'max-connections': '100000',
      'buffer-pool': '1M', 'error-page-bytes': '100000000', 'celery-tasks': '1000', 'celery-vcpu': '64', 'celery-concurrency': '1000', 'celery-chunk': '1000000', seed: '0',
    });
    expect([s.vus, s.durationNs, s.fanout, s.tasks, s.taskVcpu, s.workers, s.threads, s.poolSize, s.maxConnections, s.bufferPoolBytes]).toEqual([10_000, 3600 * S, 1e6, 1000, 64, 1000, 10_000, 10_000, 100_000, MIB]);
    expect([s.errorPageBytes, s.celeryTasks, s.celeryVcpu, s.celeryConcurrency, s.celeryChunk, s.seed]).toEqual([1e8, 1000, 64, 1000, 1e6, 0]);
    expect(feedScenario({ db: 'sqlite' }).db).toBe('sqlite');
    expect(feedScenario({ 'celery-vcpu': '1', 'celery-concurrency': '1' })).toMatchObject({ celeryVcpu: 1, celeryConcurrency: 1 });
  });
});

describe('feed prediction: JSON, text, charts and plan', { timeout: 120_000 }, () => {
  const flags = { vus: '20', duration: '5s', fanout: '20', 'max-connections': '10', seed: '3' };
  // Simulated inside the first test that needs it, so Stryker's per-test coverage sees who ran what.
  const cached: Record<string, FeedPrediction> = {};
  const prediction = (db = 'mysql'): FeedPrediction => (cached[db] ??= feedModel.predict({ ...flags, db }) as FeedPrediction);
  const n = (x: number): string => x.toLocaleString('en-US');

  it('the JSON: the scenario as given, k6’s metric names, requests that add up, the run’s own accounts', () => {
    const p = prediction();
    expect(p.model).toBe('feed');
    expect(p.scenario).toEqual(scenarioJson(feedScenario({ ...flags, db: 'mysql' })));
    expect(p.scenario).toEqual({
      db: 'mysql', vus: 20, duration: '5s', fanout: 20, tasks: 2, task_vcpu: 4, workers: 9, threads: 32, db_conn: 'per-request', pool_size: 15, pool_timeout: '30s',
      max_connections: 10, flush: 1, buffer_pool: '128M', celery_tasks: 2, celery_chunk: 20, profiles: { app: 'fargate-1vcpu', db: 't4g.medium', redis: 'cache.t4g.medium' }, seed: 3,
    });
    for (const m of ['checks', 'data_received', 'data_sent', 'http_req_duration', 'http_req_failed', 'http_reqs', 'iteration_duration', 'iterations']) expect(Object.keys(p.metrics), m).toContain(m);
    const r = p.requests;
    expect(r.issued).toBe(r.succeeded + r.failed + r.interrupted + r.inFlight);
    expect(p.metrics.http_reqs.count).toBe(r.succeeded + r.failed);
    expect(p.metrics.checks.passes).toBe(r.succeeded);
    expect(p.metrics.checks.fails).toBe(r.failed);
    expect(Object.values(r.byStatus).reduce((a, b) => a + b, 0)).toBe(r.succeeded + r.failed);
    expect(r.byStatus['201']).toBe(r.succeeded);
    // max_connections 10 against 20 VUs: some requests are refused with 1040.
    expect(r.failed).toBeGreaterThan(0);
    expect(p.server.byOutcome['error-1040']).toBe(r.byStatus['500']);
    expect(p.celery).toBeNull();
    // The test's duration: 5 s and the iterations still running at its end.
    expect(p.duration_s).toBeGreaterThanOrEqual(5);
    expect(p.duration_s).toBe(+p.duration_s.toFixed(3));
    expect(p.warnings).toEqual(['the app tier runs 576 requests at once but MySQL admits 10 connections: the rest fail with 1040']);
    // Byte-identical for the same inputs (the JSON the CLI prints).
    expect(JSON.stringify(predictFeed(feedScenario({ ...flags, db: 'mysql' })))).toBe(JSON.stringify(p));
  });

  it('scenarioJson names the optional settings only when given, the buffer pool in M to one decimal', () => {
    const s = feedScenario({ 'error-page-bytes': '777', 'celery-vcpu': '3', 'celery-concurrency': '5', 'buffer-pool': '1.25M', 'pool-timeout': '1m30s', duration: '90s' });
    expect(scenarioJson(s)).toMatchObject({ error_page_bytes: 777, celery_vcpu: 3, celery_concurrency: 5, buffer_pool: '1.3M', pool_timeout: '1m30s', duration: '1m30s' });
    const plain = scenarioJson(feedScenario({}));
    for (const k of ['error_page_bytes', 'celery_vcpu', 'celery_concurrency']) expect(Object.keys(plain)).not.toContain(k);
    expect(plain.buffer_pool).toBe('128M');
  });

  it('the text states the scenario and every figure of the prediction (MySQL)', () => {
    const p = prediction();
    const text = feedModel.text(p);
    const lines = text.split('\n');
    expect(lines[0]).toBe('  capsim predict feed (simulated, seed 3): 20 VUs × (POST + sleep 1 s) for 5s, fan-out 20');
    expect(lines[1]).toBe('  2 task(s) × 4 vCPU on fargate-1vcpu, gunicorn 9 workers × 32 threads; MySQL on t4g.medium (max_connections 10, flush 1, buffer pool 128M, a connection per request)');
    expect(lines[2]).toBe('');
    const k6 = k6Text({ metrics: p.metrics });
    expect(text).toContain(`\n\n${k6}\n\n  test duration: ${p.duration_s} s\n`);
    const r = p.requests;
    const statuses = Object.entries(r.byStatus).map(([k, v]) => `${k}: ${n(v)}`).join(', ');
    expect(text).toContain(`\n  requests: ${n(r.issued)} issued = ${n(r.succeeded)} succeeded + ${n(r.failed)} failed (${n(r.timedOut)} client time-outs) + ${n(r.interrupted + r.inFlight)} cut off at the end; statuses ${statuses}\n`);
    expect(statuses).toBe(`201: ${r.succeeded}, 500: ${r.failed}`);
    expect(text).toContain(`\n${bottleneckText(p.bottleneck, p.resources)}\n`);
    expect(lines.at(-1)).toBe(`  warning: ${p.warnings[0]}`);
    expect(text).not.toContain('Celery');
    expect(text).not.toContain('after their client had given up');
  });

  it('the text: SQLite, a pool, Celery drained or not, posts written for nobody, large counts grouped', () => {
    const p = prediction();
    const scenario = (extra: Record<string, unknown>) => ({ ...p, scenario: { ...p.scenario, ...extra } });
    expect(feedModel.text(scenario({ db: 'sqlite' })).split('\n')[1]).toBe('  2 task(s) × 4 vCPU on fargate-1vcpu, gunicorn 9 workers × 32 threads; SQLite, one file per task');
    expect(feedModel.text(scenario({ db_conn: 'pool', pool_size: 4 })).split('\n')[1]).toMatch(/\(max_connections 10, flush 1, buffer pool 128M, pool of 4 per worker\)$/);
    const celery = { enqueued: 12_345, fannedOutDuringTest: 2_000, backlogAtEndOfTest: 10_345, maxBacklog: 10_345, drainedAfterS: 150, lagMs: { avg: 1, p95: 2, max: 3 } };
    const withCelery = { ...scenario({ db: 'redis-celery', celery_tasks: 3 }), celery };
    const text = feedModel.text(withCelery);
    expect(text.split('\n')[1]).toMatch(/a connection per request\); feed via 3 Celery task\(s\) into Redis on cache\.t4g\.medium$/);
    expect(text).toContain('\n  Celery: 12,345 task messages enqueued, 2,000 done during the test, 10,345 left at its end; the backlog emptied 150 s (2.5 min) after the test ended\n');
    expect(feedModel.text({ ...withCelery, celery: { ...celery, drainedAfterS: null } })).toContain('10,345 left at its end; not drained within 24 h\n');
    const nobody = { ...p, server: { ...p.server, createdForNobody: 1234 }, requests: { ...p.requests, issued: 1_234_567, timedOut: 5, interrupted: 3, inFlight: 4 } };
    const t = feedModel.text(nobody);
    expect(t).toContain('\n  posts written after their client had given up: 1,234\n');
    // Cut off at the end: interrupted by the graceful stop and still in flight.
    expect(t).toContain(`  requests: 1,234,567 issued = ${n(p.requests.succeeded)} succeeded + ${n(p.requests.failed)} failed (5 client time-outs) + 7 cut off at the end;`);
    expect(feedModel.text({ ...p, warnings: [] }).split('\n').at(-1)).not.toMatch(/warning/);
  });

  it('charts: posts written and requests per second, the share succeeded and failed, each panel the series it names', () => {
    const p = prediction();
    const c = feedCharts;
    expect(c.load).toEqual({ flag: 'vus', label: 'k6 VUs (each: POST, then sleep 1 s)' });
    expect(c.delivered.value(p)).toBe(p.metrics.checks.passes / p.duration_s);
    expect(c.delivered.value({ ...p, duration_s: 0 })).toBe(p.metrics.checks.passes / 1e-9);
    expect(c.offered!.value(p)).toBe(p.metrics.http_reqs.rate);
    expect(c.deliveredRatio!(p)).toBe(p.metrics.checks.value);
    expect(c.failureRate!(p)).toBe(p.metrics.http_req_failed.value);
    expect(c.latency!.metric).toBe('http_req_duration');
    const picks = c.timeline!.map((t) => t.pick(p));
    const s = p.series;
    expect(picks[0]).toEqual({ 'answered or timed out (http_reqs)': s.http_reqs, 'succeeded (201)': s.http_reqs_ok });
    expect(picks[1]).toEqual({ 'error-1040': s.failed_error_1040 });
    expect(picks[2]).toEqual({ 'open connections': s.db_open_connections, max_connections: s.db_open_connections.map(() => 10), 'refused (1040) per second': s.db_refused });
    expect(picks[3]).toEqual({ 'app task 1 listen queue': s.app_1_accept_queue, 'app task 2 listen queue': s.app_2_accept_queue, 'MySQL sessions running statements': s.db_sessions });
    expect(picks[4]).toEqual({});
    expect(c.reportSweep).toEqual({ vus: '50,100,200,300,500', 'max-connections': '50,150,1000', duration: '60s' });
  });

  it('charts on SQLite and on Celery: no MySQL panel without MySQL; the broker and its drain, thinned to 1,200 points', () => {
    const sqlite = prediction('sqlite');
    const panels = feedCharts.timeline!;
    expect(panels[2].pick(sqlite)).toEqual({});
    expect(panels[3].pick(sqlite)).toEqual({ 'app task 1 listen queue': sqlite.series.app_1_accept_queue, 'app task 2 listen queue': sqlite.series.app_2_accept_queue });
    expect(panels[1].pick(sqlite)).toEqual({});
    const celery = prediction('redis-celery');
    expect(panels[3].pick(celery)).toMatchObject({ 'MySQL sessions running statements': celery.series.db_sessions, 'Celery task messages in the broker': celery.series.celery_backlog });
    expect(panels[4].pick(celery)).toEqual(celery.series.celery_backlog_after_test.length === 0 ? {} : { 'waiting or in a worker': celery.series.celery_backlog_after_test });
    expect(panels[4].ownAxis!.title).toBe('seconds after the test ended');
    // A drain of 2,401 s is drawn every 3rd second (801 points); 1,200 s every second.
    const drain = (length: number) => ({ ...celery, series: { ...celery.series, celery_backlog_after_test: Array.from({ length }, (_, i) => i) } });
    expect(panels[4].ownAxis!.step!(drain(2401))).toBe(3);
    expect(panels[4].pick(drain(2401))['waiting or in a worker']).toEqual(Array.from({ length: 801 }, (_, i) => 3 * i));
    expect(panels[4].ownAxis!.step!(drain(1200))).toBe(1);
    expect(panels[4].pick(drain(1200))['waiting or in a worker']).toHaveLength(1200);
    expect(panels[4].ownAxis!.step!(drain(1201))).toBe(2);
    expect(panels[4].ownAxis!.step!(drain(0))).toBe(1);
    expect(panels[4].pick(drain(0))).toEqual({});
    expect(panels[4].ownAxis!.step!(sqlite)).toBe(1);
    // Failure causes: each failed_<cause> series, underscores as dashes, in the prediction's order.
    const causes = { ...sqlite, series: { http_reqs: [1], failed_worker_timeout: [2], failed_pool_timeout: [3], failedx: [4], not_failed_x: [5] } };
    expect(panels[1].pick(causes)).toEqual({ 'worker-timeout': [2], 'pool-timeout': [3] });
    // Listen queues: app_<task>_accept_queue exactly, tasks past 9 included.
    const queues = { ...sqlite, series: { app_12_accept_queue: [1], app_3_accept_queue_max: [2], xapp_4_accept_queue: [3], app_5_cpu: [4] } };
    expect(panels[3].pick(queues)).toEqual({ 'app task 12 listen queue': [1] });
  });

  it('plan: the knobs, the figures it reads, and the bill for each database', () => {
    expect(feedPlan.load).toEqual({ flag: 'vus', label: 'k6 VUs (each: POST, then sleep 1 s)', ladder: { min: 50, max: 2000, step: 50 } });
    expect(feedPlan.knobs.map((k) => [k.flag, k.values, k.monotone ?? false])).toEqual([
      ['db', ['mysql', 'redis-celery'], false],
      ['max-connections', ['150', '1000'], false],
      ['task-vcpu', ['2', '4'], false],
      ['tasks', ['1', '2', '3', '4', '6', '8'], true],
    ]);
    const m = feedPlan.metrics;
    const v = { 'checks.value': 0.25, 'http_reqs.rate': 100, delivered_per_s: 25, 'http_req_failed.value': 0.75, 'http_req_duration.p(95)': 900, 'http_req_duration.med': 40 };
    expect([m.checks.value(v), m.rps.value(v), m.ok_rps.value(v), m.failures.value(v), m.p95.value(v), m.p50.value(v)]).toEqual([0.25, 100, 25, 0.75, 900, 40]);
    expect([m.checks.unit, m.rps.unit, m.ok_rps.unit, m.failures.unit, m.p95.unit]).toEqual(['ratio', 'per_s', 'per_s', 'ratio', 'ms']);
    expect(feedPlan.bill({ db: 'sqlite', tasks: '3', 'task-vcpu': '2' })).toEqual([{ role: 'app task', profile: 'fargate-1vcpu', count: 3, vcpus: 2, memoryGiB: 4 }]);
    expect(feedPlan.bill({})).toEqual([
      { role: 'app task', profile: 'fargate-1vcpu', count: 2, vcpus: 4, memoryGiB: 8 },
      { role: 'MySQL instance', profile: 't4g.medium', count: 1 },
    ]);
    const celeryVcpu = num(params.celery.vcpusPerTask);
    expect(feedPlan.bill({ db: 'redis-celery', 'celery-tasks': '3', profile: 'db=local' })).toEqual([
      { role: 'app task', profile: 'fargate-1vcpu', count: 2, vcpus: 4, memoryGiB: 8 },
      { role: 'MySQL instance', profile: 'local', count: 1 },
      { role: 'Redis node', profile: 'cache.t4g.medium', count: 1 },
      { role: 'Celery task', profile: 'fargate-1vcpu', count: 3, vcpus: celeryVcpu, memoryGiB: 2 * celeryVcpu },
    ]);
    expect(feedPlan.bill({ db: 'redis-celery', 'celery-vcpu': '8' })[3]).toEqual({ role: 'Celery task', profile: 'fargate-1vcpu', count: 2, vcpus: 8, memoryGiB: 16 });
  });

  it('the model’s card: its flags, schema, published cases, blind metrics, and every parameter with its provenance', () => {
    expect(feedModel.name).toBe('feed');
    expect(feedModel.flags).toBe(feedFlags);
    expect(feedModel.charts).toBe(feedCharts);
    expect(feedModel.plan).toBe(feedPlan);
    expect([feedModel.predictionSchema, feedModel.published]).toEqual(['models/feed/prediction.schema.json', 'models/feed/published.json']);
    expect(feedModel.blindMetrics).toEqual(['checks.value', 'http_reqs.count', 'http_reqs.rate', 'data_received.count', 'iteration_duration.avg', 'iteration_duration.med', 'iteration_duration.p(95)']);
    const lines = feedModel.parameters!();
    const lambda = lines.find((l) => l.name === 'mysql.flush1Lambda')!;
    const p = params.mysql.flush1Lambda as { value: number; unit: string; provenance: { kind: string; source: string } };
    expect(lambda.value).toBe(`${p.value} ${p.unit}`);
    expect(lambda.provenance).toBe(`${p.provenance.kind}: ${p.provenance.source}`);
  });
});
