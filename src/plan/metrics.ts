import type { SloMetric } from './spec.js';

/** A figure the run keeps under `key`, NaN when the run lacks it (a clause on it then fails). */
const figure = (key: string) => (v: Readonly<Record<string, number>>): number => v[key] ?? Number.NaN;

/** p50, p90, p95, p99, avg and max of a k6 trend in milliseconds, under the usual short names. */
export function trendMetrics(metric: string, label: string): Record<string, SloMetric> {
  const stats: Record<string, string> = { p50: 'med', p90: 'p(90)', p95: 'p(95)', p99: 'p(99)', avg: 'avg', max: 'max' };
  return Object.fromEntries(
    Object.entries(stats).map(([name, stat]) => [name, { describe: `${label}, ${name} (${metric}.${stat})`, unit: 'ms' as const, value: figure(`${metric}.${stat}`) }]),
  );
}

/** The share of the offered work delivered and the share of requests that failed (the model's chart hints). */
export const deliveredMetrics: Record<string, SloMetric> = {
  delivered: { describe: 'share of the offered work delivered (delivered_ratio)', unit: 'ratio', value: figure('delivered_ratio') },
  failures: { describe: 'share of requests that failed (failure_rate)', unit: 'ratio', value: figure('failure_rate') },
};

/** A named figure of the run, e.g. `checks.value` or `http_reqs.rate`. */
export function runFigure(key: string, describe: string, unit: SloMetric['unit']): SloMetric {
  return { describe: `${describe} (${key})`, unit, value: figure(key) };
}
