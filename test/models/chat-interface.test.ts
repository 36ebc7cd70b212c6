import { describe, expect, it } from 'vitest';
import { bitRate, chatScenario, DEFAULT_PROFILES } from '../../models/chat/flags.js';
import { chatCharts } from '../../models/chat/charts.js';
import { chatModel, predictChat, type ChatPrediction } from '../../models/chat/index.js';
import { loadChatParams } from '../../models/chat/params.js';
import { UsageError } from '../../src/cli/usage-error.js';

const params = loadChatParams();

describe('chat flags', () => {
  it('reads tc-style rates in bits per second, any case and spacing', () => {
    expect(bitRate('redis-egress', '50mbit')).toBe(50e6);
    expect(bitRate('redis-egress', '1.5gbit')).toBe(1.5e9);
    expect(bitRate('redis-egress', ' 10 KBit ')).toBe(10e3);
    expect(bitRate('redis-egress', '100bit')).toBe(100);
  });

  it.each([['50'], ['mbit'], ['0mbit'], ['-5mbit'], ['5 mbps'], ['x50mbit'], ['50mbitx']])('rejects the rate %j, naming the flag', (bad) => {
    expect(() => bitRate('redis-egress', bad)).toThrow(new UsageError(`--redis-egress must be a rate such as 50mbit or 1gbit, got ${JSON.stringify(bad)}`));
  });

  it('rejects a rate that is not a string', () => {
    expect(() => bitRate('redis-egress', 50)).toThrow('--redis-egress must be a rate such as 50mbit or 1gbit, got 50');
  });

  it('fills every setting the write-up leaves out with its documented default', () => {
    const s = chatScenario({});
    expect(s).toMatchObject({ users: 100, intervalNs: 1e9, sessionNs: 10e9, iterations: 6, tasks: 1, subscription: 'per-connection', seed: 1 });
    expect(s.messageBytes).toBeUndefined();
    expect(s.redisEgressBitsPerSec).toBeUndefined();
    expect([s.appProfile.name, s.redisProfile.name]).toEqual([DEFAULT_PROFILES.app, DEFAULT_PROFILES.redis]);
    // The yargs defaults say the same as the scenario's.
    expect([chatModel.flags.users.default, chatModel.flags.interval.default, chatModel.flags.session.default, chatModel.flags.iterations.default, chatModel.flags.tasks.default]).toEqual(['100', '1s', '10s', '6', '1']);
  });

  it('takes every flag given; a bare cache node is the Redis node, anything else the app', () => {
    const s = chatScenario({ users: '7', interval: '250ms', session: '2s', iterations: '3', tasks: '4', 'message-bytes': '200', subscription: 'per-process', profile: ['cache.t4g.medium', 'local'], 'redis-egress': '50mbit', seed: '9' });
    expect(s).toMatchObject({ users: 7, intervalNs: 250e6, sessionNs: 2e9, iterations: 3, tasks: 4, messageBytes: 200, subscription: 'per-process', redisEgressBitsPerSec: 50e6, seed: 9 });
    expect([s.appProfile.name, s.redisProfile.name]).toEqual(['local', 'cache.t4g.medium']);
  });

  it.each([
    ['users', '100001', 'users must be a whole number from 1 to 100,000'],
    ['iterations', '10001', 'iterations must be a whole number from 1 to 10,000'],
    ['tasks', '10001', 'tasks must be a whole number from 1 to 10,000'],
    ['message-bytes', String(64 * 2 ** 20 + 1), 'message-bytes must be a whole number from 1 to 67,108,864'],
    ['subscription', 'per-room', 'subscription must be one of per-connection, per-process'],
    ['interval', '0s', 'interval must be a duration'],
    ['session', 'long', 'session must be a duration'],
  ])('--%s %s is bad input, named', (flag, value, message) => {
    expect(() => chatScenario({ [flag]: value })).toThrow(UsageError);
    expect(() => chatScenario({ [flag]: value })).toThrow(`--${message}`);
  });

  it('accepts the largest values it allows', () => {
    // Each at its own limit, the others small enough to stay under the work and maxDuration bounds.
    const s = chatScenario({ users: '100000', iterations: '1', session: '1s', interval: '1s', tasks: '10000', 'message-bytes': String(64 * 2 ** 20) });
    expect([s.users, s.tasks, s.messageBytes]).toEqual([100_000, 10_000, 64 * 2 ** 20]);
    const many = chatScenario({ users: '1', iterations: '10000', session: '50ms', interval: '50ms' });
    expect(many.iterations).toBe(10_000);
  });
});

