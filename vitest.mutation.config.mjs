// The vitest settings Stryker runs the tests with (stryker.config.mjs). The tests are chosen here,
// not with Stryker's `testFiles`, which leaves static mutants (module-level constants) inactive
// and reports them survived (stryker-js issue #6144, 9.6.1). Instrumented code runs several times
// slower at nice 19 on a shared host, so a test gets a minute, not vitest's 5 s.
import { configDefaults, defineConfig } from 'vitest/config';
import { MUTATION_EXCLUDED_TESTS, mutationTests } from './scripts/mutation-folders.mjs';

const folder = process.env.MUTATE_FOLDER;
if (!folder) throw new Error('MUTATE_FOLDER is not set: run `npm run mutate [folder …]`');

export default defineConfig({
  test: {
    include: mutationTests(folder),
    // MUTATE_SKIP_TESTS (npm run mutate -- … --skip-tests a,b): test files left out of this run, e.g. one
    // whose own time-out an instrumented run cannot meet on a loaded host. Conservative: a mutant
    // only those tests would kill counts as survived.
    exclude: [...configDefaults.exclude, ...MUTATION_EXCLUDED_TESTS, ...(process.env.MUTATE_SKIP_TESTS?.split(',').filter(Boolean) ?? [])],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
