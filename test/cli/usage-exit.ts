import { expect } from 'vitest';
import type { SpawnSyncReturns } from 'node:child_process';

/** Bad CLI input: exit 2 with one line on stderr that matches `message`, and no stack trace. */
export function expectUsageExit(r: SpawnSyncReturns<string>, message: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
