import { feedScenario } from './flags.js';
import { simulateFeed, type FeedRun } from './model.js';
import type { FeedParams } from './params.js';
import { meanFigures } from '../../src/metrics/mean-figures.js';

/**
 * Seeds whose runs are averaged wherever one prediction is set against one measured figure (a
 * fit, a validation). With few connections for many requests, which request gets one decides
 * the counts, and one seed's figures jump with tiny changes of the inputs.
 */
export const AVERAGED_SEEDS = [1, 2, 3];

/** The figures `read` takes from a run with `flags`, each averaged over AVERAGED_SEEDS. */
export function meanOverSeeds<K extends string>(flags: Record<string, unknown>, params: FeedParams, read: (run: FeedRun) => Record<K, number>): Record<K, number> {
  return meanFigures(AVERAGED_SEEDS.map((seed) => read(simulateFeed(feedScenario({ ...flags, seed: String(seed) }), params))));
}
