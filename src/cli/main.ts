import yargs from 'yargs';
import { ValidationError } from '../config/schema.js';
import type { ModelRegistry } from '../model.js';
import { UsageError } from './usage-error.js';
import { setCommandLine } from './typed-flags.js';
import { predictCommand } from './commands/predict.js';
import { modelsCommand } from './commands/models.js';
import { fitCommand } from './commands/fit.js';
import { importCommand } from './commands/import.js';
import { reproduceCommand } from './commands/reproduce.js';
import { sweepCommand } from './commands/sweep.js';
import { mergeCommand } from './commands/merge.js';
import { chartCommand } from './commands/chart.js';
import { reportCommand } from './commands/report.js';
import { loadCommand } from './commands/load.js';
import { calibrateCommand } from './commands/calibrate.js';
import { validateCommand } from './commands/validate.js';

/**
 * `--users -3` as `--users=-3`: a value that starts with a minus and a digit (or Infinity, NaN) would
 * otherwise be read as the short flags -3, -I, -n…, and the error would name them instead of --users.
 */
export function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (/^--[^=]+$/.test(args[i]) && next !== undefined && /^-(?:[\d.]|inf|nan)/i.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** Bad input exits 2 with one line; a broken model or profile file exits 1; never a stack trace. */
function failure(message: string, code: number): number {
  process.stderr.write(`capsim: ${message}\n`);
  return code;
}

/**
 * Runs one capsim command line (without node and the script) against the models of `registry`, and
 * returns the exit code: 0, 1 (a broken file, or validate past tolerance) or 2 (bad input). It never
 * exits the process, so tests can run it in-process; bin/capsim.js exits with the code.
 */
export async function main(registry: ModelRegistry, args: readonly string[]): Promise<number> {
  setCommandLine(args);
  process.exitCode = undefined;
  try {
    await yargs(joinNegativeValues(args))
      .scriptName('capsim')
      .usage('$0 <command> — deterministic capacity simulator: where does your system break?')
      .command(predictCommand(registry))
      .command(modelsCommand(registry))
      .command(reproduceCommand(registry))
      .command(sweepCommand(registry))
      .command(mergeCommand)
      .command(chartCommand(registry))
      .command(reportCommand(registry))
      .command(fitCommand(registry))
      .command(loadCommand(registry))
      .command(importCommand(registry))
      .command(calibrateCommand)
      .command(validateCommand)
      .demandCommand(1, 'name a command: predict, models, reproduce, fit')
      .strict()
      .exitProcess(false)
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .fail((msg, err) => {
        if (err) throw err;
        throw new UsageError(`${msg} (see capsim --help)`);
      })
      .help()
      .parseAsync();
  } catch (err) {
    if (err instanceof UsageError) return failure(err.message, 2);
    if (err instanceof ValidationError) return failure(err.message, 1);
    return failure(err instanceof Error ? err.message : String(err), 1);
  }
  const code = process.exitCode;
  return typeof code === 'number' ? code : Number(code ?? 0);
}
