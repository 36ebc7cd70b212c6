import { describe, expect, it, vi } from 'vitest';
import { calibrateHighscore } from '../../calibration/highscore/calibrate.js';
import { flagsOfRecord, coreCount, measuredWork } from '../../calibration/highscore/runs.js';
import { validateHighscore } from '../../calibration/highscore/validate.js';
import { committedRecords, type RunRecord } from '../../calibration/records.js';
import { validate } from '../../src/config/schema.js';
import { loadHighscoreParams, type HighscoreParams } from '../../models/highscore/params.js';
import { highscoreScenario } from '../../models/highscore/flags.js';
import { simulateHighscore } from '../../models/highscore/model.js';
import { ENDPOINTS } from '../../models/highscore/costs.js';
import { CALIBRATORS } from '../../calibration/index.js';
import { heldOutFrom } from '../../calibration/records.js';
import type { ValidationRow } from '../../calibration/targets.js';

// Each case simulates minutes of Locust; on a busy shared host that takes longer than vitest's 5 s default.
vi.setConfig({ testTimeout: 120_000 });

/** Costs the synthetic runs are made with: a calibration must find them again. */
function truth(): HighscoreParams {
  const p = structuredClone(loadHighscoreParams());
  p.api.requestUs.value = 1700;
  p.api.dbCallUs.value = 220;
  p.api.itemUs.value = 9;
  p.docstore.opUs.value = 140;
  p.docstore.usPerKB.value = 11;
  p.docstore.inPlaceUsPerKB.value = 30;
  p.api.wakeUpUs.value = 400;
  p.docstore.largeDocUs.value = 15_000;
  return p;
}

/** A run record as the run helper writes one (RUNS.md), made by simulating `params`. */
function syntheticRecord(params: HighscoreParams, update: 'rmw' | 'inplace', items: number, users: number): RunRecord {
  const settings = { users: String(users), 'spawn-rate': '50', update, items: String(items), duration: '60s', workers: '1', wait: '1-5' };
  const record: RunRecord = {
    kind: 'capsim-run-record', model: 'highscore', id: `synthetic-${update}-${items}-${users}`, source: 'capsim load', createdAt: '2026-12-05T00:00:00Z',
    settings, machine: { pinning: { uvicorn: '0', postgres: '1', locust: '1' } }, duration_s: 60, metrics: {},
  };
  const run = simulateHighscore(highscoreScenario(flagsOfRecord(record), params), params);
  for (const e of ENDPOINTS) record.metrics[`http_reqs{name:${e}}`] = { count: run.stats[e].count, rate: run.stats[e].count / 60 };
  const all = run.stats.Aggregated;
  record.metrics.http_reqs = { count: all.count, rate: all.count / 60 };
  record.metrics.http_req_duration = { avg: all.avg, min: all.min, med: all.median, max: all.max, 'p(90)': all.percentile(0.9), 'p(95)': all.percentile(0.95) };
  record.resources = { server_cpu_seconds: run.work.apiCpuSeconds, db_cpu_seconds: run.work.storeCpuSeconds };
  return record;
}

