import { describe, expect, it } from 'vitest';
import { listProfileNames } from '../../src/config/profiles.js';
import { hourlyPrice, loadPrices, priceBill } from '../../src/config/prices.js';

describe('on-demand price table (models/profiles/prices)', () => {
  it('prices every profile on disk, each with a region, a recorded date and a source page', () => {
    const table = loadPrices();
    expect(Object.keys(table.prices).sort()).toEqual(listProfileNames());
    for (const [name, p] of Object.entries(table.prices)) {
      expect(p.source.length, name).toBeGreaterThan(10);
      expect(p.recorded).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (p.billing !== 'not-for-sale') expect(p.region, name).toBe('us-east-1');
    }
  });

  it('bills Fargate per vCPU and GiB, instances per hour, months at 730 h', () => {
    expect(hourlyPrice({ role: 'app', profile: 'fargate-1vcpu', count: 1 })).toBeCloseTo(0.04048 + 2 * 0.004445, 9);
    expect(hourlyPrice({ role: 'app', profile: 'fargate-1vcpu', count: 2, vcpus: 4, memoryGiB: 8 })).toBeCloseTo(2 * (4 * 0.04048 + 8 * 0.004445), 9);
    const bill = priceBill([
      { role: 'Redis', profile: 'cache.t4g.small', count: 1 },
      { role: 'db', profile: 't4g.medium', count: 2 },
    ]);
    expect(bill.usdPerMonth).toBeCloseTo((0.032 + 2 * 0.0336) * 730, 2);
    expect(bill.lines[1].usdPerMonth).toBeCloseTo(2 * 0.0336 * 730, 2);
  });

  it('refuses to price this machine', () => {
    expect(() => hourlyPrice({ role: 'app', profile: 'local', count: 1 })).toThrow(/not for sale/);
  });
});
