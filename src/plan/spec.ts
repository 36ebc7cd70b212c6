import type { BillLine } from '../config/prices.js';

/**
 * What a model declares so `capsim plan` can search it: a plain `plan` field of the model object.
 * The library knows nothing of any model beyond this.
 */
export interface PlanSpec {
  /** The flag that carries the load the plan is for (users, vus, rate …); the user gives its value. */
  load: { flag: string; label: string };
  /** The configuration knobs searched, in the order the search nests them (first = slowest). */
  knobs: Knob[];
  /** What SLO clauses may name, e.g. delivered, p95, rps: each read from a run's flat figures. */
  metrics: Record<string, SloMetric>;
  /** The bill of materials of a full set of flags (knobs and fixed flags merged), priced by src/config/prices.ts. */
  bill(flags: Record<string, unknown>): BillLine[];
}

/**
 * One searchable knob. A monotone knob (values in rising order; a later value never makes the
 * system worse and never costs less) is bisected; the others form a small grid.
 */
export interface Knob {
  /** Name in plans and output, e.g. tasks or redis. */
  name: string;
  /** The model flag it sets. */
  flag: string;
  /** For an array flag such as --profile: the value is passed as `role=value`. */
  role?: string;
  values: string[];
  monotone?: boolean;
  describe: string;
}

export type SloUnit = 'ratio' | 'ms' | 'per_s';

/** A figure an SLO clause can bound. */
export interface SloMetric {
  describe: string;
  unit: SloUnit;
  /** The figure from a run's values (src/sweep/run-record.ts: `metric.stat` and the chart figures). */
  value(values: Readonly<Record<string, number>>): number;
}

/** The model object as the plan needs it: its name, flags and plan. */
export interface PlannableModel {
  name: string;
  plan?: PlanSpec;
}
