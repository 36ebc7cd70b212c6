import type { ChartHints, Prediction } from '../model.js';
import { CHART_CONFIG, SATURATION_COLOUR, type VlSpec } from './theme.js';

/** "users 100 · interval 1s · tasks 1 · …" from a prediction's scenario, whatever the model. */
export function scenarioDescription(p: Prediction): string {
  const scenario = (p.scenario ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(scenario)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') parts.push(...Object.entries(v as Record<string, unknown>).map(([kk, vv]) => `${kk} ${String(vv)}`));
    else parts.push(`${k.replace(/_/g, ' ')} ${String(v)}`);
  }
  return parts.join(' · ');
}

/** Breaks a long line after separators (`; `, ` · `, `, `) so a subtitle stays about as wide as the panels. */
export function wrapLine(text: string, maxChars = 110): string[] {
  const pieces = text.split(/(?<=; |: | · |, )/);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line && (line + piece).trimEnd().length > maxChars) {
      lines.push(line.trimEnd());
      line = '    ' + piece;
    } else line += piece;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/**
 * One run over time: a panel per series group the model names (sent, received, backlog, credits…),
 * all on one seconds axis, with a red line at the second the bottleneck saturated.
 */
export function timelineChart(p: Prediction, hints: ChartHints): VlSpec {
  const bottleneck = p.bottleneck as Prediction['bottleneck'] & { saturated?: boolean; atS?: number | null };
  const saturatedAt = bottleneck.saturated && typeof bottleneck.atS === 'number' ? bottleneck.atS : null;
  const panels = hints.timeline
    .map((panel) => ({ panel, picked: Object.entries(panel.pick(p)).filter(([, v]) => Array.isArray(v) && v.length > 0) }))
    .filter(({ picked }) => picked.length > 0);
  const shared = panels.filter(({ panel }) => !panel.ownAxis);
  const seconds = Math.max(1, ...shared.flatMap(({ picked }) => picked.map(([, v]) => v.length)));
  const x = { field: 't', type: 'quantitative', title: 'seconds since the test started', scale: { domain: [0, seconds] } };
  const lastShared = panels.lastIndexOf(shared[shared.length - 1]);
  const vconcat = panels.map(({ panel, picked }, i) => {
    const step = panel.ownAxis?.step?.(p) ?? 1;
    const rows = picked.flatMap(([series, values]) => values.map((value, k) => ({ t: k * step, series, value })));
    const own = panel.ownAxis && { field: 't', type: 'quantitative', title: panel.ownAxis.title, scale: { domain: [0, Math.max(1, ...picked.map(([, v]) => v.length * step))] } };
    // The shared seconds axis is titled once, under its last panel; a panel's own axis always is.
    const xAxis = own ?? (i === lastShared ? x : { ...x, title: null });
    const layers: unknown[] = [
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.6 },
        encoding: {
          x: xAxis,
          y: { field: 'value', type: 'quantitative', title: panel.unit },
          color: { field: 'series', type: 'nominal', title: null, sort: picked.map(([s]) => s), legend: { orient: 'right', labelLimit: 260 } },
        },
      },
    ];
    if (saturatedAt !== null && !own) layers.push({ data: { values: [{ t: saturatedAt }] }, mark: { type: 'rule', color: SATURATION_COLOUR, strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x } });
    return { title: { text: panel.title, fontSize: 13 }, width: 640, height: 120, layer: layers, resolve: { scale: { color: 'independent' } } };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${p.model}: one run over time`,
      subtitle: [
        ...wrapLine(scenarioDescription(p)),
        ...wrapLine(`bottleneck: ${p.bottleneck.headline}`),
        ...(saturatedAt === null ? [] : [`red dashed line: t = ${saturatedAt} s, when ${p.bottleneck.resource} saturated`]),
      ],
    },
    vconcat,
    resolve: { scale: { color: 'independent' } },
    config: { ...CHART_CONFIG, title: { ...CHART_CONFIG.title, subtitleLimit: 0 } },
  };
}
