import { describe, expect, it } from 'vitest';
import { Users } from '../../models/ktb-chat/users.js';
import { RoomShards } from '../../models/ktb-chat/rooms.js';

// ramping-vus as the servers see it: VU slots fill and empty from the top. A stage that lowers
// the target stops the highest-numbered VUs; a stopped VU that held a connection hangs up (its
// process and its room's shard lose it), and one that was waiting to dial never dials.

/** Dials every due VU onto the ELB's next process; returns who dialled. */
function dialAll(users: Users, now: number): number[] {
  const dialled: number[] = [];
  users.dialsDue(now, (u) => {
    dialled.push(u);
    users.connect(u, users.nextProcess());
  });
  return dialled;
}

describe('ktb-chat users: a stage that lowers the target stops the top VUs', () => {
  it('the top VUs hang up: connections, per-process counts and shard counts fall by them', () => {
    // One shard, rooms of 2, two processes; the ELB starts at process 0.
    const shards = new RoomShards(1, 2);
    const users = new Users(6, 2, shards, 0);
    users.follow(6, 0);
    expect(dialAll(users, 0)).toEqual([0, 1, 2, 3, 4, 5]);
    // Round robin: users 0, 2, 4 on process 0; 1, 3, 5 on process 1.
    expect([users.on(0), users.on(1), users.connected, shards.usersOnShard[0]]).toEqual([3, 3, 6, 6]);
    users.follow(3, 10);
    expect(users.active).toBe(3);
    // Users 5, 4 and 3 stopped: process 0 keeps 0 and 2, process 1 keeps 1.
    expect([users.on(0), users.on(1), users.connected, shards.usersOnShard[0]]).toEqual([2, 1, 3, 3]);
    // Raising the target again starts the same slots afresh: they dial at once.
    users.follow(4, 20);
    expect(dialAll(users, 20)).toEqual([3]);
    expect(users.connected).toBe(4);
  });

  it('a stopped VU that was waiting to retry never dials; one that never connected leaves counts alone', () => {
    const shards = new RoomShards(1, 10);
    const users = new Users(4, 1, shards, 0);
    users.follow(4, 0);
    // Only users 0 and 1 connect; 2 and 3 fail and retry at t = 100.
    users.dialsDue(0, (u) => (u < 2 ? users.connect(u, users.nextProcess()) : users.retry(u, 100)));
    expect(users.connected).toBe(2);
    users.follow(2, 50);
    // Stopping 3 and 2, who held nothing, changes no count.
    expect([users.on(0), users.connected, shards.usersOnShard[0]]).toEqual([2, 2, 2]);
    expect(dialAll(users, 100)).toEqual([]);
    // Started again at 150, they dial at 150, not at their old retry time.
    users.follow(4, 150);
    expect(dialAll(users, 150)).toEqual([2, 3]);
    expect(users.connected).toBe(4);
  });

  it('a VU stopped from the middle of its process list leaves the others countable and droppable', () => {
    const shards = new RoomShards(1, 10);
    const users = new Users(3, 1, shards, 0);
    users.follow(3, 0);
    // Users 0 and 1 fail and retry at 10; user 2 connects first, so the process lists it first.
    users.dialsDue(0, (u) => (u === 2 ? users.connect(u, 0) : users.retry(u, 10)));
    expect(dialAll(users, 10)).toEqual([0, 1]);
    // Stopping user 2 (first in the list), then user 1 (moved into its place): one VU is left.
    users.follow(2, 20);
    users.follow(1, 21);
    expect([users.on(0), users.connected, shards.usersOnShard[0]]).toEqual([1, 1, 1]);
    // Dropping the process drops user 0 alone, once, and it dials again at the time given.
    expect(users.dropAll(0, 30)).toBe(1);
    expect([users.on(0), users.connected, shards.usersOnShard[0]]).toEqual([0, 0, 0]);
    expect(dialAll(users, 29)).toEqual([]);
    expect(dialAll(users, 30)).toEqual([0]);
  });
});
