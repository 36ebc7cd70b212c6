import { mkdirSync, writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { committedRecords, heldOutFrom, loadRecord } from '../../../calibration/records.js';
import { projectPath } from '../../config/project-root.js';
import { calibratorFor } from './calibrate.js';
import { countsLine, validationCounts, validationFile, validationTable, VALIDATION_SCHEMA } from '../../report/validation-table.js';
import { tableMarkdown } from '../../report/table.js';
import { checkedJson } from '../../config/checked-json.js';
import { TARGETS_SOURCE } from '../../../calibration/targets.js';
import { dirname } from 'node:path';
import { userFile } from '../user-file.js';
import { withSimulationProgress } from '../progress.js';
import { COMMAND_HEADS } from '../command-heads.js';

export const validateCommand: CommandModule = {
  ...COMMAND_HEADS.validate,
  builder: (y) =>
    y
      .positional('model', { type: 'string', describe: 'model whose calibration to check: chat, feed, highscore, leaderboard' })
      .option('runs', { type: 'string', array: true, describe: 'run records (default: the committed ones not used for fitting)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the rows as JSON (calibration/validation.schema.json)' })
      .example('$0 validate chat', 'the committed held-out chat runs: measured vs predicted, exit 1 past tolerance')
      .example('$0 validate chat --runs my-run.json', 'a run of your own (capsim import or capsim load)')
      .example('$0 validate feed --save', 'also save calibration/validation/feed.json for capsim report')
      .option('save', { type: 'boolean', default: false, describe: 'also write calibration/validation/<model>.json, which capsim report reads (only with the committed runs, not --runs)' }),
  handler: async (argv) => {
    const model = String(argv.model);
    const calibrator = await calibratorFor(model);
    const fitted = new Set(calibrator.fittedRuns());
    const heldOut = heldOutFrom(fitted);
    const load = calibrator.load ?? loadRecord;
    const committed = calibrator.committed ?? ((): Array<{ id: string }> => committedRecords(model));
    const records = argv.runs ? (argv.runs as string[]).map((f) => userFile(() => load(f))) : committed().filter((r) => heldOut(r.id));
    const reused = records.filter((r) => !heldOut(r.id)).map((r) => r.id);
    if (reused.length > 0) process.stderr.write(`capsim: warning: ${reused.join(', ')} were used for fitting; they are not validation\n`);
    const rows = await withSimulationProgress(`validate ${model}`, { json: Boolean(argv.json) }, () => calibrator.validate(records));
    const counts = validationCounts(rows);
    const doc = { model, fittedTo: [...fitted], runs: records.map((r) => r.id), rows, ...counts };
    // Checked once: the same text is saved for capsim report and printed with --json.
    const json = checkedJson(VALIDATION_SCHEMA, doc, `${model} validation`);
    if (argv.save && !argv.runs) {
      const file = projectPath(validationFile(model));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, json);
    }
    process.stdout.write(argv.json ? json : `${tableMarkdown(validationTable(rows))}\n\n${countsLine(counts)}\n${TARGETS_SOURCE}\n`);
    if (counts.failed > 0) process.exitCode = 1;
  },
};
