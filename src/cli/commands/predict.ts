import type { Argv, CommandModule } from 'yargs';
import { everyModelFlags, findModel, modelNames, type CapsimModel, type ModelRegistry } from '../../model.js';
import { validate } from '../../config/schema.js';
import { UsageError } from '../usage-error.js';
import { formatOf } from '../../charts/format.js';
import { typedOnCommandLine } from '../typed-flags.js';
import { outputFile } from '../output-path.js';
import { withSimulationProgress } from '../progress.js';
import { COMMAND_HEADS } from '../command-heads.js';

/**
 * Flags of every model, grouped under the model's name in --help. A flag several models share
 * (--tasks, --profile, --seed) is registered once, without a yargs default: each model applies its
 * own default when the flag is absent, so one model's default never leaks into another's run.
 */
export function withModelFlags(registry: ModelRegistry, y: Argv): Argv {
  const owners = flagOwners(registry);
  const all = everyModelFlags(registry);
  for (const model of all) {
    for (const [flag, spec] of Object.entries(model.flags)) {
      const names = owners[flag];
      if (names.length === 1) y = y.option(flag, { ...spec, group: `${model.name} model:` });
      else if (names[0] === model.name) {
        const each = names.map((name) => {
          const own = all.find((m) => m.name === name)!.flags[flag];
          return `${name}: ${own.describe}${own.default !== undefined ? ` [default ${String(own.default)}]` : ''}`;
        });
        const { default: _none, ...rest } = spec;
        y = y.option(flag, { ...rest, describe: each.join('; '), group: 'flags of several models:' });
      }
    }
  }
  return y;
}

export const predictCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.predict,
  builder: (y) =>
    withModelFlags(
      registry,
      y
        .positional('model', { type: 'string', describe: `system to simulate: ${modelNames(registry)}` })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON document (k6 --summary-export shape under "metrics")' })
        .option('chart', { type: 'string', describe: 'also draw the run over time to this file (.svg, .png or .html)' })
        .example('$0 predict chat --users 100 --interval 1s', 'seed chat case a: 1 Fargate task, cache.t4g.small')
        .example('$0 predict chat --users 100 --interval 1s --tasks 2 --json', 'case c, as JSON'),
    ),
  handler: async (argv) => {
    const name = String(argv.model);
    if (argv.chart !== undefined) formatOf(outputFile('chart', argv.chart), 'chart');
    const model = modelWithFlags(registry, name, argv, 'predict');
    const prediction = await withSimulationProgress(`predict ${name}`, { json: Boolean(argv.json) }, () => model.predict(argv as Record<string, unknown>));
    if (argv.json) {
      validate(model.predictionSchema, prediction, `${name} prediction`);
      process.stdout.write(JSON.stringify(prediction, null, 2) + '\n');
    } else {
      process.stdout.write(model.text(prediction) + '\n');
    }
    // Loaded on demand: vega and the rasteriser are not needed to print a prediction.
    if (argv.chart !== undefined) await (await import('./chart.js')).predictionChart(model, prediction, String(argv.chart), argv as Record<string, unknown>);
  },
});


/**
 * The model `name` of a predict or sweep command line, or a usage error: for an unknown model, or
 * for a flag typed on the line that belongs to other models only.
 */
export function modelWithFlags(registry: ModelRegistry, name: string, argv: Record<string, unknown>, command: string): CapsimModel {
  const model = findModel(registry, name);
  if (!model) throw new UsageError(`unknown model "${name}"; known models: ${modelNames(registry)} (see capsim models)`);
  const owners = flagOwners(registry);
  const foreign = Object.keys(argv).find((k) => k in owners && !model.flags[k] && argv[k] !== undefined && typedOnCommandLine(k));
  if (foreign) throw new UsageError(`--${foreign} is not a flag of the ${name} model (see capsim ${command} --help)`);
  return model;
}

function flagOwners(registry: ModelRegistry): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const m of everyModelFlags(registry)) for (const f of Object.keys(m.flags)) (owners[f] ??= []).push(m.name);
  return owners;
}
