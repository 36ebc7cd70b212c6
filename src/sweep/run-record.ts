import type { CapsimModel, Prediction } from '../model.js';

/** How one resource fared in one run, as the sweep keeps it. */
export interface RunResource {
  name: string;
  utilisation: number;
  peakUtilisation: number;
  saturatedAtS: number | null;
}

/** What a sweep keeps of one prediction: flat numbers, the resources and the bottleneck's name. */
export interface RunRecord {
  seed: number;
  /** `delivered_per_s`, `offered_per_s`, `delivered_ratio`, `failure_rate` (from the model's chart
   * hints) and every k6 figure as `metric.stat`, e.g. `ws_msgs_received.rate`. */
  values: Record<string, number>;
  resources: RunResource[];
  bottleneck: string;
}

function resourcesOf(p: Prediction): RunResource[] {
  const list = Array.isArray(p.resources) ? (p.resources as Array<Record<string, unknown>>) : [];
  return list.map((r) => ({
    name: String(r.name),
    utilisation: Number(r.utilisation),
    peakUtilisation: Number(r.peakUtilisation ?? r.utilisation),
    saturatedAtS: typeof r.saturatedAtS === 'number' ? r.saturatedAtS : null,
  }));
}

/** Reduces a prediction to what a sweep keeps. Pure: the same prediction gives the same record. */
export function recordOf(model: CapsimModel, p: Prediction, seed: number): RunRecord {
  const values: Record<string, number> = {};
  const hints = model.charts;
  if (hints) {
    values.offered_per_s = hints.offered.value(p);
    values.delivered_per_s = hints.delivered.value(p);
    values.delivered_ratio = hints.deliveredRatio(p);
    values.failure_rate = hints.failureRate(p);
  }
  for (const [metric, stats] of Object.entries(p.metrics)) {
    for (const [stat, v] of Object.entries(stats)) if (typeof v === 'number') values[`${metric}.${stat}`] = v;
  }
  // Figures a plan's SLO may bound that only the model can read (ktb-chat's max_users).
  if (model.plan?.figures) Object.assign(values, model.plan.figures(p));
  return { seed, values, resources: resourcesOf(p), bottleneck: p.bottleneck.resource };
}

/** One job of a sweep: a model, its flags for one grid point and one replication's seed. */
export interface RunJob {
  model: string;
  flags: Record<string, unknown>;
  seed: number;
}
