import { describe, expect, it } from 'vitest';
import { AppTier } from '../../models/ktb-chat/app-tier.js';
import { BurstableCpu, waterLevel } from '../../models/ktb-chat/burstable-cpu.js';
import { loadProfile, type Profile } from '../../src/config/profiles.js';

// The app tier by its laws: an instance holds the credits its profile states, in proportion to the
// vCPUs it is given; a profile without CPU credits is never throttled nor billed; an event loop's
// lag is its backlog at the share of a vCPU it can get.

const t3 = loadProfile('t3.small');
const local = loadProfile('local');

describe('ktb-chat app tier: credits, lag and shares', () => {
  it('an instance takes its profile’s credit figures; one given fewer vCPUs earns and holds that share of them', () => {
    // A T-class profile whose bank is not 24 h of earning, so the figures must come from the profile.
    const odd: Profile = { ...t3, cpuCredits: { baselinePerVcpu: 0.4, creditsPerHour: 48, maxCredits: 1000 } };
    const whole = new AppTier(1, 1, odd, 'standard', 0).instances[0].cpu.credits;
    expect([whole.maxCredits, whole.baselineVcpus]).toEqual([1000, 0.8]);
    // Pinned to one of two vCPUs: half the earn rate (24/h = 0.4 vCPU-minutes per minute) and half the bank.
    const half = new AppTier(1, 1, odd, 'standard', 0, 1).instances[0].cpu.credits;
    expect([half.maxCredits, half.baselineVcpus]).toEqual([500, 0.4]);
    const t3half = new AppTier(1, 1, t3, 'standard', 576, 1).instances[0].cpu.credits;
    expect([t3half.maxCredits, t3half.baselineVcpus, t3half.level]).toEqual([288, 0.2, 288]);
  });

  it('a profile without CPU credits runs unlimited at full speed and bills nothing, whatever mode is asked', () => {
    const tier = new AppTier(1, 2, local, 'standard', 0);
    const cpu = tier.instances[0].cpu;
    expect(cpu.mode).toBe('unlimited');
    // Its baseline is every vCPU, and its bank a day of them at full use.
    expect([cpu.credits.baselineVcpus, cpu.credits.maxCredits]).toEqual([local.vcpus, local.vcpus * 60 * 24]);
    // Both loops busy for a minute: both vCPUs delivered, no surplus billed.
    for (let s = 0; s < 60; s++) {
      tier.addWork(0, 1);
      tier.addWork(1, 1);
      tier.step(1, [0]);
      expect([tier.loopShare(0), tier.loopShare(1)]).toEqual([1, 1]);
    }
    expect(cpu.surplusCredits).toBe(0);
    expect(cpu.usedVcpus).toBe(2);
  });

  it('lag = backlog ÷ the share of a vCPU a loop can get; no backlog, no lag; no step yet, no share', () => {
    // One instance pinned to 1 vCPU, three containers.
    const tier = new AppTier(1, 3, local, 'unlimited', 0, 1);
    expect([tier.loopShare(0), tier.loopShare(1), tier.loopShare(2)]).toEqual([0, 0, 0]);
    tier.addWork(0, 0.3);
    // Before any step a loop could have a whole vCPU: 0.3 s of work waits 0.3 s.
    expect(tier.lagS(0)).toBeCloseTo(0.3, 12);
    expect(tier.lagS(1)).toBe(0);
    // All three want the vCPU for the whole 0.1 s step: each gets a third of it.
    tier.addWork(1, 1);
    tier.addWork(2, 1);
    tier.step(0.1, [0]);
    expect(tier.loopShare(1)).toBeCloseTo(1 / 3, 12);
    const left = 1 - 0.1 / 3;
    // What is left waits at a third of a vCPU: three times as long.
    expect(tier.lagS(1)).toBeCloseTo(3 * left, 9);
    expect(tier.lagS(0)).toBeCloseTo(3 * (0.3 - 0.1 / 3), 9);
  });
});

describe('ktb-chat burstable CPU: what unlimited mode bills', () => {
  const t3spec = { baselinePerVcpu: 0.2, creditsPerHour: 24, maxCredits: 576 };
  /** `seconds` one-second steps with every process wanting `want` of a vCPU. */
  const busyFor = (cpu: BurstableCpu, processes: number, want: number, seconds: number): void => {
    for (let s = 0; s < seconds; s++) {
      const backlog = new Array<number>(processes).fill(want);
      cpu.serve(backlog, 1, new Array<number>(processes).fill(0));
    }
  };

  it('out of credits, unlimited runs at full speed and bills (busy − baseline) vCPU-minutes as surplus credits', () => {
    const cpu = new BurstableCpu(2, 'unlimited', t3spec, 0);
    busyFor(cpu, 2, 1, 60);
    expect(cpu.usedVcpus).toBe(2);
    // A minute at 2 vCPUs against a 0.4-vCPU baseline: 1.6 credits.
    expect(cpu.surplusCredits).toBeCloseTo(1.6, 9);
  });

  it('nothing is billed in standard mode, while credits remain, or at or under the baseline', () => {
    const standard = new BurstableCpu(2, 'standard', t3spec, 0);
    busyFor(standard, 2, 1, 60);
    // Throttled to its 0.4-vCPU baseline instead.
    expect(standard.usedVcpus).toBeCloseTo(0.4, 12);
    expect(standard.surplusCredits).toBe(0);
    const banked = new BurstableCpu(2, 'unlimited', t3spec, 576);
    busyFor(banked, 2, 1, 60);
    expect(banked.surplusCredits).toBe(0);
    expect(banked.credits.level).toBeCloseTo(576 - 1.6, 9);
    const idle = new BurstableCpu(2, 'unlimited', t3spec, 0);
    busyFor(idle, 1, 0.2, 60);
    expect(idle.surplusCredits).toBe(0);
  });
});

describe('ktb-chat burstable CPU: the water level', () => {
  it('a demand that fits exactly leaves the level at a whole vCPU; one over it shares out evenly', () => {
    // Two loops wanting half a vCPU each on one vCPU: both get what they want, and the level a
    // newcomer sees is still 1 (none is held back), not the 0.5 each happens to take.
    expect(waterLevel([0.5, 0.5], 1, 1)).toBe(1);
    expect(waterLevel([0.05, 0.05], 0.1, 1)).toBe(1);
    // Over capacity: the small want is met (0.2), the rest share 0.8 evenly.
    expect(waterLevel([0.2, 0.5, 0.5], 1, 1)).toBeCloseTo(0.4, 12);
    expect(waterLevel([1, 1, 1, 1], 1, 2)).toBeCloseTo(0.5, 12);
  });
});
