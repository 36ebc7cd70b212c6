import { expect } from 'vitest';
import type { CliResult } from './in-process.js';

/** What only a bug prints: a stack, a JavaScript error's name or message. */
export const INTERNAL = /\n\s+at |\b(?:Type|Range|Reference|Syntax)Error\b|Cannot read properties|Maximum call stack|is not a function|is not iterable|schedule into the past/;

/** Bad input, in-process: exit 2, exactly one line on stderr matching `message`, nothing on stdout, no stack. */
export function expectRefused(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(INTERNAL);
  expect(r.stdout).toBe('');
}
