import type { ChartHints } from '../model.js';
import type { SweepResult } from '../sweep/result.js';
import { curvesOf, facetLayers, fixedDescription, resourceLabels } from './sweep-rows.js';
import { CHART_CONFIG, SATURATION_COLOUR, type VlSpec } from './theme.js';

/**
 * Mean utilisation of every resource against load. The bottleneck at each load (the first resource
 * to saturate, or the closest to its limit) gets a large filled dot, so the hand-over from one
 * bottleneck to the next shows at a glance.
 */
export function utilisationChart(result: SweepResult, hints: ChartHints): VlSpec {
  const curves = curvesOf(result, hints);
  const labels = resourceLabels(result);
  const rows: unknown[] = [];
  const order: string[] = [];
  for (const g of curves.groups) {
    for (const { x, point } of g.points) {
      // One row per label: replicas of a resource are drawn as their busiest member.
      const busiest = new Map<string, (typeof point.resources)[number]>();
      for (const r of point.resources) {
        const label = labels.get(r.name)!;
        if (!order.includes(label)) order.push(label);
        const held = busiest.get(label);
        if (!held || r.utilisation.mean > held.utilisation.mean) busiest.set(label, r);
      }
      const bottleneck = labels.get(point.bottleneck);
      for (const [resource, r] of busiest) {
        rows.push({ group: g.label, groupOrder: g.order, x, resource, mean: r.utilisation.mean, lo: r.utilisation.lo, hi: r.utilisation.hi, bottleneck: resource === bottleneck });
      }
    }
  }
  const x = { field: 'x', type: 'quantitative', title: hints.load.label, scale: { zero: true } };
  const colour = { field: 'resource', type: 'nominal', title: 'resource', sort: order, legend: { orient: 'right' } };
  const layers = [
    { mark: { type: 'rule', color: SATURATION_COLOUR, strokeDash: [2, 2] }, encoding: { y: { datum: 1 } } },
    { transform: [{ filter: 'datum.lo !== null' }], mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colour } },
    {
      mark: { type: 'line', strokeWidth: 1.8 },
      encoding: { x, y: { field: 'mean', type: 'quantitative', title: ['mean utilisation over the run', '(network: share of its baseline)'], axis: { format: '.0%' } }, color: colour },
    },
    {
      transform: [{ filter: 'datum.bottleneck' }],
      mark: { type: 'point', filled: true, size: 70, stroke: 'black', strokeWidth: 0.8, opacity: 1 },
      encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: colour },
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${result.model}: utilisation per resource vs load`,
      subtitle: [fixedDescription(result), 'large dot: the bottleneck at that load (saturated longest, else closest to its limit) · red dotted line: 100%'],
    },
    ...facetLayers(curves, rows, layers, { width: 300, height: 250 }),
    config: CHART_CONFIG,
  };
}
