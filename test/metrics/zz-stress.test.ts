import { expect, it } from 'vitest';
import fc from 'fast-check';
import { Trend } from '../../src/metrics/index.js';
const lin = (lo: number, hi: number, n: number) => { if (n === 1 || lo === hi) return Array(n).fill(lo); const s = (hi - lo) / (n - 1); return Array.from({ length: n }, (_, i) => i === n - 1 ? hi : Math.min(hi, lo + i * s)); };
it('stress', () => {
  const num = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 4096 }));
  fc.assert(fc.property(num, num, fc.integer({ min: 0, max: 5000 }), (a, b, n) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const u = new Trend(); u.addUniform(lo, hi, n);
    const r = new Trend(); for (const v of lin(lo, hi, n)) r.add(v);
    const cu: number[] = [], cr: number[] = [];
    (u as any).buckets.forEachNonEmpty((i: number, c: number) => cu.push(i, c));
    (r as any).buckets.forEachNonEmpty((i: number, c: number) => cr.push(i, c));
    expect(cu).toEqual(cr); expect((u as any).zeros).toBe((r as any).zeros);
  }), { numRuns: 3000 });
}, 300000);
