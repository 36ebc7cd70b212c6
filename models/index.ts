import type { CapsimModel, ModelRegistry } from './registry.js';
import { CATALOG } from './catalog.js';

export { CATALOG };

/** Every model, loaded (models/catalog.ts lists them): for tests and scripts that want them all at once. */
export const MODELS: readonly CapsimModel[] = await CATALOG.load(CATALOG.names);

export function findModel(name: string): CapsimModel | undefined {
  return MODELS.find((m) => m.name === name);
}

/** Every model at hand, and this module (which exports CATALOG too) for sweep worker threads to load them from. */
export const REGISTRY: ModelRegistry = { models: MODELS, module: import.meta.url };
