import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HELD_OUT, validationRows } from '../../calibration/targets.js';
import { validate } from '../../src/config/schema.js';
import { countsLine, rangeText, validationCounts, VALIDATION_SCHEMA } from '../../src/report/validation-table.js';

const TARGETS = { rate: HELD_OUT.rate, cpu: HELD_OUT.cpu };
type Figures = Record<keyof typeof TARGETS, number>;

describe('validationRows', () => {
  it("brackets a setting's mean with its runs' lowest and highest reading", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ rate: fc.double({ min: 1, max: 100, noNaN: true }), cpu: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 2, maxLength: 6 }), (runs: Figures[]) => {
        const mean = { rate: runs.reduce((s, r) => s + r.rate, 0) / runs.length, cpu: runs.reduce((s, r) => s + r.cpu, 0) / runs.length };
        for (const row of validationRows('setting', TARGETS, mean, mean, runs)) {
          const [lo, hi] = row.measuredRange!;
          expect(lo).toBeLessThanOrEqual(row.measured + 1e-4);
          expect(hi).toBeGreaterThanOrEqual(row.measured - 1e-4);
          const readings = runs.map((r) => r[row.metric as keyof Figures]);
          expect(lo).toBeCloseTo(Math.min(...readings), 3);
          expect(hi).toBeCloseTo(Math.max(...readings), 3);
        }
      }),
    );
  });

  it('gives no range for a single run', () => {
    const one = { rate: 10, cpu: 0.5 };
    const rows = validationRows('run', TARGETS, one, one, [one]);
    expect(rows.every((r) => r.measuredRange === undefined)).toBe(true);
    expect(rangeText(rows[0], String)).toBe('—');
  });
});

describe('validation document schema', () => {
  const runs = [
    { rate: 9, cpu: 0.4 },
    { rate: 11, cpu: 0.6 },
  ];
  const rows = validationRows('s (mean of 2)', TARGETS, { rate: 10, cpu: 0.5 }, { rate: 10.2, cpu: 0.52 }, runs);
  const doc = { model: 'feed', fittedTo: ['a'], runs: ['s', 's-r2'], rows, passed: 2, failed: 0, reported: 0 };

  it('accepts what capsim validate writes', () => {
    expect(() => validate(VALIDATION_SCHEMA, doc, 'doc')).not.toThrow();
    expect(rangeText(rows[0], String)).toBe('9–11');
    expect(rangeText({ ...rows[0], measuredRange: [1, 1] }, String)).toBe('1');
  });

  it('rejects a row without its verdict or with a range of three readings', () => {
    const { pass: _, ...noPass } = rows[0];
    expect(() => validate(VALIDATION_SCHEMA, { ...doc, rows: [noPass] }, 'doc')).toThrow(/rows\[0\]\.pass/);
    expect(() => validate(VALIDATION_SCHEMA, { ...doc, rows: [{ ...rows[0], measuredRange: [1, 2, 3] }] }, 'doc')).toThrow(/measuredRange/);
  });
});

describe('validationCounts', () => {
  it('counts only judged rows as within or outside target; a reported row is neither', () => {
    const rows = [
      ...validationRows('a', { rate: HELD_OUT.rate, cpu: HELD_OUT.cpu }, { rate: 10, cpu: 0.5 }, { rate: 10.2, cpu: 0.7 }),
      ...validationRows('b', { p50: HELD_OUT.reported }, { p50: 3 }, { p50: 30 }),
    ];
    const counts = validationCounts(rows);
    expect(counts).toEqual({ passed: 1, failed: 1, reported: 1 });
    expect(countsLine(counts)).toBe('1 of 2 judged rows within target, 1 outside, 1 reported only');
  });
});
