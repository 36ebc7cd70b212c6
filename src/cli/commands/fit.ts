import type { CommandModule } from 'yargs';
import { findModel, modelNames, type ModelRegistry } from '../../model.js';
import { UsageError } from '../usage-error.js';
import { COMMAND_HEADS } from '../command-heads.js';

export const fitCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.fit,
  builder: (y) =>
    y
      .positional('model', { type: 'string', describe: `model to fit: ${modelNames(registry, (m) => m.fit !== undefined)}` })
      .example('$0 fit chat', "refit chat's cloud unknowns to its published cases a and c, and rewrite models/chat/params.json"),
  handler: (argv) => {
    const model = findModel(registry, String(argv.model));
    if (!model?.fit) throw new UsageError(`no fit for model "${String(argv.model)}"; models with one: ${modelNames(registry, (m) => m.fit !== undefined)}`);
    process.stdout.write(model.fit((line) => process.stderr.write(line + '\n')) + '\n');
  },});
