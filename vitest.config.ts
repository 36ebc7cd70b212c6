import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// `npm run mutate` copies the project into .stryker-tmp/ while it runs; its copies of the tests
// are not this checkout's tests. A prediction on the `local` profile caches this machine's core
// speed: tests keep that cache out of the user's ~/.cache.
export default defineConfig({
  test: { exclude: [...configDefaults.exclude, '.stryker-tmp/**'], env: { CAPSIM_CACHE_DIR: join(tmpdir(), 'capsim-test-cache') } },
});
