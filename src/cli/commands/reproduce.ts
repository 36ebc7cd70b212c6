import type { CommandModule } from 'yargs';
import { findModel, modelNames, type CapsimModel, type ModelRegistry, type Prediction } from '../../model.js';
import { compareCase, loadPublished, type ComparisonRow } from '../../analysis/published.js';
import { checkedJson } from '../../config/checked-json.js';
import { UsageError } from '../usage-error.js';
import { TARGETS_SOURCE } from '../../../calibration/targets.js';

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

const fmt = (x: number | null): string => (x === null ? '—' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toFixed(3)));

/** Markdown, so the same table can go into the model README. */
export function reproductionMarkdown(r: Reproduction, command: string): string {
  const lines = [`Produced by \`${command}\` against ${r.source}.`, '', '| case | metric | published | predicted | error | role | target | within target |', '|---|---|---|---|---|---|---|---|'];
  for (const row of r.rows) {
    const err = row.errorPct === null ? '—' : `${row.errorPct >= 0 ? '+' : ''}${row.errorPct.toFixed(1)}%`;
    const within = row.role === 'blind' || row.role === 'as stated' || row.target === 'reported' ? '—' : row.pass ? 'yes' : 'NO';
    lines.push(`| ${row.case} | ${row.metric} | ${fmt(row.published)} | ${fmt(row.predicted)} | ${err} | ${row.role} | ${row.target} | ${within} |`);
  }
  lines.push('', '| case | configuration | bottleneck (write-up) | bottleneck (predicted) |', '|---|---|---|---|');
  for (const c of r.cases) lines.push(`| ${c.case}${c.blind ? ' (blind)' : c.asStated ? ' (as stated)' : ''} | ${c.label} | ${c.bottleneck.published ?? (c.note ?? 'withheld')} | ${c.bottleneck.predicted} |`);
  lines.push('', TARGETS_SOURCE);
  return lines.join('\n');
}

export const reproduceCommand = (registry: ModelRegistry): CommandModule => ({
  command: 'reproduce <model>',
  describe: "predict every published case of the model's seed and print published vs predicted with error %",
  builder: (y) => y.positional('model', { type: 'string' }).option('seed', { type: 'string', default: '1' }).option('json', { type: 'boolean', default: false }),
  handler: (argv) => {
    const model = findModel(registry, String(argv.model));
    if (!model?.published) throw new UsageError(`no published cases for model "${String(argv.model)}"; models with some: ${modelNames(registry, (m) => m.published !== undefined)}`);
    const r = reproduce(model, String(argv.seed));
    process.stdout.write(argv.json ? checkedJson(REPRODUCTION_SCHEMA, r, `capsim reproduce ${model.name}`) : reproductionMarkdown(r, `capsim reproduce ${model.name}`) + '\n');
  },});
