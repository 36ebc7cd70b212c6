// Mutation testing of one folder at a time: `npm run mutate` (scripts/mutate.mjs) sets
// MUTATE_FOLDER and runs Stryker once per folder. Never part of `npm test` or CI (slow on two cores).
import { reportName } from './scripts/mutation-folders.mjs';

const folder = process.env.MUTATE_FOLDER;
if (!folder) throw new Error('MUTATE_FOLDER is not set: run `npm run mutate [folder …]`');
// MUTATE_FILES (npm run mutate -- <folder> --files a.ts,b.ts): only those files, reported apart.
const files = process.env.MUTATE_FILES?.split(',');
// MUTATE_TAG (npm run mutate -- … --files … --tag b2): a report of its own, so two batches of one
// folder can run side by side without overwriting each other's report or incremental file.
const tag = process.env.MUTATE_TAG ? `-${process.env.MUTATE_TAG}` : '';
const name = reportName(folder) + (files ? '-files' : '') + tag;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Each mutant runs only the tests that executed its code in the dry run.
  coverageAnalysis: 'perTest',
  mutate: files ?? [`${folder}/**/*.ts`],
  // vitest.mutation.config.mjs picks this folder's own tests (scripts/mutation-folders.mjs); the
  // vitest runner narrows further to the tests that import the mutated files.
  vitest: { related: true, configFile: 'vitest.mutation.config.mjs' },
  // Only re-test mutants whose code or covering tests changed since the last run on this checkout.
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  // event-recorder keeps each mutant's result as it comes (reports/mutation/<folder>-events/), so a
  // run stopped early still tells which mutants were tested and how they fared.
  reporters: ['clear-text', 'progress-append-only', 'json', 'html', 'event-recorder'],
  eventReporter: { baseDir: `reports/mutation/${name}-events` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  // The host is shared: a slow test is not an infinite loop.
  timeoutMS: 20000,
  timeoutFactor: 3,
  ignorePatterns: ['dist', '.dist-*'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
