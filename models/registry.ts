/** The model contract lives in the library (src/model.ts); model folders keep importing it from here. */
export type { CapsimModel, ChartHints, ChartSpec, FlagSpec, ModelCatalog, ModelRegistry, Prediction } from '../src/model.js';
