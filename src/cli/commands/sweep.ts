import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import { modelNames, type CapsimModel, type ModelRegistry } from '../../model.js';
import { validate } from '../../config/schema.js';
import { sweepCsv } from '../../sweep/csv.js';
import { progressBar } from '../../sweep/progress.js';
import { sweepJson, type SweepResult } from '../../sweep/result.js';
import { parseShard } from '../../sweep/shard.js';
import { planGrid, runSweep } from '../../sweep/sweep.js';
import { gridPoints } from '../../sweep/grid.js';
import { submitSlurm, sweepArgsForJobs, writeSlurmScripts } from '../../sweep/slurm.js';
import { positiveInt, UsageError } from '../usage-error.js';
import { outputFile } from '../output-path.js';
import { modelWithFlags, withModelFlags } from './predict.js';
import { COMMAND_HEADS } from '../command-heads.js';

/** `results.json` → `results.csv` (any other name gets `.csv` appended). */
export const csvPathFor = (jsonPath: string): string => (jsonPath.endsWith('.json') ? jsonPath.slice(0, -5) : jsonPath) + '.csv';

export const SWEEP_SCHEMA = 'src/sweep/sweep-result.schema.json';

/**
 * Writes the JSON to --out and the CSV beside it, or the JSON to stdout without --out. The result is
 * checked against its schema first (sweepJson keeps its one-line-per-point text, not checkedJson's).
 */
export function writeSweep(result: SweepResult, out: string | undefined): void {
  validate(SWEEP_SCHEMA, result, out ?? 'sweep result');
  if (out === undefined) {
    process.stdout.write(sweepJson(result));
    return;
  }
  writeFileSync(out, sweepJson(result));
  writeFileSync(csvPathFor(out), sweepCsv(result));
  process.stderr.write(`capsim: wrote ${out} and ${csvPathFor(out)} (${result.points.length} points × ${result.replications} runs)\n`);
}

/** --out and the CSV beside it, checked before the sweep runs. */
export function sweepOutput(out: unknown): string | undefined {
  if (out === undefined) return undefined;
  outputFile('out', out);
  outputFile('out', csvPathFor(String(out)));
  return String(out);
}

function confidence(value: unknown): number {
  const c = Number(value);
  if (!(c > 0 && c < 1)) throw new UsageError(`--confidence must be between 0 and 1 (e.g. 0.95), got ${JSON.stringify(value)}`);
  return c;
}

/** The sweep's own options: no model may name a flag the same (a test holds every model to it). */
export const SWEEP_OPTIONS = ['replications', 'confidence', 'jobs', 'j', 'shard', 'out', 'slurm', 'slurm-args', 'slurm-wait'] as const;

/** `--slurm n`: checks the grid and the flags here, then leaves the running to Slurm. */
function slurmSweep(model: CapsimModel, argv: Record<string, unknown>): void {
  const shards = positiveInt('slurm', argv.slurm, 100_000);
  if (argv.out === undefined) throw new UsageError('--slurm needs --out: the merge job writes the result there');
  if (argv.shard !== undefined) throw new UsageError('--slurm deals the shards itself; leave out --shard');
  const { axes } = planGrid(model, argv);
  gridPoints(axes);
  const plan = writeSlurmScripts(sweepArgsForJobs(process.argv.slice(2)), shards, String(argv.out));
  const extra = argv['slurm-args'] === undefined ? [] : String(argv['slurm-args']).split(/\s+/).filter((s) => s !== '');
  const { arrayJob, mergeJob } = submitSlurm(plan, extra, Boolean(argv['slurm-wait']));
  process.stderr.write(`capsim: submitted job array ${arrayJob} (${shards} shards) and merge job ${mergeJob} → ${String(argv.out)}; scripts and logs in ${plan.dir}\n`);
}

export const sweepCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.sweep,
  builder: (y) =>
    withModelFlags(
      registry,
      y
        .positional('model', { type: 'string', describe: `system to simulate: ${modelNames(registry)}` })
        .option('replications', { type: 'string', default: '1', describe: 'runs per grid point, each with its own seed derived from --seed' })
        .option('confidence', { type: 'string', default: '0.95', describe: 'confidence level of the intervals (Student t over the replications)' })
        .option('jobs', { type: 'string', alias: 'j', describe: `runs at once on worker threads (default: one per core, here ${availableParallelism()}; 1 runs serially in this thread)` })
        .option('shard', { type: 'string', describe: 'run only shard i of n (grid points dealt by index), e.g. 2/4; join the parts with capsim merge' })
        .option('out', { type: 'string', describe: 'write the result as JSON to this file and as CSV beside it (default: JSON on stdout)' })
        .option('slurm', { type: 'string', describe: 'submit the grid to Slurm as a job array of this many shards (task i runs --shard i/n) and a dependent merge job writing --out' })
        .option('slurm-args', { type: 'string', describe: 'extra sbatch options for both jobs, e.g. "--partition=short --time=30"' })
        .option('slurm-wait', { type: 'boolean', default: false, describe: 'with --slurm: wait until the merge job has written --out' })
        .example('$0 sweep chat --users 10..300:10 --tasks 1,2,4 --replications 3 --out results.json', 'capacity of 1, 2 and 4 app tasks')
        .example('$0 sweep chat --users 10..300:10 --shard 1/4 --out part1.json', 'a quarter of the grid, for one machine of four')
        .example('$0 sweep chat --users 10..300:10 --slurm 8 --out results.json', 'an 8-task Slurm job array and a merge job after it'),
    ),
  handler: async (argv) => {
    const name = String(argv.model);
    const model = modelWithFlags(registry, name, argv, 'sweep');
    if (argv.slurm !== undefined) return slurmSweep(model, argv);
    const out = sweepOutput(argv.out);
    const result = await runSweep(model, argv as Record<string, unknown>, {
      replications: positiveInt('replications', argv.replications, 10_000),
      confidence: confidence(argv.confidence),
      workers: argv.jobs === undefined ? availableParallelism() : positiveInt('jobs', argv.jobs, 1024),
      shard: argv.shard === undefined ? undefined : parseShard(argv.shard),
      onProgress: progressBar(process.stderr),
      modelsModule: registry.module,
    });
    writeSweep(result, out);
  },
});
