import { REGISTRY } from '../../models/index.js';
import { main } from '../../src/cli/main.js';
import type { ModelCatalog, ModelRegistry } from '../../src/model.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a capsim command line in this process (no node start-up: a few ms for a refused one), with
 * stdout and stderr captured. The exit code is main's; process.exitCode is left as it was found.
 */
export async function runInProcess(args: readonly string[], registry: ModelRegistry | ModelCatalog = REGISTRY): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write, log: console.log, error: console.error };
  const capture = (into: string[]) => ((chunk: unknown) => (into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')), true)) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  // yargs prints help and version with console.log, which vitest intercepts before process.stdout.
  console.log = (...parts: unknown[]) => void out.push(parts.map(String).join(' ') + '\n');
  console.error = (...parts: unknown[]) => void err.push(parts.map(String).join(' ') + '\n');
  try {
    const code = await main(registry, args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    console.log = writes.log;
    console.error = writes.error;
    process.exitCode = undefined;
  }
}

/** The registry with every model's predict counted, to show a refused command simulated nothing. */
export function countingRegistry(): { registry: ModelRegistry; predictions: () => number } {
  let n = 0;
  const models = REGISTRY.models.map((m) => ({ ...m, predict: (flags: Record<string, unknown>) => (n++, m.predict(flags)) }));
  return { registry: { models, module: REGISTRY.module }, predictions: () => n };
}
