import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapsimModel, ModelRegistry, Prediction } from '../model.js';
import { SWEEP_CHART_KINDS, SWEEP_CHARTS, TIMELINE } from '../charts/index.js';
import { renderSvg, svgToPng } from '../charts/render.js';
import type { VlSpec } from '../charts/theme.js';
import { reproduce, type Reproduction } from '../cli/commands/reproduce.js';
import { loadPublished } from '../analysis/published.js';
import { sweepCsv } from '../sweep/csv.js';
import { runSweep } from '../sweep/sweep.js';
import { indexEntry, indexPage, modelPage, modelReadme, type IndexEntry, type ModelReport } from './pages.js';
import { loadValidation } from './validation-table.js';

export interface ReportOptions {
  /** The models to report on (handed in by the CLI's entry point). */
  registry: ModelRegistry;
  outDir: string;
  replications: number;
  workers: number;
  seed: string;
  /** Only these models (default: every model with published cases or chart hints). */
  models?: string[];
  /** Flags laid over each model's report sweep, those of its own flags; tests use it to sweep a tiny grid. */
  sweepOverride?: Record<string, string>;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/** The model's flag defaults, so a report names every setting it ran with, not only the swept ones. */
function defaults(model: CapsimModel): Record<string, string> {
  return Object.fromEntries(Object.entries(model.flags).filter(([, s]) => s.default !== undefined && !s.array).map(([k, s]) => [k, String(s.default)]));
}

async function writeChart(dir: string, name: string, spec: VlSpec, caption: string): Promise<ModelReport['charts'][number]> {
  const svg = await renderSvg(spec);
  writeFileSync(join(dir, `${name}.png`), svgToPng(svg));
  return { name, caption, svg, png: `${name}.png` };
}

async function reportModel(model: CapsimModel, opts: ReportOptions): Promise<ModelReport> {
  const log = opts.log ?? (() => {});
  const dir = join(opts.outDir, model.name);
  mkdirSync(dir, { recursive: true });
  let reproduction: Reproduction | null = null;
  const predicted = new Map<string, Prediction>();
  if (model.published) {
    log(`${model.name}: predicting the published cases`);
    reproduction = reproduce(model, opts.seed, (id, p) => predicted.set(id, p));
  }
  const report: ModelReport = { model, seed: opts.seed, reproduction, validation: loadValidation(model.name), charts: [], sweepCommand: null };
  const hints = model.charts;
  if (!hints) return report;

  const own = Object.entries(opts.sweepOverride ?? {}).filter(([flag]) => flag in model.flags);
  const grid = { ...hints.reportSweep, ...Object.fromEntries(own) };
  report.sweepCommand = `capsim sweep ${model.name} ${Object.entries(grid).map(([k, v]) => `--${k} ${v}`).join(' ')} --replications ${opts.replications} --seed ${opts.seed}`;
  log(`${model.name}: ${report.sweepCommand}`);
  const sweep = await runSweep(model, { ...defaults(model), ...grid, seed: opts.seed }, { replications: opts.replications, confidence: 0.95, workers: opts.workers, onProgress: opts.onProgress, modelsModule: opts.registry.module });
  writeFileSync(join(dir, 'sweep.csv'), sweepCsv(sweep));
  for (const kind of SWEEP_CHART_KINDS) report.charts.push(await writeChart(dir, kind, SWEEP_CHARTS[kind].build(sweep, hints), SWEEP_CHARTS[kind].caption));

  // One run over time for every published case (blind ones too), else for the model's defaults.
  const cases = model.published ? loadPublished(model.published).cases.map((c) => ({ id: c.case, label: `case ${c.case}${c.blind ? ' (blind)' : ''}: ${c.label}`, flags: c.flags })) : [{ id: 'default', label: 'default flags', flags: {} }];
  for (const c of cases) {
    log(`${model.name}: one run over time, ${c.label}`);
    const p = predicted.get(c.id) ?? model.predict({ ...defaults(model), ...c.flags, seed: opts.seed });
    report.charts.push(await writeChart(dir, `timeline-${c.id}`, TIMELINE.build(p, hints), `${c.label} — ${TIMELINE.caption}`));
  }
  return report;
}

/**
 * Regenerates the report tree: <out>/<model>/README.md, index.html (self-contained, charts inlined),
 * the charts as PNG and the sweep as CSV; and <out>/index.html linking them. No timestamps, so an
 * unchanged model regenerates byte-identical files.
 */
export async function generateReports(opts: ReportOptions): Promise<string[]> {
  const models = opts.registry.models.filter((m) => (opts.models ? opts.models.includes(m.name) : m.published || m.charts));
  mkdirSync(opts.outDir, { recursive: true });
  const reports: ModelReport[] = [];
  for (const model of models) {
    const r = await reportModel(model, opts);
    writeFileSync(join(opts.outDir, model.name, 'README.md'), modelReadme(r));
    writeFileSync(join(opts.outDir, model.name, 'index.html'), modelPage(r));
    reports.push(r);
  }
  // The index lists every model with a report in outDir, so `--model chat` keeps the others listed.
  const entries: IndexEntry[] = opts.registry.models.flatMap((m) => {
    const now = reports.find((r) => r.model === m);
    if (now) return [indexEntry(now)];
    if (!existsSync(join(opts.outDir, m.name, 'index.html'))) return [];
    const cases = m.published ? loadPublished(m.published).cases : [];
    return [{ model: m, cases: cases.length, blind: cases.filter((c) => c.blind).length, validation: loadValidation(m.name) }];
  });
  writeFileSync(join(opts.outDir, 'index.html'), indexPage(entries));
  writeFileSync(join(opts.outDir, 'README.md'), '# capsim reports\n\nGenerated by `capsim report`; open `index.html`, or a model\'s `README.md`:\n\n' + entries.map((r) => `- [${r.model.name}](${r.model.name}/README.md): ${r.model.title}`).join('\n') + '\n');
  return reports.map((r) => r.model.name);
}
