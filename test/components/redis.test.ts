import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/index.js';
import { RedisServer } from '../../src/components/redis.js';

const nic = (queueLimitBytes: number) => ({ baselineBitsPerSec: 8e6, burstBitsPerSec: 8e6, creditCapacityBits: 0, initialCreditBits: 0, queueLimitBytes });

describe('RedisServer', () => {
  it('every publish is sent or its copies dropped; none stalls the output', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 20_000 }), (subscribers, queueLimit) => {
        const sim = new Simulation(1);
        const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 1_000, publishPerSubscriberNs: 100, nic: nic(queueLimit) });
        let sent = 0;
        subscribers.forEach((n, i) => sim.schedule(i * 10_000, () => redis.publish(() => n, 500, () => () => n, () => sent++)));
        sim.run();
        expect(sent).toBe(subscribers.length);
        const { bytesSent } = redis.nic.stats();
        expect(bytesSent / 500 + redis.work.copiesDropped).toBe(redis.work.copies);
      }),
      { numRuns: 50 },
    );
  });

  it('copies owed to subscribers who left before the send do not use egress', () => {
    const sim = new Simulation(1);
    const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 1_000, publishPerSubscriberNs: 100, nic: nic(Infinity) });
    let live = 10;
    for (let i = 0; i < 5; i++) redis.publish(() => 10, 1_000, () => () => live, () => {});
    sim.schedule(3_000, () => (live = 2)); // the first transfer started at 2 µs; the rest still wait
    sim.run();
    // The first publish goes out whole (10 copies); the other four find 2 live subscribers each.
    expect(redis.nic.stats().bytesSent).toBe((10 + 4 * 2) * 1_000);
  });
});
