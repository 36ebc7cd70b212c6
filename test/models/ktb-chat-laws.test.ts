import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FluidNic } from '../../models/ktb-chat/fluid-nic.js';
import { DeliveryLedger } from '../../models/ktb-chat/ledger.js';
import { PerSecond } from '../../models/ktb-chat/per-second.js';
import { Trend } from '../../src/metrics/trend.js';
import { stepCosts } from '../../models/ktb-chat/costs.js';
import { ktbScenario } from '../../models/ktb-chat/flags.js';
import { loadKtbParams } from '../../models/ktb-chat/params.js';

// The ktb-chat model's fluid pieces, each by its law: EC2's "up to" bandwidth as a credit bucket,
// every copy owed placed in exactly one outcome (largest remainder), per-second series.

/** 1 Gbit/s baseline, 5 Gbit/s burst, a 10 Gbit bucket holding `initial` Gbit. */
const net = (initial: number, capacity = 10) => ({ baselineGbps: 1, burstGbps: 5, creditCapacityGbit: capacity, initialCreditGbit: initial, assumed: false });
const GB = 1e9;

describe('ktb-chat NIC: burst on credits, baseline after', () => {
  it('with credits it sends at its burst rate and spends (burst − baseline) × t of them', () => {
    const nic = new FluidNic(net(10));
    expect(nic.baselineBytesPerS).toBe(0.125 * GB);
    // 1 s at 5 Gbit/s is 0.625 GB; 1 GB offered: 0.375 GB wait. Credits 10 − (5 − 1) = 6 Gbit.
    expect(nic.step(1, GB)).toBe(1);
    expect(nic.sentBytes).toBe(0.625 * GB);
    expect(nic.queuedBytes).toBeCloseTo(0.375 * GB, 0);
    expect(nic.creditBits()).toBeCloseTo(6e9, 0);
    // The queue leaves at the burst rate: 0.375 GB × 8 ÷ 5 Gbit/s = 0.6 s.
    expect(nic.lagS()).toBeCloseTo(0.6, 9);
    // The rest goes out in the next step, using 0.375 of its 0.625 GB allowance.
    expect(nic.step(1, 0)).toBeCloseTo(0.6, 9);
    expect(nic.queuedBytes).toBe(0);
    expect(nic.sentBytes).toBe(GB);
    // Credits: 6 + 1 − 3 = 4 Gbit.
    expect(nic.creditBits()).toBeCloseTo(4e9, 0);
  });

  it('out of credits it sends at its baseline; under the baseline it banks, up to the bucket', () => {
    const nic = new FluidNic(net(0));
    // No credit: 1 Gbit/s, 0.125 GB in a second; the second's baseline is spent, none banked.
    expect(nic.step(1, GB)).toBe(1);
    expect(nic.sentBytes).toBe(0.125 * GB);
    expect(nic.creditBits()).toBe(0);
    expect(nic.lagS()).toBeCloseTo((0.875 * 8) / 1, 9);
    // An idle second banks its baseline: 1 Gbit; the next sends at burst again.
    const idle = new FluidNic(net(0));
    expect(idle.step(1, 0)).toBe(0);
    expect(idle.creditBits()).toBeCloseTo(1e9, 0);
    // Half a second idle banks half its baseline: 0.5 Gbit more.
    idle.step(0.5, 0);
    expect(idle.creditBits()).toBeCloseTo(1.5e9, 0);
    expect(idle.step(0.1, GB)).toBe(1);
    expect(idle.sentBytes).toBeCloseTo(0.0625 * GB, 0); // 5 Gbit/s × 0.1 s
    // Never above the bucket: starting with more than it holds, or idling long.
    const full = new FluidNic(net(50));
    expect(full.creditBits()).toBe(10e9);
    full.step(100, 0);
    expect(full.creditBits()).toBe(10e9);
  });

  it('a burst no faster than the baseline is the baseline; a zero step uses nothing', () => {
    const flat = new FluidNic({ baselineGbps: 2, burstGbps: 1, creditCapacityGbit: 0, initialCreditGbit: 0, assumed: false });
    flat.step(1, GB);
    expect(flat.sentBytes).toBe(0.25 * GB);
    const nic = new FluidNic(net(10));
    expect(nic.step(0, GB)).toBe(0);
    expect(nic.sentBytes).toBe(0);
  });

  it('the allowance used adds over steps until read, then starts again', () => {
    const nic = new FluidNic(net(10));
    nic.step(1, 0.3125 * GB); // half the burst allowance
    nic.step(1, 0.625 * GB); // all of it
    expect(nic.takeUse()).toBeCloseTo(1.5, 9);
    expect(nic.takeUse()).toBe(0);
  });

  it('never sends more than offered or than its rate allows; credits stay in the bucket (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0.001, max: 2, noNaN: true }), fc.double({ min: 0, max: 2e9, noNaN: true })), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 20, noNaN: true }), (steps, initial) => {
        const nic = new FluidNic(net(initial));
        let offered = 0;
        let time = 0;
        for (const [dt, bytes] of steps) {
          offered += bytes;
          time += dt;
          const use = nic.step(dt, bytes);
          expect(use).toBeGreaterThanOrEqual(0);
          expect(use).toBeLessThanOrEqual(1 + 1e-9);
          expect(nic.creditBits()).toBeGreaterThanOrEqual(0);
          expect(nic.creditBits()).toBeLessThanOrEqual(10e9);
        }
        expect(nic.sentBytes + nic.queuedBytes).toBeCloseTo(offered, -1);
        expect(nic.sentBytes).toBeLessThanOrEqual((5e9 * time) / 8 + 1);
      }),
    );
  });
});

