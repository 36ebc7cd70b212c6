import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cpu, CpuCredits, throttleProfile } from '../../src/components/index.js';
import { Simulation, exponential, fromSeconds, NS_PER_S } from '../../src/engine/index.js';

const T3_SMALL = { vcpus: 2, baselinePerVcpu: 0.2, creditsPerHour: 24, maxCredits: 576 };
const MINUTE = 60 * NS_PER_S;

describe('CpuCredits', () => {
  it('spends one credit per vCPU-minute and earns creditsPerHour', () => {
    const c = new CpuCredits({ ...T3_SMALL, initialCredits: 10 });
    c.advance(MINUTE, 2); // 2 vCPU-minutes spent, 0.4 earned
    expect(c.level).toBeCloseTo(8.4, 9);
    c.advance(60 * MINUTE, 0);
    expect(c.level).toBeCloseTo(32.4, 9);
    c.advance(1000 * 60 * MINUTE, 0);
    expect(c.level).toBe(576);
  });

  it('runs at full speed while credits last and at the instance baseline once empty', () => {
    const c = new CpuCredits({ ...T3_SMALL, initialCredits: 1 });
    expect(c.allowedSpeed(2)).toBe(1);
    // 2 busy vCPUs drain 2 − 0.4 = 1.6 credits per minute: one credit lasts 37.5 s.
    expect(c.nsUntilExhausted(2)).toBeCloseTo(37.5 * NS_PER_S, 0);
    c.advance(fromSeconds(37.5), 2);
    expect(c.level).toBe(0);
    expect(c.allowedSpeed(2)).toBeCloseTo(0.2, 12);
    // The 40% instance baseline may go to one vCPU; a load under it is never throttled.
    expect(c.allowedSpeed(1)).toBeCloseTo(0.4, 12);
    expect(c.allowedSpeed(0.3)).toBe(1);
  });

  it('rejects an earn rate that disagrees with the per-vCPU baseline', () => {
    expect(() => new CpuCredits({ vcpus: 2, baselinePerVcpu: 0.2, creditsPerHour: 30, initialCredits: 0 })).toThrow(RangeError);
    expect(new CpuCredits({ vcpus: 2, initialCredits: 0 }).maxCredits).toBe(576);
  });

  it('throttleProfile places the exhaustion instant inside a segment', () => {
    const out = throttleProfile({ ...T3_SMALL, initialCredits: 1 }, [
      { durationNs: fromSeconds(75), demandVcpus: 2 }, // 37.5 s at 1, 37.5 s at 0.2 → mean 0.6
      { durationNs: 10 * MINUTE, demandVcpus: 0.4 }, // exactly the baseline: balance stays 0
      { durationNs: 10 * MINUTE, demandVcpus: 0 }, // earns 4 credits
    ]);
    expect(out[0].speed).toBeCloseTo(0.6, 9);
    expect(out[0].credits).toBe(0);
    expect(out[1]).toEqual({ speed: 1, credits: 0 });
    expect(out[2].credits).toBeCloseTo(4, 9);
  });

  it('the balance never goes negative nor above the maximum (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120 * MINUTE }), fc.double({ min: 0, max: 2, noNaN: true })), { maxLength: 50 }),
        (initialCredits, steps) => {
          const c = new CpuCredits({ ...T3_SMALL, initialCredits });
          for (const [dt, busy] of steps) {
            const before = c.level;
            const speed = c.allowedSpeed(busy);
            c.advance(dt, busy);
            expect(c.level).toBeGreaterThanOrEqual(0);
            expect(c.level).toBeLessThanOrEqual(576);
            // Throttled usage is held exactly at the earn rate: an empty balance stays empty.
            if (before === 0 && busy * speed >= c.baselineVcpus - 1e-12) expect(c.level).toBeLessThan(1e-6);
          }
        },
      ),
    );
  });
});

describe('Cpu throttled by CpuCredits', () => {
  it('schedules the exhaustion instant exactly and slows the cores to the baseline', () => {
    const sim = new Simulation(1);
    const credits = new CpuCredits({ ...T3_SMALL, initialCredits: 1 });
    const cpu = new Cpu(sim, { cores: 2, discipline: 'fcfs', credits });
    const done: number[] = [];
    for (let i = 0; i < 2; i++) cpu.execute(fromSeconds(100), (now) => done.push(now));
    sim.run();
    // 37.5 s at full speed, then 62.5 s of work at 0.2 → 312.5 s more.
    expect(done.map((t) => Math.abs(t - fromSeconds(350)) <= 2)).toEqual([true, true]);
    expect(cpu.stats().throttledNs).toBeCloseTo(fromSeconds(312.5), -1);
  });

  it('a one-core event loop on a 2-vCPU burstable node gets the whole 40% baseline', () => {
    const sim = new Simulation(1);
    const credits = new CpuCredits({ ...T3_SMALL, initialCredits: 1 });
    const cpu = new Cpu(sim, { cores: 1, discipline: 'ps', credits });
    let doneAt = 0;
    cpu.execute(fromSeconds(200), (now) => (doneAt = now));
    sim.run();
    // Drain 0.6/min: one credit lasts 100 s; the other 100 s of work at 0.4 takes 250 s.
    expect(Math.abs(doneAt - fromSeconds(350))).toBeLessThanOrEqual(2);
    expect(credits.level).toBe(0);
  });

  it('credits balance: final = initial + earned − CPU work delivered (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 2, noNaN: true }), fc.integer({ min: 1, max: 2 }), (seed, initial, cores) => {
        const sim = new Simulation(seed);
        const credits = new CpuCredits({ ...T3_SMALL, maxCredits: 1e6, initialCredits: initial });
        const cpu = new Cpu(sim, { cores, discipline: seed % 2 ? 'ps' : 'fcfs', credits });
        const gap = exponential(sim.stream('gap'), fromSeconds(2));
        const demand = exponential(sim.stream('demand'), fromSeconds(1.8));
        let work = 0;
        for (let i = 0, t = 0; i < 300; i++) {
          t += Math.round(gap());
          const d = demand();
          work += d;
          sim.at(t, () => cpu.execute(d, () => {}));
        }
        let minSeen = Infinity;
        const probe = (): void => {
          minSeen = Math.min(minSeen, cpu.creditBalance()!);
          if (cpu.inSystem > 0 || sim.events.size > 0) sim.schedule(fromSeconds(1), probe);
        };
        sim.schedule(0, probe);
        sim.run();
        expect(minSeen).toBeGreaterThanOrEqual(0);
        const expected = initial + (24 / 3600) * (sim.now / NS_PER_S) - work / MINUTE;
        // Tolerance: ≤ 2 ns of rounding per event at up to 2 vCPUs.
        expect(Math.abs(cpu.creditBalance()! - expected)).toBeLessThan(1e-6);
        expect(cpu.stats().completed).toBe(300);
        // The load (≈ 0.9 vCPU against a 0.4 baseline) must have hit the throttle for the test to mean anything.
        expect(cpu.stats().throttledNs).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
  });
});
