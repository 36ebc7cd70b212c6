import type { ChartHints } from '../model.js';
import type { SweepResult } from '../sweep/result.js';
import { capacityChart } from './capacity.js';
import { deliveryChart } from './delivery.js';
import { timelineChart } from './timeline.js';
import { utilisationChart } from './utilisation.js';
import { CHART_CONFIG, type VlSpec } from './theme.js';

/** The charts of a sweep, by the name `capsim chart --kind` takes; each a vega-lite spec builder. */
export const SWEEP_CHARTS = {
  capacity: { caption: 'capacity curve: delivered vs offered per second, with each resource’s saturation point', build: capacityChart },
  delivery: { caption: 'delivered ratio, failure rate and latency percentiles vs load', build: deliveryChart },
  utilisation: { caption: 'utilisation per resource vs load, the bottleneck at each load marked', build: utilisationChart },
} as const satisfies Record<string, { caption: string; build: (r: SweepResult, h: ChartHints) => VlSpec }>;

export type SweepChartKind = keyof typeof SWEEP_CHARTS;
export const SWEEP_CHART_KINDS = Object.keys(SWEEP_CHARTS) as SweepChartKind[];

export const TIMELINE = { caption: 'one run over time: sent and received per second, backlog, NIC and CPU credits', build: timelineChart };

/** Several charts stacked into one spec (for one SVG/PNG file); each keeps its own scales and legends. */
export function stackCharts(specs: readonly VlSpec[]): VlSpec {
  if (specs.length === 1) return specs[0];
  const inner = specs.map(({ $schema: _s, config: _c, ...rest }) => rest);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    vconcat: inner,
    spacing: 40,
    resolve: { scale: { color: 'independent', strokeDash: 'independent', x: 'independent', y: 'independent' }, legend: { color: 'independent', strokeDash: 'independent' } },
    config: CHART_CONFIG,
  };
}
