import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Counter, Rate } from '../../src/metrics/index.js';
import { fromSeconds } from '../../src/engine/index.js';

describe('Counter', () => {
  it('sums increments and reports a per-second rate over the whole run, like k6 CounterSink', () => {
    const c = new Counter();
    c.add();
    c.add(4);
    expect(c.count).toBe(5);
    expect(c.summary(fromSeconds(2.5))).toEqual({ count: 5, rate: 2 });
  });

  it('equals count / seconds for any increments and duration', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000)), fc.integer({ min: 1, max: 1e13 }), (increments, durationNs) => {
        const c = new Counter();
        for (const n of increments) c.add(n);
        const total = increments.reduce((a, b) => a + b, 0);
        const { count, rate } = c.summary(durationNs);
        expect(count).toBe(total);
        expect(rate).toBeCloseTo(total / (durationNs / 1e9), 9);
      }),
    );
  });

  it('reports rate 0 for a zero-length run and rejects negative increments', () => {
    const c = new Counter();
    c.add(3);
    expect(c.summary(0)).toEqual({ count: 3, rate: 0 });
    expect(() => c.add(-1)).toThrow(RangeError);
    expect(() => c.add(NaN)).toThrow(RangeError);
  });
});

describe('Rate', () => {
  it('is the share of true values, with passes and fails counted', () => {
    const r = new Rate();
    r.add(true);
    r.add(false, 3);
    r.add(true, 4);
    expect(r.summary()).toEqual({ value: 5 / 8, passes: 5, fails: 3 });
  });

  it('is 0 when empty and always within [0, 1]', () => {
    expect(new Rate().summary()).toEqual({ value: 0, passes: 0, fails: 0 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(100))), (adds) => {
        const r = new Rate();
        for (const [pass, n] of adds) r.add(pass, n);
        const passes = adds.reduce((a, [pass, n]) => a + (pass ? n : 0), 0);
        const total = adds.reduce((a, [, n]) => a + n, 0);
        expect(r.passes).toBe(passes);
        expect(r.fails).toBe(total - passes);
        expect(r.value).toBe(total === 0 ? 0 : passes / total);
      }),
    );
  });

  it('rejects fractional counts', () => {
    expect(() => new Rate().add(true, 0.5)).toThrow(RangeError);
  });
});
