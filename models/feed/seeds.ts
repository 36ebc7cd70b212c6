import { feedScenario } from './flags.js';
import { simulateFeed, type FeedRun } from './model.js';
import type { FeedParams } from './params.js';

/**
 * Seeds whose runs are averaged wherever one prediction is set against one measured figure (a
 * fit, a validation). With few connections for many requests, which request gets one decides
 * the counts, and one seed's figures jump with tiny changes of the inputs.
 */
export const AVERAGED_SEEDS = [1, 2, 3];

/** The figures `read` takes from a run with `flags`, each averaged over AVERAGED_SEEDS. */
export function meanOverSeeds<K extends string>(flags: Record<string, unknown>, params: FeedParams, read: (run: FeedRun) => Record<K, number>): Record<K, number> {
  const runs = AVERAGED_SEEDS.map((seed) => read(simulateFeed(feedScenario({ ...flags, seed: String(seed) }), params)));
  const keys = Object.keys(runs[0]) as K[];
  return Object.fromEntries(keys.map((k) => [k, runs.reduce((sum, f) => sum + f[k], 0) / runs.length])) as Record<K, number>;
}
