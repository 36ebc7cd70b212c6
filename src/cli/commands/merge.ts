import type { CommandModule } from 'yargs';
import { readJsonFile, validate, ValidationError } from '../../config/schema.js';
import { mergeShards } from '../../sweep/merge.js';
import type { SweepResult } from '../../sweep/result.js';
import { UsageError } from '../usage-error.js';
import { SWEEP_SCHEMA, sweepOutput, writeSweep } from './sweep.js';
import { mergePlanParts } from '../../plan/merge.js';
import type { PlanResult } from '../../plan/result.js';
import { planText } from '../../plan/text.js';
import { PLAN_SCHEMA } from './plan.js';
import { COMMAND_HEADS } from '../command-heads.js';

/** A shard from disk, checked against the sweep schema: a bad input file is a usage error (exit 2). */
export function readResult(file: string): SweepResult {
  try {
    const doc = readJsonFile(file);
    // Any other JSON gets the plain answer rather than the first field the schema misses.
    if ((doc as { format?: unknown } | null)?.format !== 'capsim-sweep/1') throw new UsageError(`${file} is not a capsim sweep result`);
    return validate<SweepResult>(SWEEP_SCHEMA, doc, file);
  } catch (err) {
    throw err instanceof ValidationError ? new UsageError(err.message) : err;
  }
}

/** Whether a file is a part of `capsim plan --shard i/n` rather than of a sweep. */
function isPlanPart(file: string): boolean {
  try {
    return (readJsonFile(file) as { format?: unknown } | null)?.format === 'capsim-plan/1';
  } catch {
    return false;
  }
}

function printPlan(files: string[], json: boolean): void {
  const parts = files.map((file) => {
    try {
      return { file, result: validate<PlanResult>(PLAN_SCHEMA, readJsonFile(file), file) };
    } catch (err) {
      throw err instanceof ValidationError ? new UsageError(err.message) : err;
    }
  });
  const plan = mergePlanParts(parts);
  process.stdout.write(json ? JSON.stringify(plan, null, 2) + '\n' : planText(plan) + '\n');
}

export const mergeCommand: CommandModule = {
  ...COMMAND_HEADS.merge,
  builder: (y) =>
    y
      // yargs gives a variadic positional a default of [] and would show it beside [required].
      .positional('files', { type: 'string', array: true, default: undefined, describe: 'shard results (JSON from capsim sweep --shard i/n --out), in any order' })
      .option('out', { type: 'string', describe: 'write the merged JSON here and the CSV beside it (default: JSON on stdout)' })
      .option('json', { type: 'boolean', default: false, describe: 'plan parts (capsim plan --shard i/n): print the joined plan as JSON instead of text' })
      .example('$0 merge part*.json --out results.json', 'after four machines ran --shard 1/4 … 4/4'),
  handler: (argv) => {
    const files = (argv.files as string[]).map(String);
    if (files.length > 0 && isPlanPart(files[0])) return printPlan(files, Boolean(argv.json));
    const out = sweepOutput(argv.out);
    writeSweep(mergeShards(files.map((file) => ({ file, result: readResult(file) }))), out);
  },
};
