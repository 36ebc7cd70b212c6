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
    // Idle for a tick: it earns 0.2 × 0.1 vCPU-s and is let out again.
    c.tick(0.1, 2.2);
    expect(c.throttled).toBe(false);
    expect(c.credits).toBeCloseTo(0.02 / 60, 12);
    c.release();
    expect(quota()).toBe(-1);
  });
});
