import type { SweepResult } from './result.js';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * One row per grid point: the swept values, the bottleneck, each value's mean and confidence
 * bounds, then each resource's mean utilisation and the share of runs in which it saturated.
 */
export function sweepCsv(result: SweepResult): string {
  const valueKeys: string[] = [];
  const resourceNames: string[] = [];
  for (const p of result.points) {
    for (const k of Object.keys(p.summary)) if (!valueKeys.includes(k)) valueKeys.push(k);
    for (const r of p.resources) if (!resourceNames.includes(r.name)) resourceNames.push(r.name);
  }
  const pct = Math.round(result.confidence * 100);
  const header = [
    'index',
    ...result.axes.map((a) => a.flag),
    'replications',
    'bottleneck',
    ...valueKeys.flatMap((k) => [k, `${k} ci${pct}_lo`, `${k} ci${pct}_hi`]),
    ...resourceNames.flatMap((n) => [`${n} utilisation`, `${n} saturated_share`]),
  ];
  const rows = result.points.map((p): unknown[] => [
    p.index,
    ...result.axes.map((a) => p.values[a.flag]),
    p.runs.length,
    p.bottleneck,
    ...valueKeys.flatMap((k): unknown[] => (p.summary[k] ? [p.summary[k].mean, p.summary[k].lo, p.summary[k].hi] : ['', '', ''])),
    ...resourceNames.flatMap((n): unknown[] => {
      const r = p.resources.find((x) => x.name === n);
      return r ? [r.utilisation.mean, r.saturatedShare] : ['', ''];
    }),
  ]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
