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

  it('a publish costs base + per-subscriber CPU at the core speed, then its copies drain at the NIC rate, in order', () => {
    const sim = new Simulation(1);
    // 8 Mbit/s = 1 byte per µs; speed 2 halves the 1,000 + 10·100 ns command.
    const redis = new RedisServer(sim, { speed: 2, publishBaseNs: 1_000, publishPerSubscriberNs: 100, nic: nic(Infinity) });
    const sent: Array<[string, number]> = [];
    const queued: number[] = [];
    // The second publish's live count exceeds its subscribers at PUBLISH time: copies are capped at 10.
    redis.publish(() => 10, 100, () => () => 10, (t) => sent.push(['a', t]));
    redis.publish(() => 10, 100, () => () => 20, (t) => sent.push(['b', t]));
    for (const t of [500, 1_500, 2_500, 1_001_500]) sim.schedule(t, () => queued.push(redis.bytesQueued));
    sim.run();
    // CPU: a runs 0–1,000 ns, b 1,000–2,000 ns. NIC: a's 1,000 bytes take 1 ms from 1,000 ns; b follows.
    expect(sent).toEqual([['a', 1_001_000], ['b', 2_001_000]]);
    expect(queued).toEqual([0, 1_000, 2_000, 1_000]);
    expect(redis.work).toEqual({ publishes: 2, copies: 20, copiesDropped: 0 });
    expect(redis.nic.stats().bytesSent).toBe(2_000);
    expect(redis.cpu.stats().busyCoreNs).toBe(2_000);
  });

  it('thousands of publishes leave in the order they ran, each once', () => {
    const sim = new Simulation(1);
    const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 10, publishPerSubscriberNs: 0, nic: nic(Infinity) });
    const order: number[] = [];
    for (let i = 0; i < 10_000; i++) redis.publish(() => 1, 1, () => () => 1, () => order.push(i));
    sim.run();
    expect(order).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(redis.bytesQueued).toBe(0);
  });

  it('a burstable node gets CPU credits', () => {
    const sim = new Simulation(1);
    const credits = { vcpus: 2, baselinePerVcpu: 0.2, creditsPerHour: 24, maxCredits: 576, initialCredits: 7 };
    expect(new RedisServer(sim, { speed: 1, publishBaseNs: 1, publishPerSubscriberNs: 0, nic: nic(Infinity), cpuCredits: credits }).cpu.creditBalance()).toBe(7);
    expect(new RedisServer(sim, { speed: 1, publishBaseNs: 1, publishPerSubscriberNs: 0, nic: nic(Infinity) }).cpu.creditBalance()).toBeUndefined();
  });

  it('a NIC busy with other traffic and a full queue refuses a publish: its copies are dropped, it counts as sent, the next fits', () => {
    const sim = new Simulation(1);
    // 1 byte per µs; at most 500 bytes may wait behind the send in transmission.
    const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 1_000, publishPerSubscriberNs: 100, nic: nic(500) });
    let otherAt = -1;
    redis.nic.send(5_000, (t) => (otherAt = t)); // on the wire from 0 to 5 ms
    const sent: Array<[string, number]> = [];
    const queued: number[] = [];
    redis.publish(() => 10, 100, () => () => 10, (t) => sent.push(['big', t])); // runs 0–2 µs: 1,000 bytes > 500
    redis.publish(() => 2, 100, () => () => 2, (t) => sent.push(['small', t])); // runs 2–3.2 µs: 200 bytes wait
    sim.at(2_500, () => queued.push(redis.bytesQueued));
    sim.run();
    expect(otherAt).toBe(5_000_000);
    expect(sent).toEqual([['big', 2_000], ['small', 5_200_000]]);
    expect(redis.work).toEqual({ publishes: 2, copies: 12, copiesDropped: 10 });
    // At 2.5 µs the refused publish has left the output buffers; the second is still running.
    expect(queued).toEqual([0]);
    expect(redis.bytesQueued).toBe(0);
    expect(redis.nic.stats()).toMatchObject({ bytesSent: 5_200, bytesDropped: 1_000, sendsDropped: 1 });
  });

  it('publishes queued behind a refused one still leave in order', () => {
    const sim = new Simulation(1);
    const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 0, publishPerSubscriberNs: 0, nic: nic(0) });
    redis.nic.send(1_000, () => {});
    const order: number[] = [];
    // Every publish runs at once (no CPU cost) while the NIC is busy and may queue nothing: all refused, in order.
    for (let i = 0; i < 5; i++) redis.publish(() => 3, 10, () => () => 3, () => order.push(i));
    sim.run();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(redis.work.copiesDropped).toBe(15);
    expect(redis.nic.stats().bytesSent).toBe(1_000);
  });

  it('a publish that runs while another is on the wire counts its live copies when it reaches the wire, not when it ran', () => {
    const sim = new Simulation(1);
    const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 1_000, publishPerSubscriberNs: 100, nic: nic(Infinity) });
    let live = 10;
    const sent: Array<[string, number]> = [];
    // a runs 0–2 µs and sends 10,000 bytes (10 ms at 1 byte/µs); b runs 2–4 µs and waits in the output buffers.
    redis.publish(() => 10, 1_000, () => () => live, (t) => sent.push(['a', t]));
    redis.publish(() => 10, 1_000, () => () => live, (t) => sent.push(['b', t]));
    sim.at(5_000_000, () => (live = 2)); // eight subscribers leave while a is on the wire
    sim.run();
    expect(sent).toEqual([['a', 10_002_000], ['b', 12_002_000]]);
    expect(redis.nic.stats().bytesSent).toBe(12_000);
  });
});
