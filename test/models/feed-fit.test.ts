import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bestOfRounds, heldOutUsl, highConcurrencyCurve, MYSQL_HIGH_CONCURRENCY_FILE, MYSQL_SCALING_FILE, saveFeedFit, type FeedFit } from '../../models/feed/fit.js';
import { FEED_PARAMS_FILE, loadFeedParams, num, type Param } from '../../models/feed/params.js';
import { fitUsl, uslThroughput } from '../../models/feed/usl.js';
import { feedScenario } from '../../models/feed/flags.js';
import { simulateFeed } from '../../models/feed/model.js';
import { loadPublished } from '../../src/analysis/published.js';
import { projectPath } from '../../src/config/project-root.js';

// `capsim fit feed` in this process, in the parts a test can afford (test/cli runs no feed fit; the
// whole fit re-simulates case b by bisection for minutes): the curves it fits the contention law to,
// the law it gets back from the committed data, case a met by the fitted SQLite cost, and saving
// the fit into a copy of params.json.

const params = loadFeedParams();
const readJson = (file: string): any => JSON.parse(readFileSync(projectPath(file), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'capsim-feed-fit-'));
// params files are named relative to the project root.
const copy = relative(projectPath(), join(dir, 'params.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('capsim fit feed: the curves the contention law is fitted to', () => {
  it('best round per concurrency: the most throughput any round got, sorted by n', () => {
    const run = {
      rounds: [
        { flush1: [{ n: 4, perSecond: 40 }, { n: 1, perSecond: 10 }], flush2: [{ n: 1, perSecond: 99 }] },
        { flush1: [{ n: 1, perSecond: 12 }, { n: 4, perSecond: 35 }, { n: 2, perSecond: 20 }], flush2: [{ n: 2, perSecond: 5 }] },
      ],
    };
    expect(bestOfRounds(run, 'flush1')).toEqual([{ n: 1, perSecond: 12 }, { n: 2, perSecond: 20 }, { n: 4, perSecond: 40 }]);
    expect(bestOfRounds(run, 'flush2')).toEqual([{ n: 1, perSecond: 99 }, { n: 2, perSecond: 5 }]);
  });

  it('the high-concurrency curve: 1 ÷ the least server CPU per INSERT at each n, n = 1 left out', () => {
    const run = {
      rounds: [
        [{ n: 1, perSecond: 1, serverCpuUsPerInsert: 10 }, { n: 8, perSecond: 1, serverCpuUsPerInsert: 250 }, { n: 2, perSecond: 1, serverCpuUsPerInsert: 100 }],
        [{ n: 8, perSecond: 1, serverCpuUsPerInsert: 200 }, { n: 2, perSecond: 1e9, serverCpuUsPerInsert: 125 }],
      ],
    };
    // n = 2: 1e6 ÷ 100 µs = 10,000/s (its rate is not read); n = 8: 1e6 ÷ 200 µs = 5,000/s.
    expect(highConcurrencyCurve(run)).toEqual([{ n: 2, perSecond: 10_000 }, { n: 8, perSecond: 5_000 }]);
    const committed = highConcurrencyCurve(readJson(MYSQL_HIGH_CONCURRENCY_FILE));
    expect(committed[0].n).toBe(2);
    expect(committed.map((p) => p.n)).toEqual([...committed.map((p) => p.n)].sort((a, b) => a - b));
  });

  it('held out: fitted up to maxN, each point beyond it predicted by that fit with its error', () => {
    const law = { lambda: 1000, sigma: 0.1, kappa: 0.001 };
    // Exact to n = 8, then 20 % above the law at 16 and 10 % below at 32.
    const points = [1, 2, 4, 8].map((n) => ({ n, perSecond: uslThroughput(law, n) }));
    points.push({ n: 16, perSecond: 1.2 * uslThroughput(law, 16) }, { n: 32, perSecond: 0.9 * uslThroughput(law, 32) });
    const { fit, heldOut } = heldOutUsl(points, 8);
    expect(fit.points.map((p) => p.n)).toEqual([1, 2, 4, 8]);
    expect(heldOut.map((h) => h.n)).toEqual([16, 32]);
    expect(heldOut[0].measured).toBe(points[4].perSecond);
    expect(heldOut[0].predicted).toBe(uslThroughput(fit.usl, 16));
    // The fit recovers the law, so the errors are −1/6 and +1/9 of the measured, to two decimals.
    expect(heldOut.map((h) => h.errorPct)).toEqual([-16.67, 11.11]);
    expect(heldOutUsl(points, 32).heldOut).toEqual([]);
  });

  it('on the committed scaling runs the fit gives back the committed λ, σ, κ for both flush settings (rounded as saved)', () => {
    const scaling = readJson(MYSQL_SCALING_FILE);
    for (const flush of [1, 2] as const) {
      const { usl, points } = fitUsl(bestOfRounds(scaling, `flush${flush}`));
      const m = params.mysql;
      expect([+usl.lambda.toFixed(1), +usl.sigma.toFixed(5), +usl.kappa.toPrecision(4)], `flush ${flush}`).toEqual([num(m[`flush${flush}Lambda`]), num(m[`flush${flush}Sigma`]), num(m[`flush${flush}Kappa`])]);
      // And says so in the provenance: fitted to these concurrencies.
      expect((m[`flush${flush}Lambda`] as Param).provenance.fittedTo).toEqual([`local autocommit INSERT throughput at ${points.map((p) => p.n).join(', ')} connections, innodb_flush_log_at_trx_commit=${flush}`]);
    }
  });
});

