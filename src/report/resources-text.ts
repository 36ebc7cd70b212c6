import { pct, qty, type Bottleneck, type ResourceReport } from '../analysis/bottleneck.js';


/** The bottleneck section: the verdict, then every resource with utilisation and queue figures. */
export function bottleneckText(bottleneck: Bottleneck, resources: readonly ResourceReport[]): string {
  const rows = resources.map((r) => [
    r.name,
    pct(r.utilisation),
    pct(r.peakUtilisation),
    r.saturatedAtS === null ? '—' : `t=${r.saturatedAtS} s (${r.saturatedS} s)`,
    `${qty(r.meanQueue)} / ${qty(r.maxQueue)} ${r.queueUnit}`,
  ]);
  const header = ['resource', 'util', 'peak 1 s', 'saturated from (for)', 'queue mean / max'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => '     ' + cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const details = resources.filter((r) => r.detail).map((r) => `     ${r.name}: ${r.detail}`);
  return [
    `  bottleneck: ${bottleneck.headline}`,
    `  scale next: ${bottleneck.scaleNext}`,
    '',
    line(header),
    ...rows.map(line),
    ...details,
  ].join('\n');
}