describe('ktb-chat delivery ledger: every copy owed in exactly one outcome', () => {
  it('whole counts by largest remainder sum exactly to what was owed', () => {
    const ledger = new DeliveryLedger(new Trend(), 1);
    ledger.owe(10);
    ledger.settle('onTime', 4.6, 1, 0);
    ledger.settle('late', 2.3, 5, 0);
    ledger.settle('dropped', 1.8, 0, 0);
    ledger.settle('inFlight', 1.3, 0, 0);
    // Floors 4 + 2 + 1 + 1 = 8; the 2 left go to the largest remainders: 0.8 (dropped), 0.6 (onTime).
    expect(ledger.account()).toEqual({ expected: 10, onTime: 5, late: 2, dropped: 2, inFlight: 1 });
  });

  it('equal remainders go in outcome order; nothing settled leaves every copy unplaced but owed', () => {
    const ledger = new DeliveryLedger(new Trend(), 1);
    ledger.owe(3);
    ledger.settle('late', 1.5, 1, 0);
    ledger.settle('inFlight', 1.5, 1, 0);
    expect(ledger.account()).toEqual({ expected: 3, onTime: 0, late: 2, dropped: 0, inFlight: 1 });
    const empty = new DeliveryLedger(new Trend(), 1);
    expect(empty.account()).toEqual({ expected: 0, onTime: 0, late: 0, dropped: 0, inFlight: 0 });
  });

  it('latency samples: whole copies per stream, fractions carried to the next settle; nothing for drops', () => {
    const trend = new Trend();
    const ledger = new DeliveryLedger(trend, 2);
    ledger.settle('onTime', 0.6, 10, 0);
    expect(trend.count).toBe(0);
    ledger.settle('onTime', 0.6, 20, 0); // carry 1.2: one sample at 20 ms
    expect(trend.count).toBe(1);
    ledger.settle('late', 0.6, 30, 1); // stream 1 carries its own fraction
    expect(trend.count).toBe(1);
    ledger.settle('late', 2.5, 40, 0); // 0.2 + 2.5 = 2.7: two samples
    expect(trend.count).toBe(3);
    ledger.settle('dropped', 5, 50, 0);
    ledger.settle('inFlight', 5, 60, 0);
    ledger.settle('onTime', 0, 70, 0);
    ledger.settle('onTime', -1, 70, 0);
    expect(trend.count).toBe(3);
    expect(trend.summary(['max']).max).toBe(40);
  });

  it('a settle of no copies or fewer changes no count', () => {
    const ledger = new DeliveryLedger(new Trend(), 1);
    ledger.owe(2);
    ledger.settle('late', 2, 1, 0);
    ledger.settle('dropped', -1, 0, 0);
    expect(ledger.account()).toEqual({ expected: 2, onTime: 0, late: 2, dropped: 0, inFlight: 0 });
  });

  it('conserves any split of any number of emits (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }), (emits) => {
        const ledger = new DeliveryLedger(new Trend(), 1);
        for (const [copies, a, b, c] of emits) {
          ledger.owe(copies);
          const total = a + b + c || 1;
          const [on, late, dropped] = [a / total, b / total, c / total].map((s) => (copies * s) / 1.25);
          ledger.settle('onTime', on, 1, 0);
          ledger.settle('late', late, 2, 0);
          ledger.settle('dropped', dropped, 0, 0);
          ledger.settle('inFlight', copies - on - late - dropped, 0, 0);
        }
        const acc = ledger.account();
        expect(acc.onTime + acc.late + acc.dropped + acc.inFlight).toBe(acc.expected);
        for (const k of ['onTime', 'late', 'dropped', 'inFlight'] as const) expect(Number.isInteger(acc[k]) && acc[k] >= 0).toBe(true);
      }),
    );
  });
});

