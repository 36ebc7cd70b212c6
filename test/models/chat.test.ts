import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chatScenario } from '../../models/chat/flags.js';
import { predictChat } from '../../models/chat/index.js';
import { loadChatParams } from '../../models/chat/params.js';
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
  });

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
  });

  it('a k6 session lasts its hold time plus the connect time', () => {
    const run = simulateChat(small({ profile: ['app=local'] }), params);
    const d = run.summary.metrics.ws_session_duration;
    const connect = run.summary.metrics.ws_connecting;
    expect(d.min).toBeGreaterThanOrEqual(3000);
    expect(d.avg).toBeCloseTo(3000 + connect.avg, -1);
  });
});
