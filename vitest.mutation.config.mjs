// The vitest settings Stryker runs the tests with (stryker.config.mjs). The tests are chosen here,
// not with Stryker's `testFiles`, which leaves static mutants (module-level constants) inactive
// and reports them survived (stryker-js issue #6144, 9.6.1). Instrumented code runs several times
// slower at nice 19 on a shared host, so a test gets a minute, not vitest's 5 s.
import { relative } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import { MUTATION_EXCLUDED_TESTS, mutationTests } from './scripts/mutation-folders.mjs';

/**
 * Fastest test files first. Stryker runs each mutant's covering tests with bail: the first failure
 * ends the run, so a mutant is as cheap as the tests before its first failing one. vitest's own
 * order is the slowest file first (good for spreading files over workers, which Stryker does not
 * use: one worker each), so a model.ts mutant waited for the accuracy test or an in-process fit
 * before the quick law tests could kill it. Order changes no verdict: a mutant any test kills is
 * killed, and a survivor runs every covering test either way.
 */
class FastestFirst extends BaseSequencer {
  async sort(files) {
    const cache = this.ctx.cache;
    const key = (f) => `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
    // The last run's duration where there is one, else the file's size; unknown files last.
    const cost = (f) => [cache.getFileTestResults(key(f))?.duration ?? Infinity, cache.getFileStats(key(f))?.size ?? Infinity];
    return [...files].sort((a, b) => {
      const [da, sa] = cost(a);
      const [db, sb] = cost(b);
      return da !== db ? da - db : sa - sb;
    });
  }
}

const folder = process.env.MUTATE_FOLDER;
if (!folder) throw new Error('MUTATE_FOLDER is not set: run `npm run mutate [folder …]`');

export default defineConfig({
  test: {
    include: mutationTests(folder),
    // MUTATE_SKIP_TESTS (npm run mutate -- … --skip-tests a,b): test files left out of this run, e.g. one
    // whose own time-out an instrumented run cannot meet on a loaded host. Conservative: a mutant
    // only those tests would kill counts as survived.
    exclude: [...configDefaults.exclude, ...MUTATION_EXCLUDED_TESTS, ...(process.env.MUTATE_SKIP_TESTS?.split(',').filter(Boolean) ?? [])],
    sequence: { sequencer: FastestFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
