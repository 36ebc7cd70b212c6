import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES, ktbScenario, parseStages, stepStages } from '../../models/ktb-chat/flags.js';
import { ktbChatModel, type KtbPrediction } from '../../models/ktb-chat/index.js';
import { ktbText } from '../../models/ktb-chat/text.js';
import { ktbCharts } from '../../models/ktb-chat/charts.js';
import { ktbChatPlan } from '../../models/ktb-chat/plan.js';
import { loadKtbParams } from '../../models/ktb-chat/params.js';
import { UsageError } from '../../src/cli/usage-error.js';

// What `capsim predict ktb-chat` reads and prints, and what plan and sweep charts take from a
// prediction: each flag reaches the scenario, each figure printed is the prediction's own.

const params = loadKtbParams();
const S = 1e9;

describe('ktb-chat flags', () => {
  it('defaults: the write-up’s ramp (100 users, +100 every 30 s to 5,000) on 20 × 5 containers, the stated assumptions', () => {
    const s = ktbScenario({});
    expect(s.startUsers).toBe(100);
    expect(s.stages).toHaveLength(49);
    expect(s.stages[0]).toEqual({ durationNs: 30 * S, target: 200 });
    expect(s.stages[48]).toEqual({ durationNs: 30 * S, target: 5000 });
    expect(s).toMatchObject({ gracefulRampDownNs: 30 * S, instances: 20, containers: 5, appShare: 1, redisMasters: 5, adapter: 'classic', creditMode: 'unlimited', seed: 1 });
    expect(s.appCores).toBe(s.appProfile.vcpus);
    expect([s.appProfile.name, s.redisProfile.name]).toEqual([DEFAULT_PROFILES.app, DEFAULT_PROFILES.redis]);
    expect(s.initialCredits).toBe(params.cloud.initialCredits.value);
    expect(s.user).toEqual({ roomSize: params.user.roomSize.value, intervalNs: params.user.intervalS.value * S, messageBytes: params.user.messageBytes.value, historyShare: params.user.historyShare.value });
    expect(s.deadlineNs).toBe(params.failure.deadlineMs.value * 1e6);
    // yargs' defaults say the same.
    expect(['start-users', 'step-users', 'step-every', 'max-users', 'instances', 'containers', 'redis-masters', 'adapter', 'credit-mode'].map((f) => ktbChatModel.flags[f].default)).toEqual(['100', '100', '30s', '5000', '20', '5', '5', 'classic', 'unlimited']);
  });

  it('every flag given reaches the scenario', () => {
    const s = ktbScenario({
      'start-users': '10', 'step-users': '20', 'step-every': '5s', 'max-users': '50', 'graceful-ramp-down': '2s', instances: '3', containers: '2', 'app-cores': '1', 'app-share': '0.5',
      'redis-masters': '4', adapter: 'sharded', 'credit-mode': 'standard', 'initial-credits': '576', 'room-size': '7', interval: '3s', 'message-bytes': '99', 'history-share': '0', deadline: '250ms', seed: '8',
    });
    expect(s.stages).toEqual([{ durationNs: 5 * S, target: 30 }, { durationNs: 5 * S, target: 50 }]);
    expect(s).toMatchObject({ startUsers: 10, gracefulRampDownNs: 2 * S, instances: 3, containers: 2, appCores: 1, appShare: 0.5, redisMasters: 4, adapter: 'sharded', creditMode: 'standard', initialCredits: 576, deadlineNs: 0.25 * S, seed: 8 });
    expect(s.user).toEqual({ roomSize: 7, intervalNs: 3 * S, messageBytes: 99, historyShare: 0 });
    // Explicit stages replace the steps, and then --max-users below --start-users is no error.
    expect(ktbScenario({ stages: '1s:5', 'max-users': '1' }).stages).toEqual([{ durationNs: S, target: 5 }]);
  });

  it('the step ramp: +step every period up to max, the last stage clipped to max, none past it', () => {
    expect(stepStages(100, 100, S, 300).map((s) => s.target)).toEqual([200, 300]);
    expect(stepStages(100, 100, S, 250).map((s) => s.target)).toEqual([200, 250]);
    expect(stepStages(100, 100, S, 201).map((s) => s.target)).toEqual([200, 201]);
    expect(stepStages(100, 100, S, 100)).toEqual([]);
    expect(stepStages(1, 1, 2 * S, 2)).toEqual([{ durationNs: 2 * S, target: 2 }]);
  });

  it('explicit stages: duration:target pairs, spaces allowed, targets up to 100,000', () => {
    expect(parseStages('30s:200, 1m:300')).toEqual([{ durationNs: 30 * S, target: 200 }, { durationNs: 60 * S, target: 300 }]);
    expect(parseStages(' 10s : 100000 ')).toEqual([{ durationNs: 10 * S, target: 100_000 }]);
    for (const bad of ['', '  ', '30s', '30s:', 'x:5', '30s:5x', '30s:100001', '30s:-1', 30]) {
      expect(() => parseStages(bad)).toThrow(new UsageError(`--stages must be duration:target pairs such as 30s:200,30s:300, got ${JSON.stringify(bad)}`));
    }
  });

  it.each([
    [{ 'app-cores': '3' }, '--app-cores must be a whole number from 1 to 2'],
    [{ 'app-share': '0' }, '--app-share must be above 0, got "0"'],
    [{ 'app-share': '1.5' }, '--app-share must be a number from 0 to 1, got "1.5"'],
    [{ 'history-share': '-0.1' }, '--history-share must be a number from 0 to 1'],
    [{ 'history-share': 'half' }, '--history-share must be a number from 0 to 1'],
    [{ 'initial-credits': '576.5' }, '--initial-credits must be a number from 0 to 576, got "576.5"'],
    [{ 'initial-credits': 'x' }, '--initial-credits must be a number from 0 to 576'],
    // Plain decimals only: no sign, exponent or hex that Number() would take.
    [{ 'history-share': '+0.5' }, '--history-share must be a number from 0 to 1, got "+0.5"'],
    [{ 'app-share': '1e-1' }, '--app-share must be a number from 0 to 1, got "1e-1"'],
    [{ 'initial-credits': '+5' }, '--initial-credits must be a number from 0 to 576, got "+5"'],
    [{ 'initial-credits': '5e1' }, '--initial-credits must be a number from 0 to 576, got "5e1"'],
    [{ 'initial-credits': '0x10' }, '--initial-credits must be a number from 0 to 576, got "0x10"'],
    [{ 'max-users': '100', 'start-users': '100' }, '--max-users must be above --start-users for the ramp to have a stage'],
    [{ 'max-users': '99' }, '--max-users must be at least --start-users (100), got 99'],
    [{ instances: '1001' }, '--instances must be a whole number from 1 to 1,000'],
    [{ containers: '65' }, '--containers must be a whole number from 1 to 64'],
    [{ 'redis-masters': '101' }, '--redis-masters must be a whole number from 1 to 100'],
    [{ 'credit-mode': 'burst' }, '--credit-mode must be one of standard, unlimited'],
    [{ 'message-bytes': String((1 << 20) + 1) }, '--message-bytes must be a whole number from 1 to 1,048,576'],
    [{ deadline: '0s' }, '--deadline must be a duration'],
  ])('%j is bad input, named', (flags, message) => {
    expect(() => ktbScenario(flags)).toThrow(UsageError);
    expect(() => ktbScenario(flags)).toThrow(message);
  });

  it('the limits themselves are accepted', () => {
    const s = ktbScenario({ 'app-cores': '2', 'app-share': '1', 'history-share': '1', 'initial-credits': '0', instances: '1000', containers: '64', 'redis-masters': '100' });
    expect([s.appCores, s.appShare, s.user.historyShare, s.initialCredits, s.instances, s.containers, s.redisMasters]).toEqual([2, 1, 1, 0, 1000, 64, 100]);
    expect(ktbScenario({ 'max-users': '101' }).stages.map((x) => x.target)).toEqual([101]);
    // Shares and credits as plain decimals, a leading dot and spaces allowed.
    const d = ktbScenario({ 'app-share': ' .5 ', 'history-share': '0.25', 'initial-credits': '12.5' });
    expect([d.appShare, d.user.historyShare, d.initialCredits]).toEqual([0.5, 0.25, 12.5]);
  });
});

