import { describe, expect, it } from 'vitest';
import { ktbScenario } from '../../models/ktb-chat/flags.js';
import { loadKtbParams } from '../../models/ktb-chat/params.js';
import { simulateKtb } from '../../models/ktb-chat/model.js';
import { RoomShards } from '../../models/ktb-chat/rooms.js';
import { Users } from '../../models/ktb-chat/users.js';

// A saturated event loop serves its connected sockets' messages and new handshakes wait until it
// clears (the real burst runs: joins stopped while the app kept serving its users); one that waits
// past the client's timeout fails and dials again after the reconnection delay.

describe('ktb-chat users: handshakes waiting at a saturated loop', () => {
  it('a held handshake stays until settled, then connects on the process it was handed to', () => {
    const shards = new RoomShards(1, 10);
    const users = new Users(3, 2, shards, 0);
    users.follow(3, 0);
    users.dialsDue(0, (u) => users.hold(u, u % 2, 0));
    expect([users.waiting, users.connected]).toEqual([3, 0]);
    // Not yet: all keep waiting, in order.
    const seen: number[] = [];
    users.heldDue((u) => (seen.push(u), false));
    expect(seen).toEqual([0, 1, 2]);
    expect(users.waiting).toBe(3);
    // Process 0 clears: users 0 and 2 connect there; user 1 keeps waiting.
    users.heldDue((u, c) => (c === 0 ? (users.connect(u, c), true) : false));
    expect([users.waiting, users.on(0), users.on(1), users.connected]).toEqual([1, 2, 0, 2]);
  });

  it('a VU stopped while its handshake waited is no longer settled, nor after it starts again', () => {
    const shards = new RoomShards(1, 10);
    const users = new Users(2, 1, shards, 0);
    users.follow(2, 0);
    users.dialsDue(0, (u) => users.hold(u, 0, 0));
    users.follow(1, 5);
    users.follow(2, 7);
    // User 1 dials afresh at 7 and waits again: only its new handshake (since 7) is settled.
    users.dialsDue(7, (u) => users.hold(u, 0, 7));
    const settled: Array<[number, number]> = [];
    users.heldDue((u, _c, since) => (settled.push([u, since]), true));
    expect(settled).toEqual([
      [0, 0],
      [1, 7],
    ]);
    expect(users.waiting).toBe(0);
  });
});

describe('ktb-chat rooms: share of a sender’s started room mates connected', () => {
  it('is 1 when every started VU is connected, whatever the last room holds', () => {
    const shards = new RoomShards(1, 4);
    for (let u = 0; u < 10; u++) shards.move(u, 1);
    expect(shards.matesConnected(10)).toBe(1);
  });

  it('counts mates by room, not evenly: VUs held out of the last rooms do not thin the full ones', () => {
    const shards = new RoomShards(1, 4);
    // Rooms of 4: users 0–7 connected (rooms 0, 1 full), 8–11 started but held out (room 2 empty).
    for (let u = 0; u < 8; u++) shards.move(u, 1);
    expect(shards.matesConnected(12)).toBe(1);
    // One member of room 1 leaves: senders in room 1 (3 of them) see 2 of 3 mates; room 0's 4 see 3 of 3.
    shards.move(5, -1);
    expect(shards.matesConnected(12)).toBeCloseTo((4 * 3 + 3 * 2) / (7 * 3), 12);
    // Rooms of one have no mates to miss.
    expect(new RoomShards(1, 1).matesConnected(5)).toBe(1);
  });
});

describe('ktb-chat model: a saturated app keeps its users and turns new ones away', { timeout: 120_000 }, () => {
  const params = loadKtbParams();
  // One app given a sixth of its core, one message a second each, a ramp well past what it serves.
  const flags = { profile: ['app=local', 'redis=local'], 'app-cores': '1', instances: '1', containers: '1', 'app-share': '0.16', interval: '1s', 'start-users': '100', 'step-users': '100', 'step-every': '10s', 'max-users': '1000' };
  const r = simulateKtb(ktbScenario(flags), params);
  const connected = r.seconds.get('connected');
  const users = r.seconds.get('users');
  const end = connected.length - 1;

  it('joins stop once the loop saturates: the connected count stays below the plan and flat to the end', () => {
    expect(connected[end]).toBeLessThan(0.7 * users[end]);
    expect(Math.abs(connected[end] - connected[end - 30])).toBeLessThanOrEqual(0.02 * connected[end]);
  });

  it('the users turned away fail after the timeout; none of those connected is dropped', () => {
    expect(r.failures.failed_connects).toBeGreaterThan(0);
    expect(r.failures.disconnects).toBe(0);
    const d = r.delivery;
    expect(d.onTime + d.late + d.dropped + d.inFlight).toBe(d.expected);
  });

  it('the loop it holds stays near its share, and its users keep receiving to the end', () => {
    const loop = r.usage.loop;
    expect(Math.max(...loop)).toBeLessThanOrEqual(0.16 + 1e-9);
    expect(r.seconds.get('arrived')[end - 1]).toBeGreaterThan(0.9 * connected[end] * 10 * 0.9);
  });
});
