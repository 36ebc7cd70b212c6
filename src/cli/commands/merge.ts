import type { CommandModule } from 'yargs';
import { readJsonFile, validate, ValidationError } from '../../config/schema.js';
import { mergeShards } from '../../sweep/merge.js';
import type { SweepResult } from '../../sweep/result.js';
import { UsageError } from '../usage-error.js';
import { SWEEP_SCHEMA, sweepOutput, writeSweep } from './sweep.js';

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

export const mergeCommand: CommandModule = {
  command: 'merge <files..>',
  describe: 'join the shards of one sweep (capsim sweep --shard i/n) into the result a single run writes',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'shard results (JSON from capsim sweep --shard i/n --out), in any order' })
      .option('out', { type: 'string', describe: 'write the merged JSON here and the CSV beside it (default: JSON on stdout)' })
      .example('$0 merge part*.json --out results.json', 'after four machines ran --shard 1/4 … 4/4'),
  handler: (argv) => {
    const files = (argv.files as string[]).map(String);
    const out = sweepOutput(argv.out);
    writeSweep(mergeShards(files.map((file) => ({ file, result: readResult(file) }))), out);
  },
};
