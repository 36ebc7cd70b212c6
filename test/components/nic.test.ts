import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Nic, type NicOptions } from '../../src/components/index.js';
import { Simulation, exponential } from '../../src/engine/index.js';

// 1 bit/ns baseline, 5 bit/ns burst: small round numbers make the piecewise times easy to check.
const LINK: NicOptions = {
  baselineBitsPerSec: 1e9,
  burstBitsPerSec: 5e9,
  creditCapacityBits: 8e9,
  initialCreditBits: 4e9,
  queueLimitBytes: 1e12,
};

describe('Nic', () => {
  it('bursts while credits last, then falls to baseline, with exact completion times', () => {
    const sim = new Simulation(1);
    const nic = new Nic(sim, LINK);
    let deliveredAt = -1;
    expect(nic.send(1e9, (now) => (deliveredAt = now))).toBe(true);
    // Credits drain at 4 bit/ns: empty at 1 s after 5e9 bits; the other 3e9 bits take 3 s.
    expect(nic.credits(0.5e9)).toBe(2e9);
    expect(nic.credits(2e9)).toBe(0);
    sim.run();
    expect(deliveredAt).toBe(4e9);
    // Idle again: credits come back at the baseline rate up to capacity.
    expect(nic.credits(5e9)).toBe(1e9);
    expect(nic.credits(100e9)).toBe(8e9);
    const s = nic.stats(4e9);
    expect(s.bytesSent).toBe(1e9);
    expect(s.baselineUtilisation).toBeCloseTo(2, 12); // 8e9 bits in 4 s over a 1 bit/ns baseline
    // 3e9 bits = 375 MB went out at the capped rate: 250 000 packets of 1500 bytes.
    expect(s.allowanceExceededPackets).toBe(250_000);
  });

  it('counts the part of a send already on the wire: a link busy with one send longer than the run is not idle', () => {
    const sim = new Simulation(1);
    const nic = new Nic(sim, LINK);
    nic.send(1e9, () => {}); // 8e9 bits: 1 s at burst (credits 4e9 drain at 4 bit/ns), then 3 s at baseline
    expect(nic.inTransmission(0)).toBeUndefined();
    expect(nic.inTransmission(0.5e9)).toEqual({ startNs: 0, bytes: 2.5e9 / 8 });
    expect(nic.inTransmission(2e9)).toEqual({ startNs: 0, bytes: 6e9 / 8 });
    const mid = nic.stats(2e9);
    expect(mid.bytesSent).toBe(0);
    expect(mid.baselineUtilisation).toBeCloseTo(3, 12); // 6e9 bits in 2 s over 1 bit/ns
    sim.run();
    expect(nic.inTransmission()).toBeUndefined();
    expect(nic.stats(4e9).baselineUtilisation).toBeCloseTo(2, 12);
  });

  it('is not "exceeded" while credits cover the burst', () => {
    const sim = new Simulation(1);
    const nic = new Nic(sim, LINK);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) nic.send(125_000_000, (now) => times.push(now)); // 1e9 bits each
    sim.run();
    expect(times).toEqual([2e8, 4e8, 6e8, 8e8]);
    expect(nic.stats().allowanceExceededPackets).toBe(0);
  });

  it('back-to-back sends start at the exact fluid instant, not the rounded delivery time', () => {
    const sim = new Simulation(1);
    const nic = new Nic(sim, { ...LINK, initialCreditBits: 0, baselineBitsPerSec: 3e9, burstBitsPerSec: 3e9 });
    let last = 0;
    for (let i = 0; i < 999; i++) nic.send(1, (now) => (last = now)); // 8/3 ns each
    sim.run();
    expect(last).toBe(2664);
  });

  it('drops sends that would overfill the waiting queue and counts them', () => {
    const sim = new Simulation(1);
    const nic = new Nic(sim, { ...LINK, queueLimitBytes: 1000, initialCreditBits: 0 });
    expect(nic.send(1e6, () => {})).toBe(true); // goes straight onto the wire, never waits
    expect(nic.send(600, () => {})).toBe(true);
    expect(nic.send(500, () => {})).toBe(false);
    expect(nic.send(400, () => {})).toBe(true);
    const before = nic.stats();
    expect(before).toMatchObject({ bytesOffered: 1_001_500, bytesDropped: 500, bytesQueued: 1_001_000, sendsDropped: 1 });
    sim.run();
    const after = nic.stats();
    expect(after.bytesSent).toBe(1_001_000);
    // At zero credits every send is shaped: 667 + 1 + 1 packets, plus the dropped one.
    expect(after.allowanceExceededPackets).toBe(667 + 1 + 1 + 1);
    expect(after.maxQueuedBytes).toBe(1_001_000);
  });

  it('integrates the queued bytes over time', () => {
    const sim = new Simulation(1);
    const nic = new Nic(sim, { ...LINK, initialCreditBits: 0 }); // baseline: 1 byte per 8 ns
    nic.send(100, () => {});
    nic.send(100, () => {});
    sim.run(1600);
    // 200 queued for 800 ns, 100 for 800 ns.
    expect(nic.stats(1600).meanQueuedBytes).toBeCloseTo((200 * 800 + 100 * 800) / 1600, 12);
  });

  it('never beats burst·t nor baseline·t + bucket; conserves bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1e6, max: 1e10 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 1e8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 120 }),
        (baseline, factor, capacity, fill, queueLimitBytes, sends) => {
          const burst = baseline * factor;
          const initial = fill * capacity;
          const sim = new Simulation(1);
          const nic = new Nic(sim, { baselineBitsPerSec: baseline, burstBitsPerSec: burst, creditCapacityBits: capacity, initialCreditBits: initial, queueLimitBytes });
          const delivered: [number, number][] = [];
          let offered = 0;
          let t = 0;
          for (const [gap, bytes] of sends) {
            t += gap;
            offered += bytes;
            sim.at(t, () => nic.send(bytes, (now) => delivered.push([now, bytes])));
          }
          const conserved = (): void => {
            const s = nic.stats();
            expect(s.bytesSent + s.bytesDropped + s.bytesQueued).toBe(s.bytesOffered);
            expect(nic.credits()).toBeGreaterThanOrEqual(0);
            expect(nic.credits()).toBeLessThanOrEqual(capacity);
          };
          sim.run(t / 2);
          conserved();
          sim.run();
          conserved();
          expect(nic.stats().bytesOffered).toBe(offered);
          expect(nic.stats().bytesQueued).toBe(0);
          // Deliveries of sends i+1..j were transmitted inside (t_i − 1 ns, t_j]: bound them.
          const bits = (ns: number, rate: number): number => (rate * ns) / 1e9;
          const slack = (x: number): number => 1e-9 * x + 1e-6;
          let sentBits = 0;
          for (let j = 0; j < delivered.length; j++) {
            sentBits += delivered[j][1] * 8;
            expect(sentBits).toBeLessThanOrEqual(bits(delivered[j][0], burst) + slack(sentBits));
            expect(sentBits).toBeLessThanOrEqual(bits(delivered[j][0], baseline) + initial + slack(sentBits));
            let window = 0;
            for (let i = j - 1; i >= 0; i--) {
              const span = delivered[j][0] - delivered[i][0] + 1;
              expect(window).toBeLessThanOrEqual(bits(span, burst) + slack(window));
              expect(window).toBeLessThanOrEqual(bits(span, baseline) + capacity + slack(window));
              window += delivered[i][1] * 8;
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('same seed, same counters; the link under an "up to" allowance degrades to baseline', () => {
    const run = (seed: number): string => {
      const sim = new Simulation(seed);
      // 1 Gbit/s of offered load against a 0.256 Gbit/s baseline (cache.t4g.medium) with a small bucket.
      const nic = new Nic(sim, { baselineBitsPerSec: 0.256e9, burstBitsPerSec: 5e9, creditCapacityBits: 2e9, initialCreditBits: 2e9, queueLimitBytes: 4e6 });
      const gap = exponential(sim.stream('gap'), 8_000);
      const send = (): void => {
        nic.send(1000, () => {});
        if (sim.now < 5e9) sim.schedule(gap(), send);
      };
      send();
      sim.run(5e9);
      return JSON.stringify(nic.stats(5e9));
    };
    const a = run(3);
    expect(run(3)).toBe(a);
    expect(run(4)).not.toBe(a);
    const s = JSON.parse(a);
    // 2e9 bits of credit + 0.256 Gbit/s · 5 s = 3.28e9 bits at most, against 5e9 bits offered.
    expect(s.bytesSent * 8).toBeLessThanOrEqual(2e9 + 0.256e9 * 5);
    expect(s.bytesSent * 8).toBeGreaterThan(0.99 * (2e9 + 0.256e9 * 5) - 4e6 * 8);
    // Every byte offered was sent, dropped or is still queued; the queue is full at the end.
    expect(s.bytesSent + s.bytesDropped + s.bytesQueued).toBe(s.bytesOffered);
    expect(s.bytesDropped).toBe(1000 * s.sendsDropped);
    expect(s.bytesQueued).toBeGreaterThan(4e6 - 2 * 1000);
    expect(s.bytesQueued).toBeLessThanOrEqual(4e6 + 1000);
    // Offered at 1 Gbit/s for 5 s, at most 3.28e9 bits go out and 3.2e7 wait: the rest, over a third, is dropped.
    expect(s.bytesDropped * 8).toBeGreaterThan(s.bytesOffered * 8 - (2e9 + 0.256e9 * 5) - 4e6 * 8 - 1e4);
    // Each 1000-byte drop is one packet over the allowance, and shaped sends add more.
    expect(s.allowanceExceededPackets).toBeGreaterThan(s.sendsDropped);
  });
});
