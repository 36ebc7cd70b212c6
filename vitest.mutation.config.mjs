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
    exclude: [...configDefaults.exclude, ...MUTATION_EXCLUDED_TESTS],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
