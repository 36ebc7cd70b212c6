import { configDefaults, defineConfig } from 'vitest/config';

// `npm run mutate` copies the project into .stryker-tmp/ while it runs; its copies of the tests
// are not this checkout's tests.
export default defineConfig({ test: { exclude: [...configDefaults.exclude, '.stryker-tmp/**'] } });
