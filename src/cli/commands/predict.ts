import type { Argv, CommandModule } from 'yargs';
import { MODELS, findModel } from '../../../models/index.js';
import type { CapsimModel } from '../../../models/registry.js';
import { validate } from '../../config/schema.js';
import { UsageError } from '../usage-error.js';
import { formatOf } from '../../charts/format.js';

/**
 * Flags of every model, grouped under the model's name in --help. A flag several models share
 * (--tasks, --profile, --seed) is registered once, without a yargs default: each model applies its
 * own default when the flag is absent, so one model's default never leaks into another's run.
 */
export function withModelFlags(y: Argv): Argv {
  const owners = flagOwners();
  for (const model of MODELS) {
    for (const [flag, spec] of Object.entries(model.flags)) {
      const names = owners[flag];
      if (names.length === 1) y = y.option(flag, { ...spec, group: `${model.name} model:` });
      else if (names[0] === model.name) {
        const each = names.map((name) => {
          const own = findModel(name)!.flags[flag];
          return `${name}: ${own.describe}${own.default !== undefined ? ` [default ${String(own.default)}]` : ''}`;
        });
        const { default: _none, ...rest } = spec;
        y = y.option(flag, { ...rest, describe: each.join('; '), group: 'flags of several models:' });
      }
    }
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
        .option('chart', { type: 'string', describe: 'also draw the run over time to this file (.svg, .png or .html)' })
        .example('$0 predict chat --users 100 --interval 1s', 'seed chat case a: 1 Fargate task, cache.t4g.small')
        .example('$0 predict chat --users 100 --interval 1s --tasks 2 --json', 'case c, as JSON'),
    ),
  handler: async (argv) => {
    const name = String(argv.model);
    if (argv.chart !== undefined) formatOf(String(argv.chart));
    const model = modelWithFlags(name, argv, 'predict');
    const prediction = model.predict(argv as Record<string, unknown>);
    if (argv.json) {
      validate(model.predictionSchema, prediction, `${name} prediction`);
      process.stdout.write(JSON.stringify(prediction, null, 2) + '\n');
    } else {
      process.stdout.write(model.text(prediction) + '\n');
    }
    // Loaded on demand: vega and the rasteriser are not needed to print a prediction.
    if (argv.chart !== undefined) await (await import('./chart.js')).predictionChart(model, prediction, String(argv.chart), argv as Record<string, unknown>);
  },
};

/** Whether `--flag` was typed on the command line (yargs cannot tell it from a default). */
export const typedOnCommandLine = (flag: string): boolean => process.argv.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));

/**
 * The model `name` of a predict or sweep command line, or a usage error: for an unknown model, or
 * for a flag typed on the line that belongs to other models only.
 */
export function modelWithFlags(name: string, argv: Record<string, unknown>, command: string): CapsimModel {
  const model = findModel(name);
  if (!model) throw new UsageError(`unknown model "${name}"; known models: ${MODELS.map((m) => m.name).join(', ')} (see capsim models)`);
  const owners = flagOwners();
  const foreign = Object.keys(argv).find((k) => k in owners && !model.flags[k] && argv[k] !== undefined && typedOnCommandLine(k));
  if (foreign) throw new UsageError(`--${foreign} is not a flag of the ${name} model (see capsim ${command} --help)`);
  return model;
}

function flagOwners(): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const m of MODELS) for (const f of Object.keys(m.flags)) (owners[f] ??= []).push(m.name);
  return owners;
}
