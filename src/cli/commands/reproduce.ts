import type { CommandModule } from 'yargs';
import { findModel, modelNames, type CapsimModel, type ModelRegistry, type Prediction } from '../../model.js';
import { compareCase, loadPublished, type ComparisonRow } from '../../analysis/published.js';
import { checkedJson } from '../../config/checked-json.js';
import { UsageError } from '../usage-error.js';
import { metricUnit, verdict } from '../../report/metric-unit.js';
import { TARGETS_SOURCE } from '../../../calibration/targets.js';
import { COMMAND_HEADS } from '../command-heads.js';

export const REPRODUCTION_SCHEMA = 'src/analysis/reproduction.schema.json';

export interface Reproduction {
  model: string;
  source: string;
  cases: Array<{ case: string; label: string; flags: Record<string, string>; blind: boolean; asStated?: boolean; bottleneck: { published: string | null; predicted: string }; note?: string }>;
  rows: ComparisonRow[];
}

/**
 * Predicts every published case of a model's seed and lines the figures up with the write-up's;
 * `seen` gets each case's prediction (capsim report draws its timeline from it).
 */
export function reproduce(model: CapsimModel, seed: string, seen: (caseId: string, p: Prediction) => void = () => {}): Reproduction {
  const published = loadPublished(model.published!);
  const out: Reproduction = { model: model.name, source: published.source, cases: [], rows: [] };
  for (const c of published.cases) {
    const p = model.predict({ ...c.flags, seed });
    seen(c.case, p);
    out.cases.push({ case: c.case, label: c.label, flags: c.flags, blind: c.blind ?? false, ...(c.asStated ? { asStated: true } : {}), bottleneck: { published: c.bottleneck ?? null, predicted: p.bottleneck.resource }, note: c.note });
    out.rows.push(...compareCase(c, p.metrics, model.blindMetrics ?? []));
  }
  return out;
}

/** The rows with a target (not blind, as stated or only reported), and those outside it. */
export function verdicts(r: Reproduction): { judged: number; outside: ComparisonRow[] } {
  const judged = r.rows.filter((row) => row.role !== 'blind' && row.role !== 'as stated' && row.target !== 'reported');
  return { judged: judged.length, outside: judged.filter((row) => !row.pass) };
}

const fmt = (x: number | null): string => (x === null ? '—' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toFixed(3)));

/** Markdown, so the same table can go into the model README. */
export function reproductionMarkdown(r: Reproduction, command: string): string {
  const lines = [`Produced by \`${command}\` against ${r.source}.`, '', '| case | metric | unit | published | predicted | error (%) | role | target | within target |', '|---|---|---|---|---|---|---|---|---|'];
  for (const row of r.rows) {
    const err = row.errorPct === null ? '—' : `${row.errorPct >= 0 ? '+' : ''}${row.errorPct.toFixed(1)}%`;
    const within = row.role === 'blind' || row.role === 'as stated' ? '—' : verdict(row.target, row.pass);
    lines.push(`| ${row.case} | ${row.metric} | ${metricUnit(row.metric)} | ${fmt(row.published)} | ${fmt(row.predicted)} | ${err} | ${row.role} | ${row.target} | ${within} |`);
  }
  lines.push('', '| case | configuration | bottleneck (write-up) | bottleneck (predicted) |', '|---|---|---|---|');
  for (const c of r.cases) lines.push(`| ${c.case}${c.blind ? ' (blind)' : c.asStated ? ' (as stated)' : ''} | ${c.label} | ${c.bottleneck.published ?? (c.note ?? 'withheld')} | ${c.bottleneck.predicted} |`);
  const { judged, outside } = verdicts(r);
  lines.push('', `${judged - outside.length} of ${judged} judged figures within target, ${outside.length} outside`, TARGETS_SOURCE);
  return lines.join('\n');
}

export const reproduceCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.reproduce,
  builder: (y) =>
    y
      .positional('model', { type: 'string', describe: `model whose seed published figures: ${modelNames(registry, (m) => m.published !== undefined)}` })
      .option('seed', { type: 'string', default: '1', describe: 'random seed of every prediction (a whole number ≥ 0)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON (src/analysis/reproduction.schema.json)' })
      .example('$0 reproduce chat', "the chat write-up's figures against the predictions; exit 1 if one is outside its target")
      .example('$0 reproduce feed --json', 'the same for feed, as JSON'),
  handler: (argv) => {
    const model = findModel(registry, String(argv.model));
    if (!model?.published) throw new UsageError(`no published cases for model "${String(argv.model)}"; models with some: ${modelNames(registry, (m) => m.published !== undefined)}`);
    const r = reproduce(model, String(argv.seed));
    process.stdout.write(argv.json ? checkedJson(REPRODUCTION_SCHEMA, r, `capsim reproduce ${model.name}`) : reproductionMarkdown(r, `capsim reproduce ${model.name}`) + '\n');
    // Like validate: a figure past its tolerance is a failed check, for scripts and CI.
    if (verdicts(r).outside.length > 0) process.exitCode = 1;
  },});
