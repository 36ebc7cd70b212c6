import type { BillLine } from '../config/prices.js';

/**
 * What a model declares so `capsim plan` can search it: a plain `plan` field of the model object.
 * The library knows nothing of any model beyond this.
 */
export interface PlanSpec {
  /**
   * The flag that carries the load the plan is for (users, vus, rate …): the user gives its value
   * (the cheapest objective), or the max-users objective bisects it over `ladder` (min..max by step,
   * overridable with --load-range).
   */
  load: {
    flag: string;
    label: string;
    ladder: LoadLadder;
    /** The load a run shows it held, when the model measures it (ktb-chat's max_users): max-users probes there first. */
    held?(values: Readonly<Record<string, number>>): number;
  };
  /** The SLO the max-users objective uses when --slo is not given (the model's own failure criterion). */
  defaultSlo?: string;
  /**
   * Budget caps beyond a knob's own value, e.g. ktb-chat's `instances`: every t3.small, backend and
   * Redis nodes alike (the challenge's limit). A numeric knob without a role is a cap of its own name.
   */
  caps?: Record<string, Cap>;
  /** Figures only the model can read from its prediction (e.g. ktb-chat's max_users), added to each run's values for SLO metrics. */
  figures?(prediction: unknown): Record<string, number>;
  /** The configuration knobs searched, in the order the search nests them (first = slowest). */
  knobs: Knob[];
  /** What SLO clauses may name, e.g. delivered, p95, rps: each read from a run's flat figures. */
  metrics: Record<string, SloMetric>;
  /** The bill of materials of a full set of flags (knobs and fixed flags merged), priced by src/config/prices.ts. */
  bill(flags: Record<string, unknown>): BillLine[];
}

/** Loads the max-users objective may try: min, min + step, … up to max. */
export interface LoadLadder {
  min: number;
  max: number;
  step: number;
}

/** A quantity a budget may cap with --max-<name>, counted from a configuration's flags. */
export interface Cap {
  describe: string;
  count(flags: Record<string, unknown>): number;
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
