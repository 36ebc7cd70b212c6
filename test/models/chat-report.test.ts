import { describe, expect, it } from 'vitest';
import { chatScenario } from '../../models/chat/flags.js';
import { loadChatParams, wireBytesPerCopy } from '../../models/chat/params.js';
import { payloadBytes, simulateChat, type ChatRun } from '../../models/chat/model.js';

const params = loadChatParams();
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const small = { users: '12', interval: '500ms', session: '3s', iterations: '2', seed: '5' };

describe('chat run report: resources, series and warnings add up to the run', () => {
  let cached: ChatRun | undefined;
  // Two tasks on Fargate, Redis on the default burstable node (cache.t4g.small), per-connection.
  const run = (): ChatRun => (cached ??= simulateChat(chatScenario({ ...small, tasks: '2' }), params));

  it('names each task, the Redis CPU and the Redis egress, with what to scale next', () => {
    const r = run();
    expect(r.resources.map((x) => [x.name, x.kind, x.queueUnit])).toEqual([
      ['app task 1 CPU', 'cpu', 'deliveries'],
      ['app task 2 CPU', 'cpu', 'deliveries'],
      ['Redis CPU', 'cpu', 'commands'],
      ['Redis egress', 'network', 'bytes queued'],
    ]);
    expect(r.resources[0].scaleNext).toMatch(/^add app tasks \(--tasks 3\)/);
    expect(r.resources[3].scaleNext).toMatch(/^subscribe once per room per process \(--subscription per-process\)/);
    expect(r.resources[3].detail).toMatch(/ packets over the allowance \(NetworkBandwidthOutAllowanceExceeded\); baseline 0\.128 Gbit\/s$/);
    const pp = simulateChat(chatScenario({ ...small, users: '3', iterations: '1', subscription: 'per-process' }), params);
    expect(pp.resources.at(-1)!.scaleNext).toBe('a Redis node with a higher network baseline, or shard rooms across nodes');
  });

  it("each figure is the run's own: CPU seconds over the run, bytes over the baseline allowance", () => {
    const r = run();
    const seconds = r.durationNs / 1e9;
    const [t1, t2, redisCpu, egress] = r.resources;
    expect(t1.utilisation + t2.utilisation).toBeCloseTo(r.appWork.cpuSeconds / seconds, 9);
    expect(t1.utilisation).toBeGreaterThan(0);
    expect(t2.utilisation).toBeGreaterThan(0);
    expect(redisCpu.utilisation).toBeCloseTo(r.redisWork.cpuSeconds / seconds, 9);
    // Every copy on the wire: framed payload + packet headers, against 0.128 Gbit/s.
    const bytes = r.redisWork.copies * wireBytesPerCopy(params, payloadBytes(params, chatScenario(small)));
    expect(egress.utilisation).toBeCloseTo((bytes * 8) / (0.128e9 * seconds), 9);
    expect(sum(r.series.redis_egress_bytes)).toBe(bytes);
  });

  it('the per-second series cover the run and sum to its counts', () => {
    const r = run();
    const seconds = Math.ceil(r.durationNs / 1e9);
    expect(Object.keys(r.series).sort()).toEqual(
      ['app_1_backlog', 'app_1_cpu', 'app_2_backlog', 'app_2_cpu', 'redis_cpu_credits', 'redis_egress_bytes', 'redis_nic_credits_bits', 'ws_msgs_received', 'ws_msgs_sent'].sort(),
    );
    for (const values of Object.values(r.series)) expect(values.length).toBe(seconds);
    expect(sum(r.series.ws_msgs_sent)).toBe(r.summary.metrics.ws_msgs_sent.count);
    expect(sum(r.series.ws_msgs_received)).toBe(r.delivery.received);
    // Seconds of CPU per second, per task (the series also holds an iteration still running at the end).
    expect(sum(r.series.app_1_cpu) + sum(r.series.app_2_cpu)).toBeCloseTo(r.appWork.cpuSeconds, 2);
    // A long-running cache node starts with its 24 hours of CPU credits (576 for 24 per hour).
    expect(r.series.redis_cpu_credits[0]).toBeCloseTo(576, 0);
    // The NIC starts with an empty credit bucket (params.json: nicInitialCredit) and earns while idle.
    expect(r.series.redis_nic_credits_bits[0]).toBeLessThan(0.128e9);
    expect(r.warnings).toEqual([]);
    expect(r.delivery.deliveredRatio).toBe(r.delivery.received / (r.summary.metrics.ws_msgs_sent.count * 12));
    expect(r.appWork.accepts).toBe(24);
    // The last close frames reach the app after k6 has ended the test.
    expect(r.appWork.closes).toBeGreaterThanOrEqual(12);
    expect(r.appWork.closes).toBeLessThanOrEqual(24);
    expect(r.engine.events).toBeGreaterThan(r.summary.metrics.ws_msgs_sent.count);
  });

  it('a capped egress is the allowance; output buffers past 32 MB per subscriber are warned about', () => {
    // 1 MB messages through 1 Mbit/s: every copy takes 8 s, so the output buffers only grow.
    const r = simulateChat(chatScenario({ users: '2', interval: '100ms', session: '3s', iterations: '1', 'message-bytes': '1000000', 'redis-egress': '1mbit', profile: ['app=local', 'redis=local'] }), params);
    expect(r.resources.at(-1)!.detail).toMatch(/baseline 0\.001 Gbit\/s$/);
    expect(r.warnings).toEqual(['Redis output buffers would pass client-output-buffer-limit pubsub 32mb: Redis would disconnect subscribers']);
    // Both subscribers' copies of ~60 messages wait in the output buffers: over 2 · 32 MiB.
    expect(r.resources.at(-1)!.maxQueue).toBeGreaterThan(2 * 32 * 2 ** 20);
    // The local Redis node has no CPU credits to chart.
    expect(r.series.redis_cpu_credits).toBeUndefined();
  });
});
