import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { feedScenario } from '../../models/feed/flags.js';
import { predictFeed } from '../../models/feed/index.js';
import { loadFeedParams, num } from '../../models/feed/params.js';
import { simulateFeed } from '../../models/feed/model.js';
import { fitUsl, uslPeakConcurrency, uslThroughput } from '../../models/feed/usl.js';
import { validate } from '../../src/config/schema.js';
import { toSeconds } from '../../src/engine/time.js';

const params = loadFeedParams();
/** Small, fast scenarios: tens of VUs, seconds, a short fan-out. */
const small = (flags: Record<string, unknown>) => feedScenario({ vus: '30', duration: '10s', fanout: '50', ...flags });

const scenarioArb = fc.record({
  db: fc.constantFrom('sqlite', 'mysql', 'redis-celery'),
  vus: fc.integer({ min: 1, max: 80 }).map(String),
  duration: fc.constantFrom('3s', '8s', '15s'),
  fanout: fc.integer({ min: 1, max: 300 }).map(String),
  tasks: fc.integer({ min: 1, max: 3 }).map(String),
  'task-vcpu': fc.integer({ min: 1, max: 4 }).map(String),
  threads: fc.constantFrom('1', '4', '32'),
  'max-connections': fc.integer({ min: 1, max: 120 }).map(String),
  'db-conn': fc.constantFrom('per-request', 'pool'),
  'pool-size': fc.integer({ min: 1, max: 4 }).map(String),
  'pool-timeout': fc.constantFrom('500ms', '5s'),
  flush: fc.constantFrom('1', '2'),
  'celery-tasks': fc.integer({ min: 1, max: 2 }).map(String),
  'celery-chunk': fc.integer({ min: 1, max: 400 }).map(String),
  seed: fc.integer({ min: 0, max: 1000 }).map(String),
});

