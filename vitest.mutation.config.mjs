// The vitest settings Stryker runs the tests with (stryker.config.mjs): instrumented code runs
// several times slower at nice 19 on a shared host, so a test gets a minute, not vitest's 5 s.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
