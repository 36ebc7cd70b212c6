import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { mergeShards } from '../../sweep/merge.js';
import type { SweepResult } from '../../sweep/result.js';
import { UsageError } from '../usage-error.js';
import { writeSweep } from './sweep.js';

function readResult(file: string): SweepResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text) as SweepResult;
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
}

export const mergeCommand: CommandModule = {
  command: 'merge <files..>',
  describe: 'join the shards of one sweep (capsim sweep --shard i/n) into the result a single run writes',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'shard results, in any order' })
      .option('out', { type: 'string', describe: 'write the merged JSON here and the CSV beside it (default: JSON on stdout)' })
      .example('$0 merge part*.json --out results.json', 'after four machines ran --shard 1/4 … 4/4'),
  handler: (argv) => {
    const files = (argv.files as string[]).map(String);
    writeSweep(mergeShards(files.map((file) => ({ file, result: readResult(file) }))), argv.out as string | undefined);
  },
};