describe('ktb-chat per-second series', () => {
  it('sums add, max keeps the largest, set overwrites, mean divides by the steps of each second', () => {
    const s = new PerSecond(3);
    expect(s.get('x')).toEqual([0, 0, 0]);
    s.tick(0);
    s.tick(0);
    s.tick(2);
    s.add('x', 0, 4);
    s.add('x', 0, 2);
    s.add('x', 2, 5);
    expect(s.get('x')).toEqual([6, 0, 5]);
    expect(s.mean('x')).toEqual([3, 0, 5]);
    s.max('m', 1, 3);
    s.max('m', 1, 2);
    s.max('m', 1, 7);
    s.max('m', 0, -1);
    expect(s.get('m')).toEqual([0, 7, 0]);
    s.set('v', 2, 9);
    s.set('v', 2, 1);
    expect(s.get('v')).toEqual([0, 0, 1]);
    expect(s.sums).toEqual({ x: [6, 0, 5], m: [0, 7, 0], v: [0, 0, 1] });
    expect(s.seconds).toBe(3);
  });
});

describe('ktb-chat costs per step: what each adapter pays for another room’s message', () => {
  it('classic hears every message and drops it when its process holds no member; sharded is not subscribed', () => {
    const p = structuredClone(loadKtbParams());
    Object.assign(p.node, { receiveUs: { ...p.node.receiveUs, value: 10 }, skipUs: { ...p.node.skipUs, value: 4 }, writeUs: { ...p.node.writeUs, value: 2 }, inboundUs: { ...p.node.inboundUs, value: 30 }, publishUs: { ...p.node.publishUs, value: 8 } });
    // 2 instances × 2 containers = 4 processes, rooms of 5: m = 4/4 = 1 member elsewhere, chance 1 − (3/4)^4 = 0.68359375.
    const flags = { instances: '2', containers: '2', 'room-size': '5' };
    const classic = stepCosts(ktbScenario({ ...flags, adapter: 'classic' }), p);
    const sharded = stepCosts(ktbScenario({ ...flags, adapter: 'sharded' }), p);
    expect(classic.processes).toBe(4);
    expect(classic.membersElsewhere).toBe(1);
    expect(classic.chanceOfMembers).toBeCloseTo(0.68359375, 12);
    // ownEmit: 30 + 8 + (1 + 1) × 2 = 42 µs.
    expect(classic.node.ownEmit).toBeCloseTo(42e-6, 15);
    // remoteEmit: 0.68359375 × 10 + 0.31640625 × 4 + 1 × 2 = 10.10156 µs classic; without the skip 8.8359 µs sharded.
    expect(classic.node.remoteEmit).toBeCloseTo(10.1015625e-6, 15);
    expect(sharded.node.remoteEmit).toBeCloseTo(8.8359375e-6, 15);
    expect(classic.node.echo).toBeCloseTo(4e-6, 15);
  });

  it('bytes: the message plus each hop’s framing; history is that many messages as sent to a client', () => {
    const p = structuredClone(loadKtbParams());
    p.redis.frameOverheadBytes.value = 20;
    p.redis.busHeaderBytes.value = 50;
    p.socketio.wsOverheadBytes.value = 10;
    p.user.historyMessages.value = 30;
    // 200-byte messages: copy 220, bus 250, to a client 210, history 30 × 210 = 6,300.
    expect(stepCosts(ktbScenario({ 'message-bytes': '200' }), p).bytes).toEqual({ copy: 220, bus: 250, toClient: 210, history: 6300 });
  });
});
