import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModel } from '../models/index.js';
import { planGrid } from '../src/sweep/sweep.js';
import { gridPoints } from '../src/sweep/grid.js';
import { replicationSeeds } from '../src/sweep/seeds.js';
import { runOne } from '../src/sweep/run-one.js';
import { median, wall } from './process-time.js';

/** The sweep's results as written, JSON and CSV: -j must never change a byte of them. */
function sweepOnce(bin: string, args: readonly string[], jobs: number, dir: string): { seconds: number; output: string } {
  const out = join(dir, `j${jobs}.json`);
  const seconds = wall([bin, ...args, '-j', String(jobs), '--out', out]);
  return { seconds, output: readFileSync(out, 'utf8') + readFileSync(out.replace(/\.json$/, '.csv'), 'utf8') };
}

/** `-j 1` and `-j 2` in turn, `runs` times each: medians, the speed-up and whether the results are identical. */
export function sweepSpeedup(bin: string, args: readonly string[], runs = 3): string {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-bench-'));
  try {
    const one: number[] = [];
    const two: number[] = [];
    let identical = true;
    for (let i = 0; i < runs; i++) {
      const a = sweepOnce(bin, args, 1, dir);
      const b = sweepOnce(bin, args, 2, dir);
      one.push(a.seconds);
      two.push(b.seconds);
      identical &&= a.output === b.output;
    }
    const speedup = median(one) / median(two);
    return `capsim ${args.join(' ')}: -j 1 median ${median(one).toFixed(2)} s, -j 2 median ${median(two).toFixed(2)} s (${runs} each, in turn): ${speedup.toFixed(2)}× (target ≥ 1.7× on 2 idle cores), results ${identical ? 'byte-identical' : 'DIFFERENT'}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A sweep's whole-process time at -j 1 against the sum of its simulations run warm in this process
 * (each run once to warm up, then timed): what the sweep costs beyond the simulations themselves.
 */
export function sweepOverhead(bin: string, model: string, flags: Record<string, string>, replications: number): string {
  const m = findModel(model)!;
  const { axes, fixed, baseSeed } = planGrid(m, flags);
  const jobs = gridPoints(axes).flatMap((p) => replicationSeeds(baseSeed, replications).map((seed) => ({ model, flags: { ...fixed, ...p.values }, seed })));
  for (const job of jobs) runOne(m, job);
  let warm = 0;
  for (const job of jobs) {
    const t0 = performance.now();
    runOne(m, job);
    warm += (performance.now() - t0) / 1000;
  }
  const args = ['sweep', model, ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v]), '--replications', String(replications)];
  const dir = mkdtempSync(join(tmpdir(), 'capsim-bench-'));
  try {
    const whole = sweepOnce(bin, args, 1, dir).seconds;
    return `capsim ${args.join(' ')} -j 1 (${jobs.length} runs): whole process ${whole.toFixed(2)} s against ${warm.toFixed(2)} s of warm simulations: ${(whole / warm).toFixed(2)}× (${(whole - warm).toFixed(2)} s beyond them)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
