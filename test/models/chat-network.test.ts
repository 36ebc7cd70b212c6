import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { Series, Trend } from '../../src/metrics/index.js';
import { ChatNetwork, type Connection, type NetworkSpec } from '../../models/chat/network.js';
import { DeliveryLedger } from '../../models/chat/deliveries.js';
import { Room } from '../../models/chat/room.js';
import type { SubscriptionMode } from '../../models/chat/app-task.js';

/**
 * Round figures so one message's path can be added up by hand: 1 µs to the app and back, 0.5 µs
 * to Redis; an app iteration wakes for 10 ns; Redis runs PUBLISH in 1 µs + 0.1 µs per subscriber
 * and its NIC sends 1 byte per µs (8 Mbit/s), 100 bytes per copy.
 */
const spec = (subscription: SubscriptionMode, tasks = 1): NetworkSpec => ({
  tasks,
  subscription,
  appCosts: { wakeNs: 10, acceptNs: 100, handshakeNs: 200, inboundNs: 50, closeNs: 40, readNs: 100, parseNs: 20, writeNs: 30, readChunkMessages: 8 },
  appSpeed: 1,
  redisSpeed: 1,
  redisNic: { baselineBitsPerSec: 8e6, burstBitsPerSec: 8e6, creditCapacityBits: 0, initialCreditBits: 0, queueLimitBytes: Infinity },
  publishBaseUs: 1,
  publishPerSubscriberUs: 0.1,
  wireBytesPerCopy: 100,
  clientToAppNs: 1_000,
  appToRedisNs: 500,
});

function network(subscription: SubscriptionMode, tasks = 1) {
  const sim = new Simulation(1);
  const room = new Room();
  const latency = new Trend();
  const ledger = new DeliveryLedger(room, latency, new Series(), 1_000);
  const net = new ChatNetwork(sim, room, ledger, spec(subscription, tasks));
  return { sim, room, latency, ledger, net };
}

describe('chat network: one message, step by step', () => {
  it('a dial opens after the trip in, an accept iteration, a handshake iteration and the trip back; the member joins after SUBSCRIBE', () => {
    for (const [subscription, joinsAt] of [['per-connection', 2_320], ['per-process', 1_320]] as const) {
      const { sim, room, net } = network(subscription);
      let opened: Connection | undefined;
      let openedAt = -1;
      let closesAfter = -1;
      const members: Array<[number, number]> = [];
      for (const t of [1_319, 1_320, 2_319, 2_320]) sim.at(t, () => members.push([t, room.members]), 5);
      net.dial(7, (openAt) => ((closesAfter = openAt), openAt + 1e9), (conn) => ((opened = conn), (openedAt = sim.now)));
      sim.run(3_000);
      // In at 1,000; accept iteration 10 + 100 → 1,110; handshake iteration 10 + 200 → 1,320; out at 2,320.
      expect([openedAt, opened?.openAt, closesAfter]).toEqual([2_320, 2_320, 2_320]);
      expect(opened?.task.work).toMatchObject({ accepts: 1, handshakes: 1 });
      // per-connection: a Redis connection and SUBSCRIBE, one round trip (2 · 500 ns) after the handshake.
      expect(members.filter(([, n]) => n === 1)[0][0]).toBe(joinsAt);
      expect(opened?.member?.vu).toBe(7);
      expect(opened?.member?.clientClosesAt).toBe(2_320 + 1e9);
    }
  });

  it('a message: in to the app, PUBLISH at Redis, copies on the NIC, back to the app, read, parsed and written, out to the client', () => {
    const { sim, room, latency, ledger, net } = network('per-connection');
    net.dial(1, (openAt) => openAt + 1e9, (conn) => sim.at(3_000, () => net.send(conn, 3_000)));
    sim.run(1e6);
    // 4,000 at the app; inbound iteration 10 + 50 → 4,060; Redis at 4,560; PUBLISH 1 + 0.1 µs → 5,660;
    // 100 bytes at 1 byte/µs → 105,660; back at the app 106,160; wake 10, read 100 → 106,270; parsed
    // and written in the next iteration: wake 10, parse + write 50 → 106,330; at the client 107,330:
    // 104,330 ns after it was sent.
    expect(room.expectedDeliveries).toBe(1);
    expect(ledger.received).toBe(1);
    expect([latency.min, latency.max]).toEqual([0.10433, 0.10433]);
    expect(net.redis.work).toEqual({ publishes: 1, copies: 1, copiesDropped: 0 });
    expect(net.redis.cpu.stats().busyCoreNs).toBe(1_100);
    expect(net.redis.nic.stats().bytesSent).toBe(100);
    expect(net.tasks[0].work).toMatchObject({ inbound: 1, reads: 1, parses: 1, writes: 1 });
  });

  it('per-process: Redis sends one copy per task, which the task copies to its own members', () => {
    const { sim, room, latency, ledger, net } = network('per-process', 2);
    const conns: Connection[] = [];
    for (let vu = 0; vu < 3; vu++) net.dial(vu, (openAt) => openAt + 1e9, (conn) => conns.push(conn));
    sim.run(10_000);
    // The load balancer deals connections round robin: tasks 0, 1, 0.
    expect(conns.map((c) => c.task.id).sort()).toEqual([0, 0, 1]);
    net.send(conns[0], sim.now);
    sim.run(1e6);
    expect(net.redis.work).toMatchObject({ publishes: 1, copies: 2 });
    expect(net.redis.cpu.stats().busyCoreNs).toBe(1_200);
    expect(net.redis.nic.stats().bytesSent).toBe(200);
    expect([room.expectedDeliveries, ledger.received]).toEqual([3, 3]);
    expect(latency.count).toBe(3);
  });

  it('a hang-up: the close frame costs an iteration, the subscription ends a trip to Redis later; later publishes are not owed to it', () => {
    const { sim, room, ledger, net } = network('per-connection');
    const conns: Connection[] = [];
    for (let vu = 0; vu < 2; vu++) net.dial(vu, (openAt) => openAt + 1e9, (conn) => conns.push(conn));
    sim.run(10_000);
    expect(room.members).toBe(2);
    net.hangUp(conns[0]);
    const membersAt: Array<[number, number]> = [];
    const t0 = sim.now;
    // In at +1,000; close iteration 10 + 40 → +1,050; UNSUBSCRIBE reaches Redis at +1,550.
    for (const dt of [1_549, 1_550]) sim.at(t0 + dt, () => membersAt.push([dt, room.members]), 5);
    sim.run(t0 + 5_000);
    expect(membersAt).toEqual([[1_549, 2], [1_550, 1]]);
    expect(conns[0].task.work.closes).toBe(1);
    net.send(conns[1], sim.now);
    sim.run(1e7);
    expect([room.expectedDeliveries, ledger.received, net.redis.work.copies]).toEqual([1, 1, 1]);
  });
});