describe('feed model', () => {
  it('same inputs and seed give byte-identical JSON; another seed differs', () => {
    for (const db of ['sqlite', 'mysql', 'redis-celery']) {
      const a = JSON.stringify(predictFeed(small({ db, seed: '3', 'max-connections': '10' })));
      const b = JSON.stringify(predictFeed(small({ db, seed: '3', 'max-connections': '10' })));
      const c = JSON.stringify(predictFeed(small({ db, seed: '4', 'max-connections': '10' })));
      expect(b).toBe(a);
      expect(c).not.toBe(a);
    }
  });

  it('prediction JSON validates against its schema for every database', () => {
    for (const db of ['sqlite', 'mysql', 'redis-celery']) {
      expect(() => validate('models/feed/prediction.schema.json', predictFeed(small({ db })), 'prediction')).not.toThrow();
    }
  });

  it('conserves requests: issued = succeeded + failed + cut off + in flight, and k6 counts agree', () => {
    fc.assert(
      fc.property(scenarioArb, (flags) => {
        const run = simulateFeed(feedScenario(flags), params);
        const l = run.ledger;
        const m = run.summary.metrics;
        expect(l.succeeded + l.failed + l.interrupted + l.pending).toBe(l.issued);
        expect(m.http_reqs.count).toBe(l.succeeded + l.failed);
        expect(m.checks.passes).toBe(l.succeeded);
        expect(m.http_req_failed.passes).toBe(l.failed);
        expect(l.timedOut).toBeLessThanOrEqual(l.failed);
        const answered = Object.values(run.server.byOutcome).reduce((a, b) => a + (b ?? 0), 0);
        expect(answered).toBeLessThanOrEqual(l.issued);
        expect(run.server.byOutcome.created ?? 0).toBeGreaterThanOrEqual(l.succeeded);
      }),
      { numRuns: 40 },
    );
  });

  it('raising max_connections never raises the count of 1040 errors', () => {
    /** Paired by seed: the mean rise of high over low, and twice its standard error. */
    const rise = (high: number[], low: number[]): { mean: number; twoSe: number } => {
      const d = high.map((h, i) => h - low[i]);
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1);
      return { mean, twoSe: 2 * Math.sqrt(variance / d.length) };
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 80 }),
        fc.constantFrom('1', '32'),
        fc.constantFrom('mysql', 'redis-celery'),
        fc.constantFrom('per-request', 'pool'),
        (vus, fanout, limit, extra, threads, db, conn) => {
          const flags = { db, vus: String(vus), duration: '8s', fanout: String(fanout), threads, 'db-conn': conn, 'pool-size': '2' };
          // The claim holds in expectation, so it is checked on seeds 1–4 paired: another limit
          // changes which request meets which connection, and near a few connections the runs are
          // bistable (max_connections 3 at 69 VUs, pools of 2: a share of 0.27–0.54 across seeds).
          // One 8 s sample path can then refuse more (26 → 31 at 84 VUs, seed 999: 8.9 % → 10.9 %,
          // while the mean over 20 seeds falls from 9.6 % to 8.2 %).
          const runs = (m: number) =>
            [1, 2, 3, 4].map((seed) => simulateFeed(feedScenario({ ...flags, seed: String(seed), 'max-connections': String(m) }), params));
          const low = runs(limit);
          const high = runs(limit + extra);
          const refused = (rs: typeof low): number[] => rs.map((r) => r.database.refused1040 as number);
          const share = (rs: typeof low): number[] => rs.map((r) => (r.database.refused1040 as number) / Math.max(1, r.summary.metrics.http_reqs.count));
          // The loop is closed: admitted requests can finish sooner than error pages render, so VUs
          // come back sooner and the same share of more attempts can be a few more refusals
          // (max_connections 1 → 2 at 55 VUs: 325 → 326). The share never rises; the count only by
          // that echo.
          const s = rise(share(high), share(low));
          expect(s.mean).toBeLessThanOrEqual(0.01 + s.twoSe);
          const c = rise(refused(high), refused(low).map((n) => n * 1.02 + 2));
          expect(c.mean).toBeLessThanOrEqual(c.twoSe);
        },
      ),
      // A claim in expectation judged by two standard errors fails on some draw now and then: a fixed
      // fast-check seed keeps the test a regression check, not a coin (it drew a failing case once in ~40 runs).
      { numRuns: 40, seed: 20261205 },
    );
  }, 120_000);

  it("k6's closed loop: each iteration is one request plus the script's sleep, and the VUs are busy the whole test", () => {
    // Independent of the app tier's counters: the workload's own law (think time Z = k6.sleepS).
    // Each VU runs iterations back to back until the duration ends, the last one finishing within
    // its own length after it, so N·duration ≤ Σ iteration times ≤ N·(duration + longest iteration).
    const sleepMs = 1000 * num(params.k6.sleepS);
    fc.assert(
      fc.property(scenarioArb, (flags) => {
        const s = feedScenario(flags);
        const run = simulateFeed(s, params);
        const m = run.summary.metrics;
        const vus = Number(flags.vus);
        const durationMs = s.durationNs / 1e6;
        // A VU cut off in its sleep has its request counted but not its iteration.
        const sleptOut = m.http_reqs.count - m.iterations.count;
        expect(sleptOut).toBeGreaterThanOrEqual(0);
        expect(sleptOut).toBeLessThanOrEqual(vus);
        expect(m.iteration_duration.min).toBeGreaterThanOrEqual(sleepMs);
        if (sleptOut === 0) expect(m.iteration_duration.avg).toBeCloseTo(m.http_req_duration.avg + sleepMs, 6);
        const busyMs = m.iterations.count * m.iteration_duration.avg;
        const cut = run.ledger.interrupted + run.ledger.pending + sleptOut;
        expect(busyMs).toBeGreaterThanOrEqual((vus - cut) * durationMs * (1 - 1e-9));
        expect(busyMs).toBeLessThanOrEqual(vus * (durationMs + m.iteration_duration.max) * (1 + 1e-9));
      }),
      { numRuns: 30 },
    );
  });

  it('one VU on SQLite sees the closed form: CPU + (1 + fanout) statements × the per-commit cost + two trips, within its own noise', () => {
    const s = feedScenario({ db: 'sqlite', vus: '1', duration: '20s', fanout: '100', tasks: '1', 'task-vcpu': '2' });
    const run = simulateFeed(s, params);
    const speed = params.app.cpuSpeed['fargate-1vcpu'].value;
    const a = params.app;
    const requestMs = num(a.requestUs) / speed / 1000;
    const expectedMs = requestMs + (101 * num(a.createUs)) / speed / 1000 + (101 * num(params.sqlite.statementUs)) / 1000 + (2 * num(params.network.clientToAppUs)) / 1000;
    // The only random part is the per-request CPU, exponential with mean requestMs: the mean of n
    // requests strays by requestMs / √n (0.05% here). Four of those; one statement more or less is 1%.
    const n = run.summary.metrics.http_reqs.count;
    expect(n).toBeGreaterThan(10);
    expect(Math.abs(run.summary.metrics.http_req_duration.avg - expectedMs)).toBeLessThanOrEqual((4 * requestMs) / Math.sqrt(n));
    expect(run.ledger.failed).toBe(0);
  });

  it('a sync worker busy past the 30 s time-out is killed (502); gthread workers are not', () => {
    // Fan-out 12,000 statements ≈ 72 s of SQLite per request: every request overruns both time-outs.
    // Two tasks of one worker each: each file has one writer, so no request meets the busy timeout.
    const base = { db: 'sqlite', vus: '2', duration: '40s', fanout: '12000', tasks: '2', workers: '1' };
    const sync = simulateFeed(feedScenario({ ...base, threads: '1' }), params);
    const gthread = simulateFeed(feedScenario({ ...base, threads: '2' }), params);
    // Every sync request is killed at 30 s: each one a 502, none succeeds.
    expect(sync.ledger.issued).toBeGreaterThan(1);
    expect(sync.server.byOutcome['worker-timeout']).toBe(sync.ledger.issued);
    expect(sync.ledger.byStatus['502']).toBe(sync.ledger.issued);
    // gthread workers keep running them: k6 gives up at its 60 s time-out instead (status 0).
    expect(gthread.server.byOutcome['worker-timeout'] ?? 0).toBe(0);
    expect(gthread.ledger.timedOut).toBe(gthread.ledger.failed);
    expect(gthread.ledger.byStatus['0']).toBe(gthread.ledger.issued);
  });

  it('a full pool makes requests wait, then fail at the acquire time-out instead of 1040', () => {
    const run = simulateFeed(feedScenario({ db: 'mysql', vus: '200', duration: '10s', fanout: '500', 'db-conn': 'pool', 'pool-size': '1', 'pool-timeout': '1s', workers: '2', threads: '32' }), params);
    // One connection for 200 VUs: most requests wait past the 1 s acquire time-out, and every
    // failure is one of those (a 500), none a 1040.
    expect(run.server.byOutcome['pool-timeout']).toBe(run.ledger.failed);
    expect(run.ledger.byStatus['500']).toBe(run.ledger.failed);
    expect(run.ledger.failed).toBeGreaterThan(10 * run.ledger.succeeded);
    expect(run.server.byOutcome.created).toBe(run.ledger.succeeded);
    expect(run.database.refused1040).toBe(0);
  });

  it("a 1040 page's traceback query takes a free connection, and the requests that could have succeeded lose it", () => {
    // The low limit on this machine, as calibration/feed/error-page-trace.sh measured it.
    const flags = { db: 'mysql', vus: '100', duration: '15s', fanout: '50', 'max-connections': '10', tasks: '1', 'task-vcpu': '1', workers: '3', threads: '32', profile: ['app=local', 'db=local'] };
    const runs = (queries: boolean) => {
      const p = structuredClone(params);
      if (!queries) p.app.errorPageQueryAt.value = p.app.errorLogQueryAt.value = 0;
      return ['1', '2', '3'].map((seed) => simulateFeed(feedScenario({ ...flags, seed }), p));
    };
    const created = (run: ReturnType<typeof simulateFeed>): number => run.server.byOutcome.created ?? 0;
    const queried = runs(true);
    const never = runs(false);
    // Without the query only the requests' own connections are admitted: each succeeds or is still
    // in flight at the end (at most 10). With it, pages are admitted too.
    const sum = (runs: ReturnType<typeof simulateFeed>[], f: (r: ReturnType<typeof simulateFeed>) => number): number => runs.reduce((a, r) => a + f(r), 0);
    const notSucceeded = (r: ReturnType<typeof simulateFeed>): number => Number(r.database.admitted) - created(r);
    for (const run of never) expect(notSucceeded(run)).toBeLessThanOrEqual(10);
    expect(sum(queried, notSucceeded)).toBeGreaterThan(sum(never, notSucceeded));
    expect(sum(queried, created)).toBeLessThan(sum(never, created));
  }, 240_000);

  it("the bundled app logs each 500 under its worker process's lock, so a process logs one failure at a time", () => {
    // Cheap pages and a costly log on 4 vCPUs: the log lock, not the CPU, limits the failures.
    const p = structuredClone(params);
    p.app.errorPageMeasuredUs.value = 1000;
    p.app.errorLogUs.value = 100_000;
    p.app.errorPageQueryAt.value = p.app.errorLogQueryAt.value = 0;
    const run = (workers: string, app: string) =>
      simulateFeed(feedScenario({ db: 'mysql', vus: '60', duration: '10s', fanout: '50', 'max-connections': '1', tasks: '1', 'task-vcpu': '4', workers, threads: '32', profile: [`app=${app}`, 'db=local'] }), p);
    const failures = (workers: string): number => run(workers, 'local').server.byOutcome['error-1040'] ?? 0;
    // One process logs at most one failure per 100 ms of CPU at the local speed (1), until the
    // last iteration has ended.
    const single = run('1', 'local');
    const one = single.server.byOutcome['error-1040'] ?? 0;
    expect(one).toBeLessThanOrEqual(Math.ceil(toSeconds(single.durationNs) / 0.1));
    expect(failures('4')).toBeGreaterThan(2 * one);
    expect(single.resources.map((r) => r.name)).toContain('app task 1 logging locks');
    // Where Django logs to the console (the write-up's DEBUG on), nothing queues for that lock.
    const cloud = run('1', 'fargate-1vcpu');
    expect(cloud.server.byOutcome['error-1040'] ?? 0).toBeGreaterThan(2 * one);
    expect(cloud.resources.map((r) => r.name)).not.toContain('app task 1 logging locks');
  }, 240_000);

  it('with the feed in Celery, the backlog keeps draining after the load stops, and every fan-out is done', () => {
    const p = predictFeed(small({ db: 'redis-celery', vus: '60', duration: '10s', fanout: '500', 'celery-tasks': '1' }));
    const c = p.celery!;
    expect(c.enqueued).toBe(p.server.byOutcome.created);
    expect(c.backlogAtEndOfTest).toBeGreaterThan(c.enqueued / 2);
    // The worker drains the backlog at the rate it kept during the 10 s test.
    const perS = c.fannedOutDuringTest / 10;
    expect(c.drainedAfterS).toBeGreaterThan((0.9 * c.backlogAtEndOfTest) / perS);
    expect(c.drainedAfterS).toBeLessThan((1.1 * c.backlogAtEndOfTest) / perS);
  });

  it('with chunks of friends, a post is ceil(fanout / chunk) task messages, and the drain series ends empty', () => {
    const p = predictFeed(small({ db: 'redis-celery', vus: '20', duration: '5s', fanout: '250', 'celery-chunk': '100', 'celery-tasks': '1' }));
    expect(p.celery!.enqueued).toBe(3 * p.server.byOutcome.created!);
    const after = p.series.celery_backlog_after_test;
    expect(after.length).toBeGreaterThan(0);
    expect(after[after.length - 1]).toBe(0);
  });

  it('on the local profiles the Celery workers share one core with Redis: more other work per post drains later', () => {
    const local = (other: number) => {
      const q = structuredClone(params);
      q.celery.localCoreOtherUs.value = other;
      const s = feedScenario({ db: 'redis-celery', vus: '60', duration: '10s', fanout: '1000', tasks: '1', 'task-vcpu': '1', workers: '3', 'celery-tasks': '1', 'celery-vcpu': '1', 'celery-concurrency': '2', profile: ['app=local', 'db=local', 'redis=local'] });
      return simulateFeed(s, q);
    };
    const none = local(0);
    const some = local(5000);
    expect(none.resources.map((r) => r.name)).toContain('Redis CPU');
    expect(some.celery!.drainedAfterS!).toBeGreaterThan(none.celery!.drainedAfterS!);
  });

  it("on the bundled app each worker process's first request imports Celery, and the first wave waits for it", () => {
    const local = (importUs: number, profile = ['app=local', 'db=local', 'redis=local']) => {
      const q = structuredClone(params);
      q.celery.localImportUs.value = importUs;
      const s = feedScenario({ db: 'redis-celery', vus: '30', duration: '10s', fanout: '100', tasks: '1', 'task-vcpu': '1', workers: '3', 'celery-tasks': '1', 'celery-vcpu': '1', 'celery-concurrency': '2', profile });
      return simulateFeed(s, q);
    };
    const max = (r: ReturnType<typeof local>): number => r.summary.metrics.http_req_duration.max;
    const without = local(0);
    const withImport = local(1_000_000);
    // Three processes import 1 s of CPU each on one core: the first wave waits well past 1 s.
    expect(max(without)).toBeLessThan(1000);
    expect(max(withImport)).toBeGreaterThan(1000 + max(without));
    // Once per process: the requests after the first wave are as fast as without it.
    expect(withImport.summary.metrics.http_req_duration.med).toBeLessThan(2 * without.summary.metrics.http_req_duration.med + 5);
    // The write-up's app is not known to import in its view: no cost in the cloud.
    expect(local(1_000_000, []).summary.metrics.http_req_duration.max).toBe(local(0, []).summary.metrics.http_req_duration.max);
  });
});

describe('USL fit', () => {
  it('recovers λ, σ, κ from exact points and places the peak', () => {
    const truth = { lambda: 2000, sigma: 0.08, kappa: 0.0004 };
    const points = [1, 2, 4, 8, 16, 32, 64, 128, 256].map((n) => ({ n, perSecond: uslThroughput(truth, n) }));
    const fit = fitUsl(points);
    expect(fit.usl.lambda).toBeCloseTo(truth.lambda, -1);
    expect(fit.usl.sigma).toBeCloseTo(truth.sigma, 3);
    expect(fit.usl.kappa / truth.kappa).toBeCloseTo(1, 2);
    expect(fit.rmsPct).toBeLessThan(0.1);
    expect(uslPeakConcurrency(fit.usl)).toBeCloseTo(Math.sqrt(0.92 / 0.0004), 0);
  });
});
