import type { CommandModule } from 'yargs';
import { findModel, type CapsimModel, type ChartHints, type ModelRegistry, type Prediction } from '../../model.js';
import { SWEEP_CHART_KINDS, SWEEP_CHARTS, TIMELINE, type SweepChartKind } from '../../charts/index.js';
import { formatOf } from '../../charts/format.js';
import type { SweepResult } from '../../sweep/result.js';
import { UsageError } from '../usage-error.js';
import { userFile } from '../user-file.js';
import { readJsonFile, validate } from '../../config/schema.js';
import { SWEEP_SCHEMA } from './sweep.js';
import { outputFile } from '../output-path.js';
import { COMMAND_HEADS } from '../command-heads.js';

export function chartHintsOf(registry: ModelRegistry, name: string): { model: CapsimModel; hints: ChartHints } {
  const model = findModel(registry, name);
  if (!model) throw new UsageError(`unknown model "${name}"`);
  if (!model.charts) throw new UsageError(`the ${name} model has no chart hints (models/${name}: charts)`);
  return { model, hints: model.charts };
}

/** Draws a sweep result (capacity, delivery, utilisation) or a `predict --json` document (timeline). */
export async function chartFile(registry: ModelRegistry, input: unknown, out: string, kinds: readonly SweepChartKind[] | undefined, file = 'the input'): Promise<void> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError(`${file}: not a capsim sweep result or predict --json document (it is ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input})`);
  const doc = input as Partial<SweepResult> & Partial<Prediction>;
  if (doc.format === 'capsim-sweep/1') {
    const result = userFile(() => validate<SweepResult>(SWEEP_SCHEMA, doc, file));
    if (result.shard) throw new UsageError(`this is shard ${result.shard.index}/${result.shard.count} of a sweep; join the shards with capsim merge first`);
    const { hints } = chartHintsOf(registry, result.model);
    const chosen = kinds ?? SWEEP_CHART_KINDS;
    await (await import('../../charts/write.js')).writeCharts(chosen.map((k) => ({ spec: SWEEP_CHARTS[k].build(result, hints), caption: SWEEP_CHARTS[k].caption })), out, `capsim sweep of ${result.model}`);
    return;
  }
  if (typeof doc.model === 'string' && doc.metrics && doc.series) {
    if (kinds) throw new UsageError('--kind picks among the charts of a sweep; a prediction has one chart, its timeline');
    const { model, hints } = chartHintsOf(registry, doc.model);
    userFile(() => validate(model.predictionSchema, doc, file));
    await (await import('../../charts/write.js')).writeCharts([{ spec: TIMELINE.build(doc as Prediction, hints), caption: TIMELINE.caption }], out, `capsim predict ${doc.model}`);
    return;
  }
  throw new UsageError(`${file}: neither a capsim sweep result nor a capsim predict --json document`);
}

/** `capsim predict … --chart file`: the run over time. */
export async function predictionChart(model: CapsimModel, p: Prediction, file: string, flags: Record<string, unknown> = {}): Promise<void> {
  if (model.chartSpecs) {
    await (await import('../../charts/write.js')).writeCharts(model.chartSpecs(flags, p), file, `capsim predict ${model.name}`);
    process.stderr.write(`capsim: wrote ${file}\n`);
    return;
  }
  if (!model.charts) throw new UsageError(`the ${model.name} model has no chart hints (models/${model.name}: charts)`);
  const hints = model.charts;
  await (await import('../../charts/write.js')).writeCharts([{ spec: TIMELINE.build(p, hints), caption: TIMELINE.caption }], file, `capsim predict ${model.name}`);
  process.stderr.write(`capsim: wrote ${file}\n`);
}

export const chartCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.chart,
  builder: (y) =>
    y
      .positional('input', { type: 'string', describe: 'results.json from capsim sweep or capsim merge, or the output of capsim predict --json' })
      .option('out', { type: 'string', demandOption: true, describe: 'chart file: .svg, .png or .html (self-contained, works offline)' })
      .option('kind', { type: 'string', array: true, choices: SWEEP_CHART_KINDS, describe: 'which sweep charts (default: all, stacked)' })
      .example('$0 chart results.json --out capacity.png --kind capacity', 'the capacity curve alone')
      .example('$0 chart results.json --out sweep.html', 'every chart in one offline page'),
  handler: async (argv) => {
    const input = String(argv.input);
    const out = outputFile('out', argv.out);
    formatOf(out, 'out');
    const doc = userFile(() => readJsonFile(input));
    await chartFile(registry, doc, out, argv.kind as SweepChartKind[] | undefined, input);
    process.stderr.write(`capsim: wrote ${out}\n`);
  },});
