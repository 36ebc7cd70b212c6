import { describe, expect, it } from 'vitest';
import { committedRecords } from '../../calibration/records.js';
import { chatScenario } from '../../models/chat/flags.js';
import { loadChatParams } from '../../models/chat/params.js';
import { simulateChat } from '../../models/chat/model.js';

const params = loadChatParams();
const base = params.redis.publishBaseUs.value;
const perCopy = params.redis.publishPerSubscriberUs.value;

describe('chat: Redis CPU', () => {
  it('is one PUBLISH cost per message plus one copy cost per subscribed connection: a copy per member, or per task', () => {
    const flags = { users: '30', interval: '500ms', session: '3s', iterations: '1', profile: ['app=local', 'redis=local'], seed: '2' };
    for (const [subscription, tasks] of [['per-connection', '2'], ['per-process', '3']] as const) {
      const run = simulateChat(chatScenario({ ...flags, subscription, tasks }), params);
      const { publishes, copies, cpuSeconds } = run.redisWork;
      // Messages still on their way to Redis when the test ends are sent but not yet published.
      const sent = run.summary.metrics.ws_msgs_sent.count;
      expect(publishes).toBeLessThanOrEqual(sent);
      expect(publishes).toBeGreaterThan(0.9 * sent);
      // per-connection: Redis copies each message to every member subscribed when it ran (the
      // deliveries owed); per-process: to each task's one subscription.
      expect(copies).toBe(subscription === 'per-connection' ? run.delivery.expected : publishes * Number(tasks));
      // The local Redis core is the calibration machine's (speed 1). The two may differ by at most
      // one command: the one running when the test ends (its CPU counted, its copies not), and a
      // command's cost counts the subscribers when it was queued, its copies those when it ran.
      const oneCommand = base + perCopy * 30;
      expect(Math.abs(cpuSeconds * 1e6 - (publishes * base + copies * perCopy))).toBeLessThan(oneCommand);
    }
  });

  // The costs were fitted (non-negative least squares) to the measured Redis CPU seconds of these
  // runs; params.json records the fit's residual (median 22.4%). A model whose copy cost doubled
  // would miss the runs with many copies by 70% (chat-n50-i500ms-pc-b100: 0.42 s measured).
  it('reproduces the measured Redis CPU seconds of the runs its costs were fitted to, as the fit did', () => {
    const fitted = new Set(params.redis.publishPerSubscriberUs.provenance.fittedTo);
    const runs = committedRecords('chat').filter((r) => fitted.has(r.id) && r.resources?.redis_cpu_seconds !== undefined);
    expect(runs.length).toBe(fitted.size);
    const errors = runs.map((r) => {
      const predicted = simulateChat(chatScenario({ ...r.settings, seed: '1' }), params).redisWork.cpuSeconds;
      return { id: r.id, pct: (100 * (predicted - r.resources!.redis_cpu_seconds!)) / r.resources!.redis_cpu_seconds! };
    });
    const sorted = errors.map((e) => Math.abs(e.pct)).sort((a, b) => a - b);
    const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
    expect(median).toBeLessThan(25);
    // The runs with the most copies per second carry the copy cost: those are held within 5%.
    for (const id of ['chat-n30-i500ms-pc-b100', 'chat-n50-i1s-pc-b100', 'chat-n50-i500ms-pc-b100']) {
      expect(Math.abs(errors.find((e) => e.id === id)!.pct)).toBeLessThan(5);
    }
  });
});
