import type { Options } from 'yargs';
import type { PlanSpec } from './plan/spec.js';

/** A flag of `capsim predict <model>`: its yargs option and a help line. */
/** A model flag as yargs takes it: the options `capsim models --json` lists (src/cli/listing.schema.json). */
export type FlagSpec = Pick<Options, 'type' | 'default' | 'array' | 'choices' | 'alias'> & { describe: string };

/** What the CLI needs of a model; the model knows nothing of output formats beyond this. */
export interface CapsimModel {
  name: string;
  /** One line for `capsim models`. */
  title: string;
  /** Where the system and its published load test are described. */
  seed: string;
  /** A paragraph: the network, what it predicts, its main assumptions. */
  description: string;
  flags: Record<string, FlagSpec>;
  /** Checks the flags as predict does (UsageError on bad input) without simulating: capsim import checks a run's settings with it. */
  checkFlags?(flags: Record<string, unknown>): void;
  /** Validates the flags (UsageError on bad input), simulates, returns a JSON-ready prediction. */
  predict(flags: Record<string, unknown>): Prediction;
  /** The human-readable form of a prediction. */
  text(prediction: Prediction): string;
  /** JSON Schema (path from the repo root) every prediction of this model validates against. */
  predictionSchema: string;
  /** Parameter documentation for `capsim models <name>`. */
  parameters(): Array<{ name: string; value: string; provenance: string }>;
  /** Published cases of the seed (path from the repo root), for `capsim reproduce`. */
  published?: string;
  /** Metrics shown for blind cases, where nothing is published to compare with. */
  blindMetrics?: string[];
  /** Fits the parameters that only published results can reveal and saves them; returns a report. */
  fit?(log: (line: string) => void): string;
  /** What sweeps and charts plot for this model (see ChartHints); without it, sweeps keep only metrics. */
  charts?: ChartHints;
  /** The charts `predict --chart` draws, when the model draws its own instead of a timeline. */
  chartSpecs?(flags: Record<string, unknown>, prediction: Prediction): ChartSpec[];
  /** What `capsim plan` may search (knobs and ranges), the SLO metrics and the bill of materials (src/plan/spec.ts). */
  plan?: PlanSpec;
}

/** A Vega-Lite chart and the caption it gets in an HTML page. */
export interface ChartSpec {
  spec: Record<string, unknown>;
  caption: string;
}

/**
 * The few figures of a prediction that only the model can name, so sweeps and charts stay generic:
 * what counts as delivered, what was offered, which trend is the latency, what to plot over time.
 */
export interface ChartHints {
  /** The flag the capacity curve runs along (its values must be numbers), e.g. users. */
  load: { flag: string; label: string };
  /** Work delivered per second, and the load offered in the same unit (e.g. messages per second). */
  delivered: { label: string; unit: string; value(p: Prediction): number };
  offered: { label: string; value(p: Prediction): number };
  /** Share of the offered work delivered (0..1) and share of requests that failed (0..1). */
  deliveredRatio(p: Prediction): number;
  failureRate(p: Prediction): number;
  /** A k6 trend in milliseconds. */
  latency: { metric: string; label: string };
  /** Panels of the over-time chart: each picks per-second series (label → values) from a prediction. */
  timeline: Array<{
    title: string;
    unit: string;
    pick(p: Prediction): Record<string, number[]>;
    /**
     * A panel on a seconds axis of its own (e.g. after the test, for as long as a backlog lasts),
     * one point every `step(p)` seconds (default 1), instead of the shared axis of the test.
     */
    ownAxis?: { title: string; step?(p: Prediction): number };
  }>;
  /** The grid `capsim report` sweeps (flag → value, list or range), kept small enough to run in a minute. */
  reportSweep: Record<string, string>;
}

/** Every prediction has k6-shaped metrics and names its bottleneck; the rest is the model's own. */
export type Prediction = Record<string, unknown> & {
  model: string;
  metrics: Record<string, Record<string, number>>;
  bottleneck: { resource: string; headline: string };
};

/**
 * The models a CLI knows, handed in by its entry point (bin/capsim.js builds it from models/index), so
 * the library never imports a model set. `module` is the URL of a module exporting the same list as
 * `MODELS`: sweep worker threads cannot be handed functions, so each loads the models from there.
 */
export interface ModelRegistry {
  readonly models: readonly CapsimModel[];
  readonly module: string;
  /**
   * Every model's name and flags, when `models` holds only the models a command line runs (the CLI
   * loads a ModelCatalog's models lazily); without it, `models` is every model.
   */
  readonly flagSets?: readonly ModelFlags[];
}

/** A model's name and flags: what parsing a predict or sweep command line needs, without its simulator. */
export interface ModelFlags {
  readonly name: string;
  readonly flags: Record<string, FlagSpec>;
}

/**
 * What an entry point may hand the CLI instead of a registry: every model by name, each loaded only
 * when a command line needs it (loading all five costs a prediction ~0.07 s of CPU). `module` is the
 * URL of a module exporting this catalog as `CATALOG`: sweep worker threads load their model from it.
 */
export interface ModelCatalog {
  readonly module: string;
  readonly names: readonly string[];
  /** Every model's flags, in catalog order, without loading the models. */
  flagSets(): Promise<ModelFlags[]>;
  /** The models named, in catalog order. */
  load(names: readonly string[]): Promise<CapsimModel[]>;
}

export function findModel(registry: ModelRegistry, name: string): CapsimModel | undefined {
  return registry.models.find((m) => m.name === name);
}

/** Every model's name and flags, loaded or not. */
export const everyModelFlags = (registry: ModelRegistry): readonly ModelFlags[] => registry.flagSets ?? registry.models;

/** `chat, feed, …`: the names (of the models that `has` holds for: those are always loaded), for messages and help. */
export const modelNames = (registry: ModelRegistry, has?: (m: CapsimModel) => boolean): string =>
  (has ? registry.models.filter(has) : everyModelFlags(registry)).map((m) => m.name).join(', ');