describe('capsim calibrate highscore', () => {
  it('reads the run helper\'s settings (rmw/inplace, items, pinning) as predict flags', () => {
    const r = syntheticRecord(loadHighscoreParams(), 'inplace', 100, 20);
    expect(flagsOfRecord(r)).toMatchObject({ update: 'in-place', 'doc-items': '100', 'api-vcpu': '1', 'docstore-vcpu': '1', profile: 'local', 'pool-size': '20' });
    expect([coreCount('0'), coreCount('0,1'), coreCount('0-3'), coreCount('')]).toEqual([1, 2, 4, undefined]);
  });

  it('finds the costs a set of synthetic runs was made with (both update modes, four document sizes, one past docstore.largeDocKiB)', () => {
    const t = truth();
    const records = [
      syntheticRecord(t, 'rmw', 10, 40),
      syntheticRecord(t, 'rmw', 500, 40),
      syntheticRecord(t, 'rmw', 2000, 30),
      syntheticRecord(t, 'rmw', 4000, 20),
      syntheticRecord(t, 'inplace', 10, 40),
      syntheticRecord(t, 'inplace', 2000, 40),
    ];
    const { calibration, params } = calibrateHighscore(records, () => {}, loadHighscoreParams());
    expect(() => validate('calibration/highscore/report.schema.json', calibration, 'report')).not.toThrow();
    expect(calibration.notIdentified).toEqual([]);
    const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want) / want, `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
    // These runs are all light, so a request's wake-ups hardly vary: the fixed part and the per-wake-up
    // cost trade off against each other, and what must come back is their sum per request (the residuals below).
    const perRequest = (p: HighscoreParams): number => p.api.requestUs.value + p.api.dpopUs.value + 1.5 * p.api.wakeUpUs.value;
    near(perRequest(params), perRequest(t), 0.1);
    near(params.api.itemUs.value, t.api.itemUs.value, 0.03);
    near(params.docstore.usPerKB.value, t.docstore.usPerKB.value, 0.03);
    near(params.docstore.opUs.value, t.docstore.opUs.value, 0.05);
    near(params.docstore.inPlaceUsPerKB.value, t.docstore.inPlaceUsPerKB.value, 0.03);
    near(params.docstore.largeDocUs.value, t.docstore.largeDocUs.value, 0.05);
    for (const res of calibration.apiResiduals) expect(Math.abs(res.errorPct)).toBeLessThanOrEqual(3);
  });

  it('with runs of one update mode it keeps the driver cost and says so', () => {
    const t = truth();
    const records = [syntheticRecord(t, 'rmw', 10, 30), syntheticRecord(t, 'rmw', 500, 30), syntheticRecord(t, 'rmw', 2000, 20)];
    const { calibration } = calibrateHighscore(records, () => {}, loadHighscoreParams());
    expect(calibration.notIdentified).toContain('api.dbCallUs');
  });

  it('with one document size and one mode (as the first committed runs) it fits the per-item and per-KiB costs alone, and the fitted runs\' CPU comes back', () => {
    const t = truth();
    const records = [syntheticRecord(t, 'rmw', 1000, 20), syntheticRecord(t, 'rmw', 1000, 40), syntheticRecord(t, 'rmw', 1000, 60)];
    const { calibration } = calibrateHighscore(records, () => {}, loadHighscoreParams());
    expect(calibration.notIdentified).toEqual(expect.arrayContaining(['api.dbCallUs', 'api.requestUs', 'docstore.opUs']));
    for (const res of [...calibration.apiResiduals, ...calibration.storeResiduals]) expect(Math.abs(res.errorPct)).toBeLessThanOrEqual(3);
  });

  it('counts the work of a run from Locust\'s totals and each user\'s token requests: two commands per read-modify-write request, one in place, none per token', () => {
    const p = loadHighscoreParams();
    const rmw = measuredWork(syntheticRecord(p, 'rmw', 100, 10), p);
    const inplace = measuredWork(syntheticRecord(p, 'inplace', 100, 10), p);
    const tokens = 10 * p.locust.tokenRequests.value;
    expect(rmw.storeCommands).toBe(2 * (rmw.requests - tokens));
    expect(inplace.storeCommands).toBe(inplace.requests - tokens);
    expect(inplace.itemsInPython).toBe(0);
  });
});

describe('capsim validate highscore on the committed runs', () => {
  const fitted = CALIBRATORS.highscore.fittedRuns();
  const heldOut = committedRecords('highscore').filter((r) => heldOutFrom(fitted)(r.id));

  // The held-out rows themselves are judged in test/models/highscore-accuracy.test.ts.
  it('the costs are calibrated and some committed runs are held out', () => {
    expect(fitted.length).toBeGreaterThan(0);
    expect(heldOut.length).toBeGreaterThan(0);
    // Calibration and validation never share a run.
    expect(heldOut.filter((r) => fitted.includes(r.id))).toEqual([]);
  });
});
