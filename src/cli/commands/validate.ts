import { mkdirSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { committedRecords, heldOutFrom, loadRecord } from '../../../calibration/records.js';
import { projectPath } from '../../config/project-root.js';
import { calibratorFor } from './calibrate.js';
import type { ValidationRow } from '../../../calibration/targets.js';
import { rangeText, validationFile, VALIDATION_SCHEMA } from '../../report/validation-table.js';
import { checkedJson, writeCheckedJson } from '../../config/checked-json.js';
import { dirname } from 'node:path';

function table(rows: ValidationRow[]): string {
  const lines = ['| run | metric | measured | runs (low–high) | predicted | error | target | pass |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.run} | ${r.metric} | ${r.measured} | ${rangeText(r, String)} | ${r.predicted} | ${r.errorPct >= 0 ? '+' : ''}${r.errorPct}${r.errorUnit === 'points' ? ' pt' : '%'} | ${r.target} | ${r.pass ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

export const validateCommand: CommandModule = {
  command: 'validate <model>',
  describe: 're-simulate real runs not used for fitting, with their exact settings; print measured vs predicted (a run and its repeats, <id>-r<k>, by their mean); exit 1 past tolerance',
  builder: (y) =>
    y
      .positional('model', { type: 'string' })
      .option('runs', { type: 'string', array: true, describe: 'run records (default: the committed ones not used for fitting)' })
      .option('json', { type: 'boolean', default: false })
      .option('save', { type: 'boolean', default: true, describe: 'write calibration/validation/<model>.json for capsim report' }),
  handler: async (argv) => {
    const model = String(argv.model);
    const calibrator = await calibratorFor(model);
    const fitted = new Set(calibrator.fittedRuns());
    const heldOut = heldOutFrom(fitted);
    const records = argv.runs ? (argv.runs as string[]).map((f) => loadRecord(f)) : committedRecords(model).filter((r) => heldOut(r.id));
    const reused = records.filter((r) => !heldOut(r.id)).map((r) => r.id);
    if (reused.length > 0) process.stderr.write(`capsim: warning: ${reused.join(', ')} were used for fitting; they are not validation\n`);
    const rows = calibrator.validate(records);
    const failed = rows.filter((r) => !r.pass);
    const doc = { model, fittedTo: [...fitted], runs: records.map((r) => r.id), rows, passed: rows.length - failed.length, failed: failed.length };
    if (argv.save && !argv.runs) {
      const file = projectPath(validationFile(model));
      mkdirSync(dirname(file), { recursive: true });
      writeCheckedJson(file, VALIDATION_SCHEMA, doc, validationFile(model));
    }
    process.stdout.write(argv.json ? checkedJson(VALIDATION_SCHEMA, doc, `${model} validation`) : `${table(rows)}\n\n${doc.passed} within target, ${doc.failed} outside\n`);
    if (failed.length > 0) process.exitCode = 1;
  },
};
