import { expect } from 'vitest';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess, type CliResult } from '../cli/in-process.js';
import { INTERNAL } from '../cli/usage-line.js';

/** Invocations run by this file, for the count its last test prints and checks. */
export const tally = { invocations: 0, refused: 0, succeeded: 0 };

/** A refusal names what was wrong: a flag, a file, the model, the command or the argument. */
const NAMES_SOMETHING = /--|\/|model|command|argument|format|\.json|\.csv/i;

/**
 * Runs one fuzzed command line in-process and holds it to the CLI's contract: exit 0 with output,
 * or exit 2 with exactly one line naming the flag or file, nothing on stdout and nothing written
 * into `outDir`; never exit 1, a stack or an internal message.
 */
export async function judge(args: readonly string[], outDir: string, json = false): Promise<CliResult> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const r = await runInProcess(args);
  tally.invocations++;
  const context = `capsim ${JSON.stringify(args)}\n${r.stderr}`;
  expect([0, 2], context).toContain(r.code);
  expect(r.stderr, context).not.toMatch(INTERNAL);
  if (r.code === 2) {
    tally.refused++;
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, context).toHaveLength(1);
    expect(lines[0], context).toMatch(/^capsim: /);
    expect(lines[0], context).toMatch(NAMES_SOMETHING);
    expect(r.stdout, context).toBe('');
    expect(readdirSync(outDir), context).toEqual([]);
  } else {
    tally.succeeded++;
    if (json) expect(() => JSON.parse(r.stdout), context).not.toThrow();
  }
  return r;
}

/** Writes fuzzed contents to a file in `dir` and returns its path. */
export function inputFile(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
