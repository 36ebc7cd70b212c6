import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nonNegativeLeastSquares } from '../../calibration/least-squares.js';
import { calibrateChat } from '../../calibration/chat/calibrate.js';
import type { RunRecord } from '../../calibration/records.js';
import { chatScenario } from '../../models/chat/flags.js';
import { loadChatParams, type ChatParams, type Param } from '../../models/chat/params.js';
import { simulateChat } from '../../models/chat/model.js';

/** A run record as capsim load would write it, for a run simulated with `costs`: the fit's input with known answers. */
function syntheticRecords(settings: Array<Record<string, string | string[]>>, costs: ChatParams, prefix: string): RunRecord[] {
  return settings.map((s, i) => {
    const run = simulateChat(chatScenario(s), costs);
    return {
      kind: 'capsim-run-record', model: 'chat', id: `${prefix}-${i}`, source: 'capsim load', createdAt: '', settings: s, machine: {},
      duration_s: run.durationNs / 1e9, metrics: run.summary.metrics,
      resources: { server_cpu_seconds: run.appWork.cpuSeconds, redis_cpu_seconds: run.redisWork.cpuSeconds },
    };
  });
}

describe('nonNegativeLeastSquares', () => {
  it('recovers the coefficients of exact linear data', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }), (beta) => {
        const rows = Array.from({ length: 8 }, (_, i) => [1 + i, (i * 7) % 5 + 1, (i * i) % 11 + 2]);
        const y = rows.map((r) => r.reduce((a, x, j) => a + x * beta[j], 0));
        const fit = nonNegativeLeastSquares(rows, y);
        fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(beta[j], 6));
        expect(fit.rms).toBeLessThan(1e-6);
      }),
      { numRuns: 30 },
    );
  });

  it('never returns a negative cost', () => {
    const rows = [[1, 2], [2, 1], [3, 3], [4, 1]];
    const y = [-1, 5, 4, 10]; // unconstrained fit gives the first coefficient a negative sign
    expect(Math.min(...nonNegativeLeastSquares(rows, y).coefficients)).toBeGreaterThanOrEqual(0);
  });
});

describe('calibrateChat', () => {
  it('from runs simulated with known costs, predicts a held-out saturated run as the known costs do', () => {
    const truth: ChatParams = structuredClone(loadChatParams());
    // A read cost large enough to matter, so recovering it is a test of the fit.
    (truth.app.readUs as Param).value = 20;
    const local = { session: '4s', iterations: '1', profile: ['app=local', 'redis=local'], 'message-bytes': '100', seed: '1' };
    const settings = ([
      { users: '10', interval: '1s' },
      { users: '20', interval: '500ms' },
      { users: '30', interval: '250ms' },
      { users: '20', interval: '500ms', subscription: 'per-process' },
      { users: '40', interval: '250ms', subscription: 'per-process' },
      { users: '40', interval: '1s' },
    ] as Array<Record<string, string>>).map((s): Record<string, string | string[]> => ({ ...s, ...local }));
    const records = syntheticRecords(settings, truth, 'synthetic');
    const start: ChatParams = structuredClone(truth);
    for (const k of ['readUs', 'parseUs', 'writeUs', 'inboundUs']) (start.app[k] as Param).value *= 1.6;
    const { calibration, params } = calibrateChat(records, () => {}, start);
    // The fitted costs start from the same point whatever the saved ones are: the records alone decide.
    const elsewhere: ChatParams = structuredClone(truth);
    for (const k of ['readUs', 'parseUs', 'writeUs', 'inboundUs']) (elsewhere.app[k] as Param).value *= 0.4;
    for (const k of ['publishBaseUs', 'publishPerSubscriberUs'] as const) elsewhere.redis[k].value *= 3;
    const again = calibrateChat(records, () => {}, elsewhere).calibration;
    expect([again.app, again.redis]).toEqual([calibration.app, calibration.redis]);
    // The fit is for the runs' CPU, the per-delivery cost that sets saturation, and runs past it.
    expect(Math.max(...calibration.appResiduals.map((r) => Math.abs(r.errorPct)))).toBeLessThan(3);
    const perDelivery = (p: ChatParams) => (p.app.parseUs as Param).value + (p.app.writeUs as Param).value;
    expect(perDelivery(params) / perDelivery(truth)).toBeGreaterThan(0.95);
    expect(perDelivery(params) / perDelivery(truth)).toBeLessThan(1.05);
    expect((params.app.readUs as Param).value / (truth.app.readUs as Param).value).toBeCloseTo(1, 1);
    expect(calibration.redis.publishPerSubscriberUs).toBeCloseTo((truth.redis.publishPerSubscriberUs as Param).value, 2);
    const heldOut = chatScenario({ ...local, users: '100', interval: '100ms' });
    const expected = simulateChat(heldOut, truth);
    const predicted = simulateChat(heldOut, params);
    expect(predicted.summary.metrics.ws_msgs_received.count / expected.summary.metrics.ws_msgs_received.count).toBeCloseTo(1, 1);
    expect(predicted.appWork.cpuSeconds / expected.appWork.cpuSeconds).toBeCloseTo(1, 1);
  }, 240_000);
});

