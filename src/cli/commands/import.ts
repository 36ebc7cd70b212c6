import { relative, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { findModel, modelNames, type CapsimModel, type ModelRegistry } from '../../model.js';
import { readJsonFile, ValidationError } from '../../config/schema.js';
import { projectPath } from '../../config/project-root.js';
import { importK6Summary } from '../../../calibration/import/k6-summary.js';
import { importLocustCsv } from '../../../calibration/import/locust-csv.js';
import { parseSettings } from '../../../calibration/import/settings.js';
import { buildRecord, defaultRunId, writeRecord, type ImportSource } from '../../../calibration/import/run-record.js';
import { RUNS_DIR } from '../../../calibration/records.js';
import { duration, UsageError } from '../usage-error.js';
import { outputDir } from '../output-path.js';
import { NS_PER_S } from '../../engine/time.js';
import { COMMAND_HEADS } from '../command-heads.js';

const FORMATS = ['k6', 'locust'] as const;

function readK6(file: string) {
  try {
    return importK6Summary(readJsonFile(file), file);
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.field === '' ? `${err.what}: ${err.problem}` : err.message);
    throw err;
  }
}

/** The run's settings as `capsim predict` would take them: a record validate cannot re-simulate is refused now. */
function checkSettings(model: CapsimModel, settings: Record<string, string | string[]>): void {
  try {
    model.checkFlags?.(settings);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(err.message.replace(/^--(?=[a-z])/, '--set '));
    throw err;
  }
}

export const importCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.import,
  builder: (y) =>
    y
      .positional('format', { type: 'string', describe: 'k6 (a --summary-export file) or locust (the --csv prefix: <prefix>_stats.csv, optional <prefix>_stats_history.csv)' })
      .positional('file', { type: 'string', describe: 'summary JSON file or Locust CSV prefix' })
      .option('model', { type: 'string', demandOption: true, describe: 'the capsim model this run exercises (chat, highscore, ...)' })
      .option('set', { type: 'string', describe: 'a `capsim predict <model>` flag of the run, key=value; repeat for each flag (e.g. --set users=100 --set interval=1s)' })
      .option('id', { type: 'string', describe: 'record id (default: from the file name)' })
      .option('out', { type: 'string', describe: `directory to write <id>.json into (default ${RUNS_DIR})` })
      .option('force', { type: 'boolean', default: false, describe: 'overwrite an existing record with the same id' })
      .example('$0 import k6 summary.json --model chat --set users=100 --set interval=1s --set tasks=1', 'a k6 run of seed chat case a')
      .example('$0 import locust results/highscore-350 --model highscore --set users=350', 'Locust --csv=results/highscore-350'),
  handler: (argv) => {
    // Checked here rather than with yargs `choices`, whose message spans several lines.
    const format = FORMATS.find((f) => f === argv.format);
    if (format === undefined) throw new UsageError(`import: the format must be ${FORMATS.join(' or ')}, got ${JSON.stringify(String(argv.format))}`);
    const file = String(argv.file);
    const outDir = argv.out === undefined ? projectPath(RUNS_DIR) : resolve(outputDir('out', argv.out));
    const modelName = String(argv.model);
    if (!/^[a-z][a-z0-9-]*$/.test(modelName)) throw new UsageError(`--model must be a model name such as chat, got ${JSON.stringify(modelName)}`);
    const model = findModel(registry, modelName);
    if (!model) throw new UsageError(`--model: no model "${modelName}"; known models: ${modelNames(registry)}`);
    const pairs = argv.set === undefined ? [] : ([] as unknown[]).concat(argv.set).map(String);
    const settings = parseSettings(pairs, model.flags, modelName);
    checkSettings(model, settings);
    const source: ImportSource = format === 'k6' ? 'k6 summary-export' : 'locust csv';
    // A run's length (Locust's -t) lets the import say when Locust's files end before the run did.
    const runTime = typeof settings.duration === 'string' ? duration('set duration', settings.duration) / NS_PER_S : undefined;
    const run = format === 'k6' ? readK6(file) : importLocustCsv(file, { runTimeS: runTime });
    for (const warning of run.warnings ?? []) process.stderr.write(`capsim: warning: ${warning}\n`);
    const record = buildRecord({ model: modelName, id: argv.id === undefined ? defaultRunId(file) : String(argv.id), source, settings, run, from: file });
    const written = writeRecord(record, outDir, argv.force === true);
    const shown = relative(process.cwd(), written);
    process.stdout.write(`wrote ${shown.startsWith('..') ? written : shown} (${source}, ${Object.keys(record.metrics).length} metrics, ${+record.duration_s.toFixed(2)} s)\n`);
  },});
