import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Series } from '../../src/metrics/index.js';
import { fromMillis, fromSeconds } from '../../src/engine/index.js';

const values = (s: Series, untilNs?: number) => s.toArray(untilNs).map((p) => p.value);

describe('Series', () => {
  it('buckets by second, a boundary instant counting in the later second, gaps as zeros', () => {
    const s = new Series();
    s.add(0, 1);
    s.add(fromMillis(999), 2);
    s.add(fromSeconds(1), 5);
    s.add(fromSeconds(3.2), 7);
    expect(s.toArray()).toEqual([
      { t: 0, value: 3 },
      { t: 1, value: 5 },
      { t: 2, value: 0 },
      { t: 3, value: 7 },
    ]);
  });

  it('pads with zeros to the end of the run when asked', () => {
    const s = new Series();
    s.add(fromMillis(500), 1);
    expect(values(s, fromSeconds(3.5))).toEqual([1, 0, 0, 0]);
    expect(values(s, fromSeconds(3))).toEqual([1, 0, 0]);
  });

  it('spreads an amount across buckets in proportion to overlap', () => {
    const s = new Series();
    s.addSpread(fromSeconds(0.5), fromSeconds(2.5), 4);
    expect(values(s)).toEqual([1, 2, 1]);
    const exact = new Series();
    exact.addSpread(0, fromSeconds(1), 3); // ends on the boundary: nothing leaks into second 1
    expect(values(exact)).toEqual([3]);
  });

  it('uses its bucket width for both keys and times', () => {
    const s = new Series(fromMillis(100));
    s.addSpread(fromMillis(50), fromMillis(250), 10);
    expect(s.toArray()).toEqual([
      { t: 0, value: 2.5 },
      { t: 0.1, value: 5 },
      { t: 0.2, value: 2.5 },
    ]);
  });

  it('conserves everything added, including spreads across many boundaries', () => {
    const time = fc.integer({ min: 0, max: 20_000_000_000 });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), t0: time, t1: time, amount: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
      fc.record({ kind: fc.constant('spread' as const), t0: time, t1: time, amount: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 50 }), fc.integer({ min: 1_000_000, max: 3_000_000_000 }), (ops, width) => {
        const s = new Series(width);
        let added = 0;
        for (const { kind, t0, t1, amount } of ops) {
          if (kind === 'add') s.add(t0, amount);
          else s.addSpread(t0, t1, amount);
          added += amount;
        }
        const total = values(s).reduce((a, b) => a + b, 0);
        expect(Math.abs(total - added)).toBeLessThanOrEqual(1e-9 * added);
        expect(s.total).toBeCloseTo(total, 6);
      }),
    );
  });

  it('never gives a bucket more than its overlap share of a spread', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), fc.integer({ min: 1, max: 1e10 }), (t0, length) => {
        const s = new Series();
        s.addSpread(t0, t0 + length, 1000);
        const cap = (1000 * Math.min(1e9, length)) / length;
        for (const v of values(s)) expect(v).toBeLessThanOrEqual(cap * (1 + 1e-9));
      }),
    );
  });

  it('rejects negative times and widths', () => {
    expect(() => new Series(0)).toThrow(RangeError);
    expect(() => new Series().add(-1, 1)).toThrow(RangeError);
  });
});
