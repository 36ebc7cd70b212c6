import { describe, expect, it } from 'vitest';
import { CALIBRATORS } from '../../calibration/index.js';
import { bySetting, committedRecords, heldOutFrom, type RunRecord } from '../../calibration/records.js';
import type { ValidationRow } from '../../calibration/targets.js';
import { loadPublished, type ComparisonRow } from '../../src/analysis/published.js';
import { reproduce } from '../../src/cli/commands/reproduce.js';
import { findModel } from '../../models/index.js';

/**
 * What a model claims, as tests: its published cases (what `capsim reproduce` prints) and its
 * committed held-out runs (what `capsim validate` prints), each judged by the target printed beside
 * it (calibration/targets.ts). A row within its target must stay within it. A row outside it is a
 * known miss, listed by the model's accuracy test with the error it has now: it may shrink, and
 * grow by at most MISS_SLACK.
 */

/** How much worse (in the row's unit: % or points) a known miss may get before a test fails. */
export const MISS_SLACK = 1;

/** Known misses: `<case or run> <metric>` → the signed error (% or points) it had when listed. */
export type KnownMisses = Record<string, number>;

/** Why a row fails, or null: within target, or a known miss no worse than listed. */
function verdict(key: string, row: { pass: boolean; errorPct: number | null; target: string }, misses: KnownMisses): string | null {
  const listed = misses[key];
  if (listed === undefined) return row.pass ? null : `${key}: ${row.errorPct}% is outside ${row.target} and is not a known miss`;
  const now = Math.abs(row.errorPct ?? Infinity);
  return now <= Math.abs(listed) + MISS_SLACK ? null : `${key}: known miss at ${listed}, now ${row.errorPct} (slack ${MISS_SLACK})`;
}

/** Fails naming every listed miss that matches no row, so a renamed run or metric cannot hide. */
function expectNoStaleMisses(misses: KnownMisses, keys: string[]): void {
  const present = new Set(keys);
  expect(Object.keys(misses).filter((k) => !present.has(k))).toEqual([]);
}

/**
 * One test per published figure of `modelName`'s non-blind cases (seed 1, as capsim reproduce),
 * all from one reproduction; `bottlenecks`: cases whose predicted bottleneck must be the write-up's.
 */
export function publishedCasesAreTests(modelName: string, misses: KnownMisses, bottlenecks: string[] = []): void {
  const model = findModel(modelName)!;
  const figures = loadPublished(model.published!).cases.flatMap((c) => (c.blind ? [] : Object.keys(c.published ?? {}).map((metric) => ({ c: c.case, metric }))));
  describe(`${modelName}: published cases (capsim reproduce)`, () => {
    // One test reproduces and judges every figure: run in beforeAll, the reproduction's code would
    // count as static for Stryker, which then reruns every test of the folder for each mutant in it.
    it(`every published figure (${figures.length}) within its target or no worse than its known miss; the listed bottlenecks are the write-up's`, () => {
      const r = reproduce(model, '1');
      const row = (c: string, metric: string): ComparisonRow => r.rows.find((x) => x.case === c && x.metric === metric)!;
      expect(figures.length).toBeGreaterThan(0);
      expect(figures.map(({ c, metric }) => verdict(`${c} ${metric}`, row(c, metric), misses)).filter((v) => v !== null)).toEqual([]);
      for (const c of bottlenecks) {
        const found = r.cases.find((x) => x.case === c)!;
        expect(found.bottleneck.predicted, `case ${c}'s bottleneck`).toBe(found.bottleneck.published);
      }
    }, 120_000);

    it('every known miss names a published figure', () => expectNoStaleMisses(misses, figures.map((f) => `${f.c} ${f.metric}`)));
  });
}

/**
 * One test per committed held-out setting of `modelName` (a run and its repeats), re-simulated as
 * capsim validate does; each judged row is held to its target or its known miss.
 */
export function heldOutRunsAreTests(modelName: string, misses: KnownMisses): void {
  const calibrator = CALIBRATORS[modelName];
  const heldOut = heldOutFrom(calibrator.fittedRuns());
  // A model with its own record kind (leaderboard) lists its committed records itself, as capsim validate does.
  const committed = calibrator.committed ? calibrator.committed() : committedRecords(modelName);
  const settings = bySetting(committed.filter((r) => heldOut(r.id)) as RunRecord[]);
  const seen: string[] = [];
  describe(`${modelName}: committed held-out runs (capsim validate)`, () => {
    it('there are held-out runs to judge', () => expect(settings.length).toBeGreaterThan(0));

    it.each(settings.map((s) => ({ setting: s.setting, runs: s.runs })))('$setting: every figure within its target or no worse than its known miss', ({ runs }) => {
      const rows: ValidationRow[] = calibrator.validate(runs);
      seen.push(...rows.map((x) => `${x.run} ${x.metric}`));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((x) => verdict(`${x.run} ${x.metric}`, x, misses)).filter((v) => v !== null)).toEqual([]);
    }, 120_000);

    // Last in the file: the rows of every setting above are known by then.
    it('every known miss names a judged row', () => {
      expect(seen.length).toBeGreaterThan(0);
      expectNoStaleMisses(misses, seen);
    });
  });
}