describe('capsim fit feed: case a and saving', () => {
  it('case a: the fitted SQLite cost makes the two files write the published 0.646 posts/s (within the bisection’s 0.1 %)', () => {
    const a = loadPublished('models/feed/published.json').cases.find((c) => c.case === 'a')!;
    const s = feedScenario(a.flags);
    const run = simulateFeed(s, params);
    const rows = Array.from({ length: s.tasks }, (_, i) => run.database[`sqliteFile${i + 1}Rows`] as number).reduce((x, y) => x + y, 0);
    const postsPerS = rows / (1 + s.fanout) / (run.durationNs / 1e9);
    expect(Math.abs(postsPerS / a.published!['http_reqs.rate'] - 1)).toBeLessThan(1e-3);
    expect((params.sqlite.statementUs as Param).provenance.kind).toBe('fitted');
  });

  it('saving writes every fitted value with provenance naming what it was fitted to and its residual, into the file named', () => {
    copyFileSync(projectPath(FEED_PARAMS_FILE), projectPath(copy));
    const before = loadFeedParams(copy);
    const law = (lambda: number) => ({ lambda, sigma: 0.123456, kappa: 0.000123456 });
    const usl = (lambda: number) => ({ usl: law(lambda), points: [1, 2, 4].map((n) => ({ n, measured: 10 * n + 0.4, fitted: 10 * n, errorPct: 1 })), rmsPct: 2.345 });
    const fit: FeedFit = {
      usl: { flush1: usl(1234.56), flush2: usl(4321.04) },
      sqliteStatementUs: 4321,
      dbSpeed: 0.9876,
      appSpeed: 1.2345,
      residuals: {
        'a: posts written per s (both files)': { published: 0.646, predicted: 0.6461, errorPct: 0.02 },
        'b: succeeded requests (seed 1)': { published: 3036, predicted: 3000, errorPct: -1.19 },
        'b: http_reqs.count (seed 1)': { published: 19611, predicted: 19600, errorPct: -0.06 },
      },
    };
    saveFeedFit(fit, copy);
    const after = loadFeedParams(copy);
    const m = after.mysql;
    expect([num(m.flush1Lambda), num(m.flush1Sigma), num(m.flush1Kappa), num(m.flush2Lambda)]).toEqual([1234.6, 0.12346, 0.0001235, 4321]);
    const lambda1 = m.flush1Lambda as Param;
    expect(lambda1.unit).toBe('INSERTs/s at 1 connection (local MariaDB)');
    expect(lambda1.provenance).toMatchObject({
      kind: 'fitted',
      fittedTo: ['local autocommit INSERT throughput at 1, 2, 4 connections, innodb_flush_log_at_trx_commit=1'],
      residual: 'rms 2.3% over the points; 1: 10/10, 2: 20/20, 4: 40/40 (measured/fitted per s)',
    });
    expect(lambda1.provenance.source).toMatch(/^capsim fit feed: USL least squares on log throughput \(λ, one connection alone\) to models\/feed\/mysql-scaling\.json /);
    expect((m.flush2Kappa as Param).provenance.fittedTo).toEqual(['local autocommit INSERT throughput at 1, 2, 4 connections, innodb_flush_log_at_trx_commit=2']);
    expect([(m.flush2Sigma as Param).unit, (m.flush2Kappa as Param).unit]).toEqual(['USL contention σ', 'USL coherency κ']);
    expect((m.flush1Sigma as Param).provenance.source).toContain('(σ, the serialised share)');
    expect((m.flush2Kappa as Param).provenance.source).toContain('(κ, the crosstalk that makes throughput fall past the peak)');
    // What each case-fitted value was fitted to, and in what unit.
    expect(after.sqlite.statementUs).toMatchObject({ unit: 'µs per autocommit INSERT (file lock held: write + journal fsyncs)', provenance: { fittedTo: ['seed feed case a: http_reqs 124 (0.646/s), read as the write throughput of the two SQLite files'] } });
    expect(after.mysql.speed['t4g.medium'].provenance.fittedTo).toEqual(['seed feed case b: checks 15.48% of 19,611 requests = 3,036 succeeded']);
    expect(after.app.cpuSpeed['fargate-1vcpu'].unit).toBe("× this machine's core");
    for (const p of [after.sqlite.statementUs as Param, after.mysql.speed['t4g.medium'], after.app.cpuSpeed['fargate-1vcpu']]) expect(p.provenance.source).toMatch(/^capsim fit feed: /);
    expect(after.sqlite.statementUs).toMatchObject({ value: 4321, provenance: { kind: 'fitted', residual: 'a: posts written per s (both files): published 0.646, predicted 0.6461 (0.02%)' } });
    expect(after.mysql.speed['t4g.medium']).toMatchObject({ value: 0.9876, unit: '× the local MariaDB', provenance: { kind: 'fitted', residual: 'b: succeeded requests (seed 1): published 3036, predicted 3000 (-1.19%)' } });
    expect(after.app.cpuSpeed['fargate-1vcpu']).toMatchObject({ value: 1.2345, provenance: { kind: 'fitted', fittedTo: ['seed feed case b: http_reqs 19,611'], residual: 'b: http_reqs.count (seed 1): published 19611, predicted 19600 (-0.06%)' } });
    // Nothing else moved.
    const fitted = ['flush1Lambda', 'flush1Sigma', 'flush1Kappa', 'flush2Lambda', 'flush2Sigma', 'flush2Kappa'];
    const rest = (p: typeof before) => ({
      ...p,
      mysql: { ...Object.fromEntries(Object.entries(p.mysql).filter(([k]) => !fitted.includes(k))), speed: { ...p.mysql.speed, 't4g.medium': null } },
      sqlite: { ...p.sqlite, statementUs: null },
      app: { ...p.app, cpuSpeed: { ...p.app.cpuSpeed, 'fargate-1vcpu': null } },
    });
    expect(rest(after)).toEqual(rest(before));
    // The committed file is untouched.
    expect(readFileSync(projectPath(FEED_PARAMS_FILE), 'utf8')).not.toContain('0.9876');
  });
});
