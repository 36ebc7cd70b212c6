import type { ChartHints } from '../model.js';
import type { SweepResult } from '../sweep/result.js';
import { curvesOf, facetLayers, fixedDescription } from './sweep-rows.js';
import { CHART_CONFIG, type VlSpec } from './theme.js';

const PERCENTILES: ReadonlyArray<[stat: string, label: string]> = [
  ['med', 'median'],
  ['p(90)', 'p90'],
  ['p(95)', 'p95'],
  ['max', 'max'],
];

/**
 * Delivery quality against load: above, the share delivered and the share of requests failed;
 * below, latency percentiles on a log scale (they span milliseconds to seconds).
 */
export function deliveryChart(result: SweepResult, hints: ChartHints): VlSpec {
  const curves = curvesOf(result, hints);
  const ratioRows: unknown[] = [];
  const latencyRows: unknown[] = [];
  for (const g of curves.groups) {
    for (const { x, point } of g.points) {
      for (const [key, what] of [['delivered_ratio', 'delivered ratio'], ['failure_rate', 'failure rate']] as const) {
        const e = point.summary[key];
        if (e) ratioRows.push({ group: g.label, groupOrder: g.order, x, what, mean: e.mean, lo: e.lo, hi: e.hi });
      }
      for (const [stat, label] of PERCENTILES) {
        const e = point.summary[`${hints.latency.metric}.${stat}`];
        // A log axis cannot show 0 ms; such a point (nothing delivered) is left out.
        if (e && e.mean > 0) latencyRows.push({ group: g.label, groupOrder: g.order, x, what: label, mean: e.mean });
      }
    }
  }
  const x = { field: 'x', type: 'quantitative', title: hints.load.label, scale: { zero: true } };
  const ratioColours = { domain: ['delivered ratio', 'failure rate'], range: ['#2ca02c', '#d62728'] };
  const ratio = facetLayers(
    curves,
    ratioRows,
    [
      { transform: [{ filter: 'datum.lo !== null' }], mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { field: 'what', type: 'nominal', title: null, scale: ratioColours, legend: { orient: 'right' } } } },
      {
        mark: { type: 'line', point: { size: 18 } },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', title: 'share of offered', axis: { format: '.0%' }, scale: { domain: [0, 1], clamp: true } },
          color: { field: 'what', type: 'nominal', title: null, scale: ratioColours, legend: { orient: 'right' } },
        },
      },
    ],
    { width: 300, height: 170 },
    { title: { text: 'delivered ratio and failure rate', fontSize: 13 } },
  );
  const latency = facetLayers(
    curves,
    latencyRows,
    [
      {
        mark: { type: 'line', point: { size: 18 } },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', title: [hints.latency.metric, 'ms, log scale'], scale: { type: 'log' }, axis: { format: '~s' } },
          color: { field: 'what', type: 'nominal', title: null, sort: PERCENTILES.map((p) => p[1]), scale: { scheme: 'viridis', reverse: true }, legend: { orient: 'right' } },
        },
      },
    ],
    { width: 300, height: 170 },
    { title: { text: `${hints.latency.label}: percentiles`, fontSize: 13 } },
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `${result.model}: delivered ratio, failures and latency vs load`, subtitle: fixedDescription(result) },
    vconcat: [ratio, latency],
    resolve: { scale: { color: 'independent' } },
    config: CHART_CONFIG,
  };
}
