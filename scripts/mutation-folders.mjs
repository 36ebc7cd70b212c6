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

/** The test files that judge a folder's mutants: its own suite, plus the suites built on it. */
export function mutationTests(folder) {
  switch (folder) {
    // The engine is exercised through the components and workloads built on it.
    case 'src/engine': return ['test/engine/**/*.test.ts', 'test/components/**/*.test.ts', 'test/workload/**/*.test.ts'];
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
