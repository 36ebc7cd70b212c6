import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { Series, Trend } from '../../src/metrics/index.js';
import { AppTask, type SubscriptionMode } from '../../models/chat/app-task.js';
import { DeliveryLedger } from '../../models/chat/deliveries.js';
import { Member, Room } from '../../models/chat/room.js';
import type { AppCosts } from '../../models/chat/params.js';

// Round figures (ns on a speed-1 core) so each iteration's cost can be added up by hand.
const COSTS: AppCosts = { wakeNs: 10, acceptNs: 0, handshakeNs: 0, inboundNs: 0, closeNs: 0, readNs: 100, parseNs: 20, writeNs: 30, readChunkMessages: 2 };

/**
 * One task holding members a and b (owed publishes from 0) and c (joined after publish 0), then
 * three publishes arriving at t = 0. Returns the task, its ledger and the iteration ends seen.
 */
function threeMembers(mode: SubscriptionMode, speed: number) {
  const sim = new Simulation(1);
  const room = new Room();
  const ledger = new DeliveryLedger(room, new Trend(), new Series(), 0);
  const task = new AppTask(sim, 0, mode, COSTS, speed, ledger);
  const ends: number[] = [];
  task.loop.onBusy = (_start, end) => ends.push(end);
  const [a, b] = [new Member(room, 1, 1e12), new Member(room, 2, 1e12)];
  room.publish(0);
  const c = new Member(room, 3, 1e12);
  room.publish(0);
  room.publish(0);
  for (const m of [a, b, c]) task.join(m);
  for (let i = 0; i < 3; i++) task.publishArrived();
  sim.run();
  return { task, ledger, ends, members: [a, b, c] };
}

describe('chat AppTask: what an event-loop iteration costs', () => {
  it('per-connection: every owed WebSocket pays a read per chunk of 2, then parse + write per message', () => {
    const { task, ledger, ends, members } = threeMembers('per-connection', 1);
    // Iteration 1: wake 10; its I/O callbacks take in what has arrived (feed_data): nothing parsed yet.
    // Iteration 2: wake 10; a and b read 2 each (100 + 2·50), c reads its 2 (publishes 1, 2): 3·200 = 600.
    // Iteration 3: wake 10; a and b read their third (100 + 50); c is done: 2·150 = 300.
    expect(ends).toEqual([10, 620, 930]);
    expect(task.loop.busy).toBe(930);
    expect(task.work).toMatchObject({ reads: 5, parses: 8, writes: 8 });
    expect(task.maxBacklog).toBe(8); // 3 + 3 + 2 owed when the first iteration began
    expect(task.backlog).toBe(2);
    expect(members.map((m) => m.cursor)).toEqual([3, 3, 3]);
    expect(ledger.received).toBe(8);
  });

  it('per-process: one read per chunk for the task, a parse per message and a write per local copy', () => {
    const { task, ledger, ends, members } = threeMembers('per-process', 1);
    // Iteration 1: wake 10; the I/O callback takes in the publishes.
    // Iteration 2: wake 10; chunk = publishes 0, 1: writes a 2, b 2, c 1 = 5 → 100 + 2·20 + 5·30 = 290.
    // Iteration 3: wake 10; chunk = publish 2: writes 3 → 100 + 20 + 3·30 = 210.
    expect(ends).toEqual([10, 310, 530]);
    expect(task.work).toMatchObject({ reads: 2, parses: 3, writes: 8 });
    expect(task.maxBacklog).toBe(8);
    expect(members.map((m) => m.cursor)).toEqual([3, 3, 3]);
    expect(ledger.received).toBe(8);
    expect(task.written.total).toBe(8);
  });

  it('a core twice as fast takes half the time', () => {
    expect(threeMembers('per-connection', 2).ends).toEqual([5, 310, 465]);
    expect(threeMembers('per-process', 2).ends).toEqual([5, 155, 265]);
  });

  it('a publish reaching a task with no WebSockets costs nothing per-connection, a read per-process', () => {
    // per-process: one iteration takes the publish in, the next reads and parses it.
    for (const [mode, busy] of [['per-connection', 0], ['per-process', 10 + 10 + 100 + 20]] as const) {
      const sim = new Simulation(1);
      const room = new Room();
      const task = new AppTask(sim, 0, mode, COSTS, 1, new DeliveryLedger(room, new Trend(), new Series(), 0));
      room.publish(0);
      task.publishArrived();
      sim.run();
      expect(task.loop.busy, mode).toBe(busy);
    }
  });

  it('a member that leaves loses what it was still owed, once', () => {
    const sim = new Simulation(1);
    const room = new Room();
    const ledger = new DeliveryLedger(room, new Trend(), new Series(), 0);
    const task = new AppTask(sim, 0, 'per-connection', COSTS, 1, ledger);
    const m = new Member(room, 1, 1e12);
    task.join(m);
    room.publish(0);
    room.publish(0);
    task.leave(m);
    task.leave(m);
    expect(ledger.afterClose).toBe(2);
    expect(task.members.size).toBe(0);
  });
});
