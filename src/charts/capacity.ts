import type { ChartHints } from '../model.js';
import type { SweepResult } from '../sweep/result.js';
import { curvesOf, facetLayers, fixedDescription, joinNames, type Curves } from './sweep-rows.js';
import { CHART_CONFIG, DELIVERED_COLOUR, OFFERED_COLOUR, SATURATION_COLOUR, type VlSpec } from './theme.js';

/** A resource counts as saturated at a load when it saturated in at least half the runs there. */
export const SATURATED_SHARE = 0.5;

/** Per group and resource, the lowest load at which it saturated; resources that share a load share a label. */
export function saturationPoints(curves: Curves): Array<{ group: string; groupOrder: number; x: number; label: string }> {
  const out: Array<{ group: string; groupOrder: number; x: number; label: string }> = [];
  for (const g of curves.groups) {
    const firstAt = new Map<string, number>();
    for (const { x, point } of g.points) {
      for (const r of point.resources) if (r.saturatedShare >= SATURATED_SHARE && !firstAt.has(r.name)) firstAt.set(r.name, x);
    }
    const byX = new Map<number, string[]>();
    for (const [name, x] of firstAt) byX.set(x, [...(byX.get(x) ?? []), name]);
    for (const [x, names] of [...byX].sort((a, b) => a[0] - b[0])) out.push({ group: g.label, groupOrder: g.order, x, label: joinNames(names) });
  }
  return out;
}

/**
 * Capacity curve: delivered per second against load, the offered load beside it, and a red line
 * where each resource first saturates — where the two curves part is where the system breaks.
 */
export function capacityChart(result: SweepResult, hints: ChartHints): VlSpec {
  const curves = curvesOf(result, hints);
  const delivered = hints.delivered.label;
  const offered = hints.offered.label;
  const rows: unknown[] = [];
  for (const g of curves.groups) {
    for (const { x, point } of g.points) {
      for (const [what, key] of [[delivered, 'delivered_per_s'], [offered, 'offered_per_s']] as const) {
        const e = point.summary[key];
        if (e) rows.push({ kind: 'curve', group: g.label, groupOrder: g.order, x, what, mean: e.mean, lo: e.lo, hi: e.hi });
      }
    }
  }
  for (const s of saturationPoints(curves)) rows.push({ kind: 'saturation', ...s });
  const xField = { field: 'x', type: 'quantitative', title: hints.load.label, scale: { zero: true } };
  const layers = [
    {
      transform: [{ filter: `datum.kind === 'curve' && datum.what === ${JSON.stringify(delivered)} && datum.lo !== null` }],
      mark: { type: 'area', opacity: 0.2, color: DELIVERED_COLOUR },
      encoding: { x: xField, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
    },
    {
      transform: [{ filter: "datum.kind === 'curve'" }],
      mark: { type: 'line', point: { size: 18 } },
      encoding: {
        x: xField,
        y: { field: 'mean', type: 'quantitative', title: hints.delivered.unit },
        color: { field: 'what', type: 'nominal', title: null, scale: { domain: [delivered, offered], range: [DELIVERED_COLOUR, OFFERED_COLOUR] }, legend: { orient: 'right' } },
        strokeDash: { field: 'what', type: 'nominal', title: null, scale: { domain: [delivered, offered], range: [[1, 0], [6, 4]] }, legend: { orient: 'right' } },
      },
    },
    {
      transform: [{ filter: "datum.kind === 'saturation'" }],
      mark: { type: 'rule', color: SATURATION_COLOUR, strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x: xField },
    },
    {
      transform: [{ filter: "datum.kind === 'saturation'" }],
      mark: { type: 'text', color: SATURATION_COLOUR, angle: 270, align: 'right', baseline: 'bottom', dy: -3, y: 4, fontSize: 11, limit: 240 },
      encoding: { x: xField, text: { field: 'label' } },
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `${result.model}: capacity — ${hints.delivered.unit} delivered vs offered`, subtitle: [fixedDescription(result), 'red dashed line: the lowest load at which the named resource saturated (busy ≥ 95% with work queued)'] },
    ...facetLayers(curves, rows, layers, { width: 300, height: 250 }),
    config: CHART_CONFIG,
  };
}
