import type { Axis } from './grid.js';
import type { RunRecord } from './run-record.js';
import { meanWithInterval, type Estimate } from './student-t.js';

/** How one resource fared at one grid point, over the replications. */
export interface ResourceSummary {
  name: string;
  utilisation: Estimate;
  peakUtilisation: Estimate;
  /** Share of the replications in which it saturated, and in which it was the bottleneck. */
  saturatedShare: number;
  bottleneckShare: number;
}

export interface SweepPoint {
  index: number;
  /** The swept flags' values at this point. */
  values: Record<string, string>;
  /** One record per replication, in replication order. */
  runs: RunRecord[];
  /** Every run value as mean with its confidence interval over the replications. */
  summary: Record<string, Estimate>;
  resources: ResourceSummary[];
  /** The resource named bottleneck most often (ties: the first in the model's resource order). */
  bottleneck: string;
}

/** Everything that fixes a sweep's result; shards of one sweep share it exactly. */
export interface SweepHeader {
  format: 'capsim-sweep/1';
  model: string;
  /** Flags held fixed (given once, or the model's defaults), as strings. */
  fixed: Record<string, string | string[]>;
  axes: Axis[];
  baseSeed: number;
  replications: number;
  seeds: number[];
  confidence: number;
  gridSize: number;
}

export interface SweepResult extends SweepHeader {
  /** Present on a shard's result only: which slice of the grid it holds. */
  shard?: { index: number; count: number };
  points: SweepPoint[];
}

const HEADER_KEYS: ReadonlyArray<keyof SweepHeader> = ['format', 'model', 'fixed', 'axes', 'baseSeed', 'replications', 'seeds', 'confidence', 'gridSize'];

export function headerOf(r: SweepHeader): SweepHeader {
  return Object.fromEntries(HEADER_KEYS.map((k) => [k, r[k]])) as unknown as SweepHeader;
}

/** Builds the result object with its keys in one fixed order, whoever builds it (sweep or merge). */
export function sweepResult(header: SweepHeader, points: SweepPoint[], shard?: { index: number; count: number }): SweepResult {
  return { ...headerOf(header), ...(shard ? { shard } : {}), points };
}

function mode(names: readonly string[], order: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  let best = names[0];
  for (const n of order) if ((counts.get(n) ?? 0) > (counts.get(best) ?? 0)) best = n;
  return best;
}

/** Summarises one point's replications. Depends only on its runs, so a shard computes it the same. */
export function summarisePoint(index: number, values: Record<string, string>, runs: RunRecord[], confidence: number): SweepPoint {
  const keys: string[] = [];
  for (const run of runs) for (const k of Object.keys(run.values)) if (!keys.includes(k)) keys.push(k);
  const summary: Record<string, Estimate> = {};
  for (const k of keys) {
    const samples = runs.map((r) => r.values[k]).filter((v) => typeof v === 'number' && Number.isFinite(v));
    if (samples.length > 0) summary[k] = meanWithInterval(samples, confidence);
  }
  const names: string[] = [];
  for (const run of runs) for (const r of run.resources) if (!names.includes(r.name)) names.push(r.name);
  const resources = names.map((name): ResourceSummary => {
    const seen = runs.map((run) => run.resources.find((r) => r.name === name)).filter((r) => r !== undefined);
    return {
      name,
      utilisation: meanWithInterval(seen.map((r) => r.utilisation), confidence),
      peakUtilisation: meanWithInterval(seen.map((r) => r.peakUtilisation), confidence),
      saturatedShare: seen.filter((r) => r.saturatedAtS !== null).length / runs.length,
      bottleneckShare: runs.filter((run) => run.bottleneck === name).length / runs.length,
    };
  });
  return { index, values, runs, summary, resources, bottleneck: mode(runs.map((r) => r.bottleneck), names) };
}

/** The JSON text of a result: one line per point keeps it diffable and no larger than it must be. */
export function sweepJson(result: SweepResult): string {
  const { points, ...head } = result;
  const lines = points.map((p) => '    ' + JSON.stringify(p));
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "points": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
