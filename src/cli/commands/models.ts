import type { CommandModule } from 'yargs';
import { findModel, modelNames, type CapsimModel, type ModelRegistry } from '../../model.js';
import { checkedJson } from '../../config/checked-json.js';
import { UsageError } from '../usage-error.js';
import { COMMAND_HEADS } from '../command-heads.js';

export const LISTING_SCHEMA = 'src/cli/listing.schema.json';

/** What `capsim models --json` prints: each model's card, flags and parameters with provenance. */
export function modelListing(models: readonly CapsimModel[]) {
  return models.map((m) => ({ name: m.name, title: m.title, seed: m.seed, description: m.description, flags: m.flags, parameters: m.parameters() }));
}

export const modelsCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.models,
  builder: (y) =>
    y
      .positional('model', { type: 'string', describe: 'model to explain' })
      .option('json', { type: 'boolean', default: false, describe: 'print the models, their flags and parameters as one JSON document (src/cli/listing.schema.json)' })
      .option('markdown', { type: 'boolean', default: false, describe: 'the parameters as a Markdown table (for a model README)' })
      .example('$0 models', 'every model in one paragraph, with its flags')
      .example('$0 models chat', "chat's network, flags and every parameter with its provenance")
      .example('$0 models feed --markdown', "feed's parameters as a Markdown table"),
  handler: (argv) => {
    const chosen = argv.model === undefined ? registry.models : [findModel(registry, String(argv.model))];
    if (chosen.some((m) => m === undefined)) throw new UsageError(`unknown model "${String(argv.model)}"; known models: ${modelNames(registry)}`);
    const models = chosen.filter((m) => m !== undefined);
    if (argv.markdown) {
      const rows = models.flatMap((m) => m.parameters().map((p) => `| \`${p.name}\` | ${p.value} | ${p.provenance.replace(/\|/g, '\\|')} |`));
      process.stdout.write(['| parameter | value | provenance |', '|---|---|---|', ...rows].join('\n') + '\n');
      return;
    }
    if (argv.json) {
      process.stdout.write(checkedJson(LISTING_SCHEMA, modelListing(models), 'capsim models --json'));
      return;
    }
    for (const m of models) {
      const lines = [`${m.name} — ${m.title} (${m.seed})`, `  ${m.description}`, '', '  flags (capsim predict ' + m.name + '):'];
      for (const [flag, spec] of Object.entries(m.flags)) lines.push(`    --${flag.padEnd(14)} ${spec.describe}${spec.default !== undefined ? ` [default ${String(spec.default)}]` : ''}`);
      if (argv.model !== undefined) {
        lines.push('', '  parameters (models/' + m.name + '/params.json):');
        for (const p of m.parameters()) lines.push(`    ${p.name} = ${p.value}`, `        ${p.provenance}`);
      } else lines.push('', `  parameters and provenance: capsim models ${m.name}`);
      process.stdout.write(lines.join('\n') + '\n\n');
    }
  },});