describe('ktb-chat prediction text, charts and plan', { timeout: 120_000 }, () => {
  const flags = { instances: '1', containers: '1', interval: '250ms', 'step-every': '2s', 'start-users': '50', 'step-users': '50', 'max-users': '250', seed: '5' };
  // Simulated inside the first test that needs it, so Stryker's per-test coverage sees who ran what.
  let cached: KtbPrediction | undefined;
  const prediction = (): KtbPrediction => (cached ??= ktbChatModel.predict({ ...flags, sensitivity: true }) as KtbPrediction);
  const n = (x: number): string => x.toLocaleString('en-US');

  it('the text states the scenario, the assumptions and every figure of the prediction', () => {
    const p = prediction();
    const text = ktbChatModel.text(p);
    expect(text).toBe(ktbText(p));
    const lines = text.split('\n');
    expect(lines[0]).toBe('  capsim predict ktb-chat (simulated, seed 5): k6 ramping-vus from 50 users, stages 2s:100, 2s:150 … 2s:250 (4 stages)');
    expect(lines[1]).toBe('  ELB → 1 × t3.small × 1 containers = 1 Node.js processes; Socket.IO classic Redis adapter on a Redis Cluster of 5 masters + 5 replicas (t3.small); CPU credits unlimited, 0 at start');
    expect(lines[2]).toBe(`  assumptions (the per-user script is not published): rooms of 10, one message every 250ms per user, 200-byte messages, 50% of joins load ${params.user.historyMessages.value} messages of history; late = over 1000 ms`);
    const f = p.summary.failures;
    const d = p.delivery;
    expect(text).toContain(`  failures: ${n(f.failed_connects)} failed connects, ${n(f.disconnects)} connections dropped, ${n(f.late_messages)} messages late, ${n(f.dropped_messages)} dropped`);
    expect(text).toContain(`  delivered: of ${n(d.expected)} copies owed (sent × room size): on time ${n(d.onTime)}, late ${n(d.late)}, dropped ${n(d.dropped)}, in flight at end ${n(d.inFlight)}`);
    expect(text).toContain(`  CPU credits: app instances down to ${p.credits.app_min}, Redis nodes down to ${p.credits.redis_min}; surplus credits billed (unlimited) ${p.credits.surplus_credits}`);
    expect(text).toContain(`  max users: ${n(p.summary.max_users)} of ${n(p.summary.peak_users)} (`);
    expect(text).toContain('  sensitivity of max users to each assumption (all else as above):');
    expect(p.sensitivity).toHaveLength(8);
    for (const r of p.sensitivity!) expect(text).toContain(`     ${r.assumption.padEnd(17)} ${r.value.padStart(6)}  →  ${n(r.max_users).padStart(6)} users (`);
  });

  it('the text: stages in full up to three, failures or none, sensitivity signs, no table without --sensitivity', () => {
    const p = prediction();
    const failures = (first_failure_s: number | null, first_failure: string | null) => ({ ...p.summary.failures, first_failure_s, first_failure });
    const withFailure = { ...p, summary: { ...p.summary, max_users: 1234, peak_users: 5678, failures: failures(12, 'failed connects') } };
    expect(ktbText(withFailure)).toContain('  max users: 1,234 of 5,678 (failures from t=12 s: failed connects)');
    const without = { ...p, summary: { ...p.summary, failures: failures(null, null) }, sensitivity: null };
    expect(ktbText(without)).toContain('(no failures over the whole ramp)');
    expect(ktbText(without)).not.toContain('sensitivity');
    const three = { ...p, scenario: { ...p.scenario, stages: '1s:5,1s:6,1s:7' } };
    expect(ktbText(three).split('\n')[0]).toMatch(/, stages 1s:5,1s:6,1s:7$/);
    const rows = [
      { assumption: 'room size', value: '5', max_users: 1500, change_pct: 25 },
      { assumption: 'interval', value: '20s', max_users: 1200, change_pct: 0 },
      { assumption: 'message bytes', value: '400', max_users: 900, change_pct: -25 },
    ];
    const lines = ktbText({ ...p, sensitivity: rows }).split('\n').slice(-3);
    expect(lines).toEqual([
      '     room size              5  →   1,500 users (+25%)',
      '     interval             20s  →   1,200 users (+0%)',
      '     message bytes        400  →     900 users (-25%)',
    ]);
  });

  it('charts: delivered and owed per second, the share delivered (late included), the share of checks failed', () => {
    const p = prediction();
    const c = ktbCharts;
    expect(c.load.flag).toBe('containers');
    expect(c.delivered.value(p)).toBe(p.metrics.ws_msgs_received.rate);
    expect(c.offered!.value(p)).toBeCloseTo(p.delivery.expected / p.duration_s, 9);
    const delivery = { expected: 200, onTime: 120, late: 30, dropped: 40, inFlight: 10 };
    expect(c.deliveredRatio!({ ...p, delivery } as KtbPrediction)).toBe(0.75);
    expect(c.deliveredRatio!({ ...p, delivery: { ...delivery, expected: 0 } } as KtbPrediction)).toBe(0);
    const checks = (passes: number, fails: number) => ({ ...p, metrics: { ...p.metrics, checks: { ...p.metrics.checks, passes, fails } } }) as KtbPrediction;
    expect(c.failureRate!(checks(30, 10))).toBe(0.25);
    expect(c.failureRate!(checks(0, 0))).toBe(0);
    expect(c.offered!.value({ ...p, duration_s: 0, delivery } as KtbPrediction)).toBe(200 / 1e-9);
    const picks = c.timeline!.map((t) => t.pick(p));
    expect(picks).toEqual([
      { planned: p.series.users, connected: p.series.connected },
      { 'lowest instance': p.series.app_credits_min, mean: p.series.app_credits_mean },
      { latency: p.series.latency_ms_mean },
      { 'instance CPU': p.series.instance_cpu, 'event loop': p.series.event_loop },
      { 'failed connects': p.series.failed_connects, disconnects: p.series.disconnects, 'late messages': p.series.late },
    ]);
  });

  it('plan: held share = max ÷ peak users (1 with no users), late share of copies owed, the bill and the 30-instance cap', () => {
    const p = prediction();
    const figures = ktbChatPlan.figures!(p);
    expect(figures.max_users).toBe(p.summary.max_users);
    expect(figures.peak_users).toBe(p.summary.peak_users);
    expect(figures.held_share).toBe(p.summary.max_users / p.summary.peak_users);
    expect(figures.surplus_credits).toBe(p.credits.surplus_credits);
    const some = { ...p, summary: { ...p.summary, max_users: 300, peak_users: 400 }, delivery: { ...p.delivery, expected: 50, late: 5 } };
    expect(ktbChatPlan.figures!(some)).toMatchObject({ held_share: 0.75, late_share: 0.1 });
    const none = { ...p, summary: { ...p.summary, max_users: 0, peak_users: 0 }, delivery: { ...p.delivery, expected: 0, late: 0 } };
    expect(ktbChatPlan.figures!(none)).toMatchObject({ held_share: 1, late_share: 0 });
    expect(ktbChatPlan.caps!.instances.count({ instances: '7', 'redis-masters': '3' })).toBe(13);
    expect(ktbChatPlan.bill!({ instances: '7', 'redis-masters': '3' })).toEqual([
      { role: 'app instance', profile: 't3.small', count: 7 },
      { role: 'Redis node', profile: 't3.small', count: 6 },
    ]);
    expect(ktbChatPlan.knobs.find((k) => k.name === 'instances')!.values).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
  });

  it('parameters: every params.json entry listed with its provenance', () => {
    const lines = ktbChatModel.parameters!();
    const initial = lines.find((l) => l.name === 'cloud.initialCredits')!;
    expect(initial.value).toBe(`${params.cloud.initialCredits.value} ${params.cloud.initialCredits.unit}`);
    expect(initial.provenance).toBe(`${params.cloud.initialCredits.provenance.kind}: ${params.cloud.initialCredits.provenance.source}`);
  });
});
