import type { CommandModule } from 'yargs';
import { loadRecord } from '../../../calibration/records.js';
import { UsageError } from '../usage-error.js';
import { userFile } from '../user-file.js';
import { simulationProgress } from '../progress.js';
import { COMMAND_HEADS } from '../command-heads.js';

/** Loaded on demand: calibration pulls in mathjs, which would slow every other command's start. */
export async function calibratorFor(model: string) {
  const { CALIBRATORS } = await import('../../../calibration/index.js');
  const c = CALIBRATORS[model];
  if (!c) throw new UsageError(`no calibration for model "${model}"; models with one: ${Object.keys(CALIBRATORS).join(', ')}`);
  return c;
}

export const calibrateCommand: CommandModule = {
  ...COMMAND_HEADS.calibrate,
  builder: (y) =>
    y
      .positional('model', { type: 'string', describe: 'model whose local costs to fit: chat, feed, highscore, leaderboard' })
      .option('runs', { type: 'string', array: true, demandOption: true, describe: 'run records to fit to (JSON files); keep others for capsim validate' })
      .example('$0 calibrate chat --runs calibration/runs/chat-n*-b100.json', "fit chat's app and Redis costs to its 100-byte runs and rewrite models/chat/params.json"),
  handler: async (argv) => {
    const calibrator = await calibratorFor(String(argv.model));
    const load = calibrator.load ?? loadRecord;
    const records = (argv.runs as string[]).map((f) => userFile(() => load(f)) as { id: string; model?: string });
    // A model with its own record format checked the kind when loading.
    const wrong = records.find((r) => r.model !== undefined && r.model !== argv.model);
    if (wrong) throw new UsageError(`--runs: ${wrong.id} is a ${String(wrong.model)} run, not ${String(argv.model)}`);
    // The report goes to stdout as JSON; progress and the fit's log lines go to stderr.
    const report = await withLoggedProgress(`calibrate ${String(argv.model)}`, (log) => calibrator.calibrate(records, log));
    // The calibrator checked the report against its schema before it saved anything.
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  },
};

/**
 * Simulation progress around work that also logs lines to stderr: each line ends the bar (so it
 * does not overwrite the line) and a new one starts after the next ~2 s.
 */
async function withLoggedProgress<T>(label: string, work: (log: (line: string) => void) => T): Promise<T> {
  let stop = simulationProgress(label);
  try {
    return work((line) => {
      stop();
      process.stderr.write(line + '\n');
      stop = simulationProgress(label);
    });
  } finally {
    stop();
  }
}
