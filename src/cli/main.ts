import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ValidationError } from '../config/schema.js';
import { UsageError } from './usage-error.js';
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
import { planCommand } from './commands/plan.js';

/** Bad input exits 2 with one line; a broken model or profile file exits 1; never a stack trace. */
function fail(message: string, code: number): never {
  process.stderr.write(`capsim: ${message}\n`);
  process.exit(code);
}

try {
  await yargs(hideBin(process.argv))
    .scriptName('capsim')
    .usage('$0 <command> — deterministic capacity simulator: where does your system break?')
    .command(predictCommand)
    .command(modelsCommand)
    .command(reproduceCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(chartCommand)
    .command(reportCommand)
    .command(fitCommand)
    .command(loadCommand)
    .command(importCommand)
    .command(calibrateCommand)
    .command(validateCommand)
    .command(planCommand)
    .demandCommand(1, 'name a command: predict, models, reproduce, fit')
    .strict()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      if (err) throw err;
      fail(`${msg} (see capsim --help)`, 2);
    })
    .help()
    .parseAsync();
} catch (err) {
  if (err instanceof UsageError) fail(err.message, 2);
  if (err instanceof ValidationError) fail(err.message, 1);
  fail(err instanceof Error ? err.message : String(err), 1);
}
