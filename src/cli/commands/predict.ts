import type { Argv, CommandModule } from 'yargs';
import { MODELS, findModel } from '../../../models/index.js';
import { validate } from '../../config/schema.js';
import { UsageError } from '../usage-error.js';

/** Flags of every model, grouped under the model's name in --help. */
function withModelFlags(y: Argv): Argv {
  for (const model of MODELS) {
    for (const [flag, spec] of Object.entries(model.flags)) y = y.option(flag, { ...spec, group: `${model.name} model:` });
  }
  return y;
}

export const predictCommand: CommandModule = {
  command: 'predict <model>',
  describe: 'simulate a model under a load and print k6-style metrics and the bottleneck',
  builder: (y) =>
    withModelFlags(
      y
        .positional('model', { type: 'string', describe: `system to simulate: ${MODELS.map((m) => m.name).join(', ')}` })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON document (k6 --summary-export shape under "metrics")' })
        .example('$0 predict chat --users 100 --interval 1s', 'seed chat case a: 1 Fargate task, cache.t4g.small')
        .example('$0 predict chat --users 100 --interval 1s --tasks 2 --json', 'case c, as JSON'),
    ),
  handler: (argv) => {
    const name = String(argv.model);
    const model = findModel(name);
    if (!model) throw new UsageError(`unknown model "${name}"; known models: ${MODELS.map((m) => m.name).join(', ')} (see capsim models)`);
    const given = Object.keys(argv).filter((k) => k in flagOwners() && !model.flags[k] && argv[k] !== undefined && process.argv.some((a) => a === `--${k}` || a.startsWith(`--${k}=`)));
    if (given.length > 0) throw new UsageError(`--${given[0]} is not a flag of the ${name} model (see capsim predict --help)`);
    const prediction = model.predict(argv as Record<string, unknown>);
    if (argv.json) {
      validate(model.predictionSchema, prediction, `${name} prediction`);
      process.stdout.write(JSON.stringify(prediction, null, 2) + '\n');
    } else {
      process.stdout.write(model.text(prediction) + '\n');
    }
  },
};

function flagOwners(): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const m of MODELS) for (const f of Object.keys(m.flags)) (owners[f] ??= []).push(m.name);
  return owners;
}
