import type { ChartHints } from '../model.js';
import { UsageError } from '../cli/usage-error.js';
import type { SweepPoint, SweepResult } from '../sweep/result.js';

/**
 * A sweep seen as curves: x is the model's load flag; every other swept flag splits the points
 * into groups (one panel each, e.g. "tasks = 2"), ordered as in the grid.
 */
export interface Curves {
  loadFlag: string;
  groups: Array<{ label: string; order: number; points: Array<{ x: number; point: SweepPoint }> }>;
}

export function curvesOf(result: SweepResult, hints: ChartHints): Curves {
  const loadFlag = hints.load.flag;
  if (!result.axes.some((a) => a.flag === loadFlag)) {
    throw new UsageError(`this chart runs along --${loadFlag}; sweep it (e.g. --${loadFlag} 10..200:10) to draw it`);
  }
  const others = result.axes.filter((a) => a.flag !== loadFlag);
  const byLabel = new Map<string, Curves['groups'][number]>();
  for (const point of result.points) {
    const label = others.map((a) => `${a.flag} = ${point.values[a.flag]}`).join(', ');
    const x = Number(point.values[loadFlag]);
    if (!Number.isFinite(x)) throw new UsageError(`--${loadFlag} must take numbers to be drawn along an axis, got "${point.values[loadFlag]}"`);
    let group = byLabel.get(label);
    if (!group) byLabel.set(label, (group = { label, order: byLabel.size, points: [] }));
    group.points.push({ x, point });
  }
  const groups = [...byLabel.values()];
  for (const g of groups) g.points.sort((a, b) => a.x - b.x);
  return { loadFlag, groups };
}

/** "interval 1s · iterations 2 · 2 runs per point" — what the chart held fixed. */
export function fixedDescription(result: SweepResult): string {
  const fixed = Object.entries(result.fixed).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('+') : String(v)}`);
  const runs = result.replications === 1 ? '1 run per point (seed ' + result.baseSeed + ')' : `mean of ${result.replications} runs per point, band = ${Math.round(result.confidence * 100)}% CI`;
  return [...fixed, runs].join(' · ');
}

/**
 * Wraps layers in a facet by group when there is more than one group; one group draws plain.
 * Every row carries `group` and `groupOrder` for this.
 */
export function facetLayers(curves: Curves, rows: unknown[], layers: unknown[], size: { width: number; height: number }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (curves.groups.length <= 1) return { data: { values: rows }, ...size, layer: layers, ...extra };
  return {
    data: { values: rows },
    facet: { column: { field: 'group', type: 'nominal', sort: { field: 'groupOrder' }, header: { title: null } } },
    spec: { ...size, layer: layers },
    ...extra,
  };
}

/** "app task 3 CPU" → "app task n CPU": resources that differ only by a number are one family. */
const familyKey = (name: string): string => name.replace(/\d+/g, 'n');

/**
 * Maps each resource name to the label it is drawn under. Replicas of one resource (app task 1…4
 * CPU) behave alike and would only repaint each other, so they are drawn as one line, the busiest
 * of them, labelled "app task n CPU (busiest)". A resource without replicas keeps its name.
 */
export function resourceLabels(result: SweepResult): Map<string, string> {
  const members = new Map<string, Set<string>>();
  for (const p of result.points) for (const r of p.resources) members.set(familyKey(r.name), (members.get(familyKey(r.name)) ?? new Set()).add(r.name));
  const labels = new Map<string, string>();
  for (const [key, names] of members) for (const n of names) labels.set(n, names.size > 1 ? `${key} (busiest)` : n);
  return labels;
}

/**
 * Joins names that differ only by one number: ["app task 1 CPU", "app task 2 CPU", "Redis egress"]
 * → "app task 1–2 CPU + Redis egress".
 */
export function joinNames(names: readonly string[]): string {
  const groups = new Map<string, Array<{ name: string; n: number | null }>>();
  for (const name of names) {
    const m = /^(.*?)(\d+)(\D*)$/.exec(name);
    const key = m ? `${m[1]}\u0000${m[3]}` : name;
    groups.set(key, [...(groups.get(key) ?? []), { name, n: m ? Number(m[2]) : null }]);
  }
  return [...groups.entries()]
    .map(([key, items]) => {
      if (items.length === 1 || items.some((i) => i.n === null)) return items.map((i) => i.name).join(' + ');
      const [pre, post] = key.split('\u0000');
      const ns = items.map((i) => i.n!).sort((a, b) => a - b);
      const contiguous = ns.every((n, i) => i === 0 || n === ns[i - 1] + 1);
      return `${pre}${contiguous ? `${ns[0]}–${ns[ns.length - 1]}` : ns.join(', ')}${post}`;
    })
    .join(' + ');
}
