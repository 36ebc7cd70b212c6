import type { CapsimModel } from '../model.js';
import { UsageError, seed as parseSeed } from '../cli/usage-error.js';
import { gridPoints, gridSize, isSweepValue, parseAxisValues, type Axis, type GridPoint } from './grid.js';
import { runJobs } from './pool.js';
import { summarisePoint, sweepResult, type SweepHeader, type SweepResult } from './result.js';
import type { RunJob } from './run-record.js';
import { replicationSeeds } from './seeds.js';
import { inShard, type Shard } from './shard.js';

/**
 * Runs one invocation may ask for: a run takes from a fraction of a second to tens of seconds, so
 * 10,000 are hours already; a bigger grid is split with --shard over several invocations.
 */
export const MAX_SWEEP_RUNS = 10_000;

export interface SweepOptions {
  replications: number;
  confidence: number;
  workers: number;
  /** The registry's models module (ModelRegistry.module): worker threads load the model from it; without it the runs are serial. */
  modelsModule?: string;
  shard?: Shard;
  /** Called after every finished run with (runs done, runs in all). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Splits a model's flag values into axes (a list or range: `1,2,4`, `10..300:10`) and fixed flags,
 * in the model's flag order. Array flags (e.g. --profile) already mean "several at once" and are
 * passed through; `--seed` is the base seed of the replications.
 */
export function planGrid(model: CapsimModel, flags: Record<string, unknown>): { axes: Axis[]; fixed: SweepHeader['fixed']; baseSeed: number } {
  const axes: Axis[] = [];
  const fixed: SweepHeader['fixed'] = {};
  for (const [flag, spec] of Object.entries(model.flags)) {
    const value = flags[flag];
    if (value === undefined || flag === 'seed') continue;
    if (!spec.array && typeof value === 'string' && isSweepValue(value)) axes.push({ flag, values: parseAxisValues(flag, value) });
    // Model flags are strings (or lists of them, as --profile): kept as the CLI took them.
    else fixed[flag] = Array.isArray(value) ? value.map(String) : String(value);
  }
  const rawSeed = flags.seed ?? '1';
  if (typeof rawSeed === 'string' && isSweepValue(rawSeed)) throw new UsageError('--seed takes one base seed; use --replications R for R seeds per point');
  return { axes, fixed, baseSeed: parseSeed(rawSeed) };
}

/** Runs the grid (or one shard of it), R seeds per point, and summarises each point. */
export async function runSweep(model: CapsimModel, flags: Record<string, unknown>, opts: SweepOptions): Promise<SweepResult> {
  const { axes, fixed, baseSeed } = planGrid(model, flags);
  const header: SweepHeader = {
    format: 'capsim-sweep/1',
    model: model.name,
    fixed,
    axes,
    baseSeed,
    replications: opts.replications,
    seeds: replicationSeeds(baseSeed, opts.replications),
    confidence: opts.confidence,
    gridSize: gridSize(axes),
  };
  const points: GridPoint[] = gridPoints(axes).filter((p) => !opts.shard || inShard(p.index, opts.shard));
  const runs = points.length * opts.replications;
  if (runs > MAX_SWEEP_RUNS) {
    throw new UsageError(
      `the sweep asks for ${runs.toLocaleString('en-US')} runs (${points.length.toLocaleString('en-US')} points × ${opts.replications} replications); at most ${MAX_SWEEP_RUNS.toLocaleString('en-US')} per invocation, hours of simulation already: take a coarser step or split it with --shard i/n`,
    );
  }
  const jobs: RunJob[] = points.flatMap((p) => header.seeds.map((seed) => ({ model: model.name, flags: { ...fixed, ...p.values }, seed })));
  const records = await runJobs(model, jobs, opts.workers, opts.modelsModule, (done) => opts.onProgress?.(done, jobs.length));
  const R = opts.replications;
  const summarised = points.map((p, i) => summarisePoint(p.index, p.values, records.slice(i * R, (i + 1) * R), opts.confidence));
  return sweepResult(header, summarised, opts.shard);
}
