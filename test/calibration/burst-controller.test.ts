import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BurstController } from '../../calibration/load/burst-controller.js';

/** A directory standing in for a cgroup v1 cpu group: the controller only writes its two files. */
function fakeCgroup(): string {
  return mkdtempSync(join(tmpdir(), 'capsim-burst-'));
}

describe('burstable vCPU controller', () => {
  it('runs at a full core while credits last, drops to the 20% baseline when they run out, and returns when earned', () => {
    const cg = fakeCgroup();
    let cpu = 0;
    const c = new BurstController({ cgroup: cg, initialCredits: 0.01, baselineVcpus: 0.2, maxCredits: 288, periodUs: 100_000 }, () => cpu);
    const quota = (): number => Number(readFileSync(`${cg}/cpu.cfs_quota_us`, 'utf8'));
    expect(readFileSync(`${cg}/cpu.cfs_period_us`, 'utf8')).toBe('100000');
    expect(quota()).toBe(100_000);
    // 0.01 credits = 0.6 vCPU-s; using 0.5 vCPU earns 0.2 and spends 0.5: the bucket lasts 2 s.
    for (let t = 1; t <= 19; t++) (cpu += 0.05), c.tick(0.1, t / 10);
    expect(c.throttled).toBe(false);
    for (let t = 20; t <= 21; t++) (cpu += 0.05), c.tick(0.1, t / 10);
    expect(c.throttled).toBe(true);
    expect(c.emptiedAtS).toBeCloseTo(2.0, 5);
    expect(quota()).toBe(20_000);
    expect(c.credits).toBe(0);
    // The tick at 2.1 s overdrew 0.03 vCPU-s: one idle tick (earning 0.02) still owes, the next lets it out.
    expect(c.balance).toBeCloseTo(-0.03 / 60, 12);
    c.tick(0.1, 2.2);
    expect(c.throttled).toBe(true);
    c.tick(0.1, 2.3);
    expect(c.throttled).toBe(false);
    expect(c.credits).toBeCloseTo(0.01 / 60, 12);
    c.release();
    expect(quota()).toBe(-1);
  });

  it('holds an app that always wants a full core at the baseline once the bucket is empty (an overdraft is owed, not forgiven)', () => {
    const cg = fakeCgroup();
    let cpu = 0;
    const c = new BurstController({ cgroup: cg, initialCredits: 0.005, baselineVcpus: 0.1, maxCredits: 144, periodUs: 100_000 }, () => cpu);
    // Each tick the app uses what the quota allows: a full 0.1 s, or a little under the baseline's
    // 0.01 s (CFS periods do not line up with the ticks), which earns a sliver of credit.
    let used = 0;
    const ticks = 600;
    for (let t = 1; t <= ticks; t++) {
      const run = c.throttled ? 0.009 : 0.1;
      (cpu += run), (used += run);
      c.tick(0.1, t / 10);
    }
    // 0.005 credits = 0.3 vCPU-s of burst, then the baseline: over 60 s at most 0.3 + 0.1 × 60 + one tick.
    expect(used).toBeLessThanOrEqual(0.3 + 0.1 * 60 + 0.1 + 1e-9);
    expect(used / 60).toBeLessThan(0.12);
    expect(c.balance).toBeGreaterThanOrEqual(-0.1 / 60 - 1e-12);
  });
});
