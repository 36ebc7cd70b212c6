import { describe, expect, it } from 'vitest';
import { Series, Trend } from '../../src/metrics/index.js';
import { DeliveryLedger } from '../../models/chat/deliveries.js';
import { OwedCopies } from '../../models/chat/owed-copies.js';
import { Member, Room } from '../../models/chat/room.js';

const MS = 1_000_000;

/** A room and a ledger with 5 ms from the app to the client. */
function setUp() {
  const room = new Room();
  const latency = new Trend();
  const perSecond = new Series();
  const ledger = new DeliveryLedger(room, latency, perSecond, 5 * MS);
  return { room, latency, perSecond, ledger };
}

describe('chat Room and Member', () => {
  it('a publish is owed to the members subscribed when it ran, and numbers run 0, 1, 2, …', () => {
    const room = new Room();
    const early = new Member(room, 1, 100 * MS);
    expect(room.publish(0)).toBe(0);
    const late = new Member(room, 2, 100 * MS);
    expect(room.publish(MS)).toBe(1);
    expect(room.publish(2 * MS)).toBe(2);
    expect(room.members).toBe(2);
    // 1 recipient for publish 0, then 2 each for publishes 1 and 2.
    expect(room.expectedDeliveries).toBe(5);
    expect(room.published).toBe(3);
    expect([early.fromSeq, late.fromSeq]).toEqual([0, 1]);
    expect([early.cursor, late.cursor]).toEqual([0, 1]);
    expect(early.subscribed).toBe(true);
  });

  it('readable counts owed publishes that have arrived, within the membership window', () => {
    const room = new Room();
    room.publish(0);
    const m = new Member(room, 1, 100 * MS); // owed from publish 1 on
    for (let i = 1; i < 6; i++) room.publish(i * MS);
    expect(m.readable(0)).toBe(0); // nothing it is owed has arrived: never negative
    expect(m.readable(4)).toBe(3); // publishes 1, 2, 3
    m.cursor = 3;
    expect(m.readable(4)).toBe(1);
    // Leaving after 6 publishes with its cursor at 3: publishes 3, 4, 5 are never given.
    expect(m.leave()).toBe(3);
    expect(m.subscribed).toBe(false);
    expect(m.toSeq).toBe(6);
    expect(room.members).toBe(0);
    room.publish(6 * MS);
    expect(m.readable(7)).toBe(3); // publish 6 came after it left
    m.cursor = 7;
    expect(m.readable(7)).toBe(0);
    expect(m.leave()).toBe(0);
  });
});

describe('chat DeliveryLedger', () => {
  it('counts a batch that reaches the client before it closes, with the latency of each end', () => {
    const { room, latency, perSecond, ledger } = setUp();
    const m = new Member(room, 1, 1_000 * MS);
    for (let i = 0; i < 4; i++) room.publish(i * MS);
    // Publishes 0–3 (sent at 0–3 ms) written at 10, 12, 14, 16 ms: they arrive 5 ms later.
    ledger.deliver(m, 0, 4, 10 * MS, 16 * MS);
    expect(ledger.received).toBe(4);
    expect(ledger.afterClose).toBe(0);
    expect(latency.count).toBe(4);
    // Latencies 15, 16, 17, 18 ms, spread evenly between the first and last.
    expect(latency.min).toBeCloseTo(15, 6);
    expect(latency.max).toBeCloseTo(18, 6);
    expect(latency.avg).toBeCloseTo(16.5, 6);
    expect(perSecond.total).toBe(4);
  });

  it('splits a batch at the close: the rest arrive after close', () => {
    const { room, latency, ledger } = setUp();
    const m = new Member(room, 1, 22 * MS);
    for (let i = 0; i < 5; i++) room.publish(0);
    // Written at 10, 12, 14, 16, 18 ms → arrive 15, 17, 19, 21, 23 ms; the client closes at 22 ms.
    ledger.deliver(m, 0, 5, 10 * MS, 18 * MS);
    expect(ledger.received).toBe(4);
    expect(ledger.afterClose).toBe(1);
    expect(latency.max).toBeCloseTo(21, 6);
  });

  it('an arrival exactly at the close is after it; a batch written at one instant arrives whole', () => {
    const { room, ledger } = setUp();
    const closesAt = new Member(room, 1, 15 * MS);
    const open = new Member(room, 2, 100 * MS);
    for (let i = 0; i < 3; i++) room.publish(0);
    ledger.deliver(closesAt, 0, 3, 10 * MS, 12 * MS); // first arrives at 15 ms = the close
    expect(ledger.received).toBe(0);
    expect(ledger.afterClose).toBe(3);
    ledger.deliver(open, 0, 3, 10 * MS, 10 * MS);
    expect(ledger.received).toBe(3);
    ledger.deliver(open, 0, 0, 10 * MS, 10 * MS); // an empty batch changes nothing
    expect(ledger.received + ledger.afterClose).toBe(6);
    // A batch written at one instant that reaches the client exactly at its close: all after it.
    ledger.deliver(closesAt, 0, 3, 10 * MS, 10 * MS);
    expect([ledger.received, ledger.afterClose]).toEqual([3, 6]);
  });

  it('counts discarded and in-flight copies from the members themselves', () => {
    const { room, ledger } = setUp();
    const a = new Member(room, 1, 100 * MS);
    const b = new Member(room, 2, 100 * MS);
    for (let i = 0; i < 5; i++) room.publish(0);
    a.cursor = 2;
    b.cursor = 5;
    expect(ledger.inFlight([a, b])).toBe(3);
    ledger.discard(a.leave());
    expect(ledger.afterClose).toBe(3);
    expect(ledger.inFlight([a, b])).toBe(0); // a left: nothing more is on its way to it
  });
});

describe('chat OwedCopies (per-connection subscriptions)', () => {
  it('a departure removes its copy from the publishes not yet on the wire, and only those', () => {
    const room = new Room();
    const owed = new OwedCopies();
    const stay = new Member(room, 1, 0);
    const go = new Member(room, 2, 0);
    for (let seq = 0; seq < 4; seq++) owed.published(room.publish(0), room.members);
    expect(owed.live(0)).toBe(2); // publish 0 is on the wire before anyone leaves
    go.leave();
    owed.departed(go, room.published); // publishes 1–3 lose go's copy
    expect(owed.live(1)).toBe(1);
    expect(owed.live(2)).toBe(1);
    expect(owed.live(3)).toBe(1);
    owed.published(room.publish(0), room.members); // publish 4 never counted it
    expect(owed.live(4)).toBe(1);
    expect(stay.subscribed).toBe(true);
  });

  it('a member who joined after the publishes on the wire loses copies only from its own first', () => {
    const room = new Room();
    const owed = new OwedCopies();
    new Member(room, 1, 0);
    owed.published(room.publish(0), room.members); // 0: 1 recipient
    owed.published(room.publish(0), room.members); // 1: 1 recipient
    const late = new Member(room, 2, 0); // from publish 2
    owed.published(room.publish(0), room.members); // 2: 2 recipients
    owed.published(room.publish(0), room.members); // 3: 2 recipients
    late.leave();
    owed.departed(late, room.published);
    expect([0, 1, 2, 3].map((s) => owed.live(s))).toEqual([1, 1, 1, 1]);
    // Leaving with nothing left to send changes nothing.
    owed.departed(late, room.published);
    owed.published(room.publish(0), room.members);
    expect(owed.live(4)).toBe(1);
  });
});
