// Which folders `npm run mutate` measures and which tests judge each one's mutants.
import { readdirSync, existsSync } from 'node:fs';

const LIBRARY = ['src/engine', 'src/components', 'src/workload'];

/** The library folders, then every models/<name> folder that holds a model (an index.ts). */
export function mutationFolders() {
  const models = readdirSync('models', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`models/${d.name}/index.ts`))
    .map((d) => `models/${d.name}`)
    .sort();
  return [...LIBRARY, ...models];
}

/**
 * Tests left out of every mutation run: the queueing closed forms simulate millions of customers,
 * over a minute per mutant once instrumented; a mutant only they would catch counts as survived.
 */
export const MUTATION_EXCLUDED_TESTS = ['**/*closed-form*.test.ts'];

/** The test files that judge a folder's mutants: its own suite. */
export function mutationTests(folder) {
  switch (folder) {
    // Every test uses the engine, so each engine mutant would rerun the whole suite (the queueing
    // closed forms alone run millions of customers): the engine's own tests must kill its mutants.
    case 'src/engine': return ['test/engine/**/*.test.ts'];
    case 'src/components': return ['test/components/**/*.test.ts'];
    case 'src/workload': return ['test/workload/**/*.test.ts'];
  }
  const model = /^models\/([\w-]+)$/.exec(folder);
  if (!model) throw new Error(`not a mutation folder: ${folder} (one of ${mutationFolders().join(', ')})`);
  const name = model[1];
  // The model's own tests (test/models/<name>.test.ts and test/models/<name>-<behaviour>.test.ts)
  // and its calibration test, which exercises fit.ts and the cost parameters.
  return [`test/models/${name}.test.ts`, `test/models/${name}-*.test.ts`, `test/calibration/calibrate-${name}.test.ts`];
}

/** The report's file name: src/engine → engine, models/chat → models-chat. */
export function reportName(folder) {
  return folder.replace(/^src\//, '').replaceAll('/', '-');
}