describe('chat prediction, text and charts', () => {
  const flags = { users: '20', interval: '500ms', session: '3s', iterations: '2', tasks: '2', profile: ['app=local'], seed: '3' };
  // Simulated inside the first test that needs it, so Stryker's per-test coverage sees who ran what.
  let cached: ChatPrediction | undefined;
  const prediction = (): ChatPrediction => (cached ??= predictChat(chatScenario(flags)));

  it('states the scenario it ran, with the fitted message size when none is given', () => {
    const p = prediction();
    expect(p.scenario).toEqual({
      users: 20, interval: '500ms', session: '3s', iterations: 2, tasks: 2, message_bytes: params.message.payloadBytes.value, subscription: 'per-connection',
      profiles: { app: 'local', redis: DEFAULT_PROFILES.redis }, redis_egress_bits_per_s: null, seed: 3,
    });
    const capped = predictChat(chatScenario({ ...flags, users: '2', iterations: '1', 'message-bytes': '300', 'redis-egress': '1gbit' }));
    expect([capped.scenario.message_bytes, capped.scenario.redis_egress_bits_per_s]).toEqual([300, 1e9]);
    expect(p.duration_s).toBeGreaterThan(6);
    expect(Number.isInteger(p.duration_s * 1000)).toBe(true);
  });

  it('the text names the scenario and the delivery account with its own figures', () => {
    const p = prediction();
    const text = chatModel.text(p);
    const n = (x: number) => x.toLocaleString('en-US');
    expect(text).toContain('capsim predict chat (simulated, seed 3): 20 users × 2 sessions of 3s, one message every 500ms');
    expect(text).toContain(`2 app task(s) on local, Redis on ${DEFAULT_PROFILES.redis}, per-connection subscriptions, ${n(params.message.payloadBytes.value)}-byte messages`);
    expect(text).toContain(`test duration: ${p.duration_s} s`);
    const sent = p.metrics.ws_msgs_sent.count;
    expect(text).toContain(
      `delivered: ${n(p.delivery.received)} of ${n(sent * 20)} expected (sent × users) = ${(100 * p.delivery.deliveredRatio).toFixed(1)}%; ` +
        `owed to subscribers ${n(p.delivery.expected)}: arrived after close ${n(p.delivery.afterClose)}, in flight at end ${n(p.delivery.inFlight)}`,
    );
    expect(text.split('\n')[2]).toBe('');
  });

  it('charts: delivered and offered rates, the failure share and each task by its number', () => {
    const p = prediction();
    const c = chatCharts;
    expect(c.delivered.value(p)).toBe(p.metrics.ws_msgs_received.rate);
    expect(c.offered.value(p)).toBeCloseTo(p.metrics.ws_msgs_sent.rate * 20, 9);
    expect(c.deliveredRatio(p)).toBe(p.delivery.deliveredRatio);
    const { passes, fails } = p.metrics.checks;
    expect(c.failureRate(p)).toBe(fails / (passes + fails));
    const noChecks = { ...p, metrics: { ...p.metrics, checks: { ...p.metrics.checks, passes: 0, fails: 0 } } };
    expect(c.failureRate(noChecks)).toBe(0);
    const some = { ...p, metrics: { ...p.metrics, checks: { ...p.metrics.checks, passes: 3, fails: 1 } } };
    expect(c.failureRate(some)).toBe(0.25);
    const [sent, received, backlog, nicCredits, cpuCredits] = c.timeline.map((t) => t.pick(p));
    expect(sent).toEqual({ 'sent (ws_msgs_sent)': p.series.ws_msgs_sent });
    expect(received).toEqual({ 'offered (sent × users)': p.series.ws_msgs_sent.map((x) => x * 20), 'received (ws_msgs_received)': p.series.ws_msgs_received });
    expect(backlog).toEqual({ 'app task 1': p.series.app_1_backlog, 'app task 2': p.series.app_2_backlog });
    expect(nicCredits).toEqual({ 'Redis egress credits': p.series.redis_nic_credits_bits.map((b) => b / 1e9) });
    // cache.t4g.small is burstable: its CPU credits are charted; a local Redis has none.
    expect(cpuCredits).toEqual({ 'Redis CPU credits': p.series.redis_cpu_credits });
    expect(p.series.redis_cpu_credits.length).toBeGreaterThan(0);
    const local = predictChat(chatScenario({ ...flags, users: '2', iterations: '1', profile: ['app=local', 'redis=local'] }));
    expect(c.timeline[4].pick(local)).toEqual({});
  });
});