describe('calibrateChat across message sizes', () => {
  it('separates the cost per message from the cost per byte when the runs span sizes', () => {
    const truth: ChatParams = structuredClone(loadChatParams());
    (truth.app.parsePerKBUs as Param).value = 6;
    (truth.app.writePerKBUs as Param).value = 9;
    const local = { session: '4s', iterations: '1', profile: ['app=local', 'redis=local'], seed: '1' };
    const settings = ([
      { users: '20', interval: '500ms', 'message-bytes': '100' },
      { users: '30', interval: '250ms', 'message-bytes': '3000' },
      { users: '20', interval: '500ms', 'message-bytes': '300', subscription: 'per-process' },
      { users: '40', interval: '250ms', 'message-bytes': '3000', subscription: 'per-process' },
      { users: '40', interval: '1s', 'message-bytes': '1000' },
      { users: '10', interval: '1s', 'message-bytes': '300' },
    ] as Array<Record<string, string>>).map((s): Record<string, string | string[]> => ({ ...s, ...local }));
    const records = syntheticRecords(settings, truth, 'synthetic');
    const { calibration, params } = calibrateChat(records, () => {}, structuredClone(truth));
    expect(Object.keys(calibration.app)).toContain('writePerKBUs');
    // What a 2,000-byte delivery costs is what the truth says, though no run had that size.
    const delivery = (p: ChatParams, kB: number) =>
      (p.app.parseUs as Param).value + (p.app.writeUs as Param).value + kB * ((p.app.parsePerKBUs as Param).value + (p.app.writePerKBUs as Param).value);
    expect(delivery(params, 2) / delivery(truth, 2)).toBeGreaterThan(0.95);
    expect(delivery(params, 2) / delivery(truth, 2)).toBeLessThan(1.05);
    expect(Math.max(...calibration.appResiduals.map((r) => Math.abs(r.errorPct)))).toBeLessThan(3);
  }, 240_000);

  it('keeps the per-byte costs as given when every run has one message size', () => {
    const given: ChatParams = structuredClone(loadChatParams());
    (given.app.writePerKBUs as Param).value = 7;
    const s = { session: '4s', iterations: '1', profile: ['app=local', 'redis=local'], seed: '1', 'message-bytes': '100' };
    const settings = ([
      { users: '10', interval: '1s' },
      { users: '20', interval: '500ms' },
      { users: '20', interval: '500ms', subscription: 'per-process' },
      { users: '30', interval: '250ms' },
    ] as Array<Record<string, string>>).map((x): Record<string, string | string[]> => ({ ...s, ...x }));
    const records = syntheticRecords(settings, given, 'one-size');
    const { calibration, params } = calibrateChat(records, () => {}, given);
    expect(Object.keys(calibration.app)).not.toContain('writePerKBUs');
    expect((params.app.writePerKBUs as Param).value).toBe(7);
  }, 240_000);
});
