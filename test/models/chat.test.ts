import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chatScenario } from '../../models/chat/flags.js';
import { predictChat } from '../../models/chat/index.js';
import { loadChatParams, wireBytesPerCopy } from '../../models/chat/params.js';
import { simulateChat } from '../../models/chat/model.js';
import { validate } from '../../src/config/schema.js';

const params = loadChatParams();
/** Small, fast scenarios: a few users, short sessions. */
const small = (flags: Record<string, unknown>) => chatScenario({ users: '20', interval: '500ms', session: '3s', iterations: '2', ...flags });

describe('chat model', () => {
  it('same inputs and seed give byte-identical JSON; another seed differs', () => {
    const a = JSON.stringify(predictChat(small({ seed: '3' })));
    const b = JSON.stringify(predictChat(small({ seed: '3' })));
    const c = JSON.stringify(predictChat(small({ seed: '4' })));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('prediction JSON validates against its schema', () => {
    expect(() => validate('models/chat/prediction.schema.json', predictChat(small({})), 'prediction')).not.toThrow();
  });

  it('conserves deliveries: sent × recipients = received + after close + in flight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('100ms', '250ms', '1s'),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('per-connection', 'per-process'),
        fc.constantFrom('app=local', 'app=fargate-1vcpu'),
        fc.integer({ min: 0, max: 1000 }),
        (users, interval, tasks, subscription, profile, seed) => {
          const s = chatScenario({ users: String(users), interval, session: '2s', iterations: '2', tasks: String(tasks), subscription, profile: [profile], seed: String(seed) });
          const run = simulateChat(s, params);
          const d = run.delivery;
          expect(d.received + d.afterClose + d.inFlight).toBe(d.expected);
          expect(d.received).toBe(run.summary.metrics.ws_msgs_received.count);
          expect(d.received).toBeLessThanOrEqual(run.summary.metrics.ws_msgs_sent.count * users);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('more app tasks never lower the delivered ratio beyond noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 80 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 100 }), (users, tasks, seed) => {
        const base = { users: String(users), interval: '250ms', session: '10s', iterations: '2', seed: String(seed) };
        const fewer = simulateChat(chatScenario({ ...base, tasks: String(tasks) }), params).delivery.deliveredRatio;
        const more = simulateChat(chatScenario({ ...base, tasks: String(tasks + 1) }), params).delivery.deliveredRatio;
        expect(more).toBeGreaterThanOrEqual(fewer - 0.02);
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  it('a faster Redis NIC never lowers the delivered ratio beyond noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 80 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 100 }), (users, tasks, seed) => {
        const base = { users: String(users), interval: '250ms', session: '10s', iterations: '2', tasks: String(tasks), seed: String(seed) };
        const slow = simulateChat(chatScenario({ ...base, profile: ['redis=cache.t4g.small'] }), params).delivery.deliveredRatio;
        const fast = simulateChat(chatScenario({ ...base, profile: ['redis=cache.r4.8xlarge'] }), params).delivery.deliveredRatio;
        expect(fast).toBeGreaterThanOrEqual(slow - 0.02);
      }),
      { numRuns: 15 },
    );
  }, 60_000);

  describe('where one resource limits delivery, adding to it delivers more, as its capacity says', () => {
    // 150 users sending once a second want 22,500 deliveries/s. One Fargate vCPU parses and writes
    // one delivery of the fitted payload in (parse + write + its bytes' share) / speed, so a task
    // delivers at most 1e6 / that per second (≈ 7,300/s with the costs of issue 21).
    const base = { users: '150', interval: '1s', session: '10s', iterations: '2' };
    const speed = params.app.cpuSpeed['fargate-1vcpu'].value;
    const us = (name: string): number => (params.app[name] as { value: number }).value;
    const kB = params.message.payloadBytes.value / 1000;
    const perTaskPerS = (1e6 * speed) / (us('parseUs') + us('writeUs') + kB * (us('parsePerKBUs') + us('writePerKBUs')));
    const demandPerS = 150 * 150;
    // Enough tasks that their cores exceed the demand.
    const enough = Math.ceil((1.15 * demandPerS) / perTaskPerS);

    it('app tasks: with the CPU the bottleneck, received/s stays under tasks × one core’s rate, 2 tasks deliver about twice 1, enough meet the demand', () => {
      const run = (tasks: number) => simulateChat(chatScenario({ ...base, tasks: String(tasks), profile: ['redis=cache.r4.8xlarge'] }), params);
      const [one, two, plenty] = [run(1), run(2), run(enough)];
      expect(one.bottleneck.resource).toBe('app task 1 CPU');
      for (const [tasks, r] of [[1, one], [2, two]] as const) {
        expect(r.delivery.received / (r.durationNs / 1e9)).toBeLessThanOrEqual(tasks * perTaskPerS);
        expect(r.delivery.deliveredRatio).toBeLessThan((tasks * perTaskPerS) / demandPerS);
      }
      // Each task serves half the users on its own core: twice the deliveries, less edge effects.
      expect(two.delivery.deliveredRatio).toBeGreaterThan(1.8 * one.delivery.deliveredRatio);
      // Cores with 15% to spare: all but the deliveries still owed at session end.
      expect(plenty.delivery.deliveredRatio).toBeGreaterThan(0.95);
    }, 60_000);

    it('Redis NIC: egress-bound delivery is the baseline allowance ÷ bytes per copy; a faster NIC lifts it to the CPUs', () => {
      const run = (redis: string) => simulateChat(chatScenario({ ...base, tasks: String(enough), profile: [`redis=${redis}`] }), params);
      const slow = run('cache.t4g.small');
      const fast = run('cache.r4.8xlarge');
      // cache.t4g.small: 0.128 Gbit/s baseline (models/profiles), each copy a framed payload on the wire.
      const copiesPerS = 0.128e9 / 8 / wireBytesPerCopy(params, params.message.payloadBytes.value);
      const slowPerS = slow.delivery.received / (slow.durationNs / 1e9);
      expect(slow.bottleneck.resource).toBe('Redis egress');
      expect(slowPerS).toBeLessThanOrEqual(copiesPerS * 1.005);
      expect(slowPerS).toBeGreaterThan(copiesPerS * 0.97);
      expect(fast.delivery.received / (fast.durationNs / 1e9)).toBeGreaterThan(2 * slowPerS);
      expect(fast.delivery.deliveredRatio).toBeGreaterThan(0.95);
    }, 60_000);
  });

  it('Redis egress past its cap reads busy, not 0%, even when no send finishes within the run', () => {
    // 200 subscribers × 10 kB: one PUBLISH's copies take ~16 s at 1 Mbit/s, longer than the run.
    const run = simulateChat(small({ users: '200', iterations: '1', 'message-bytes': '10000', 'redis-egress': '1mbit' }), params);
    const egress = run.resources.find((r) => r.name === 'Redis egress')!;
    // Idle only until the first PUBLISH (about 0.5 s of a 3.4 s run); it read 0 when only finished sends counted.
    expect(egress.utilisation).toBeGreaterThan(0.7);
    expect(egress.utilisation).toBeLessThanOrEqual(1 + 1e-9);
    expect(run.series.redis_egress_bytes.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(run.bottleneck.resource).toBe('Redis egress');
  });

  it('a k6 session lasts its hold time plus the connect time', () => {
    const run = simulateChat(small({ profile: ['app=local'] }), params);
    const d = run.summary.metrics.ws_session_duration;
    const connect = run.summary.metrics.ws_connecting;
    expect(d.min).toBeGreaterThanOrEqual(3000);
    expect(d.avg).toBeCloseTo(3000 + connect.avg, -1);
  });
});
