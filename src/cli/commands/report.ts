import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import { modelNames, type ModelRegistry } from '../../model.js';
import { progressBar } from '../../sweep/progress.js';
import { positiveInt, UsageError } from '../usage-error.js';
import { outputDir } from '../output-path.js';
import { COMMAND_HEADS } from '../command-heads.js';

export const reportCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.report,
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'reports', describe: 'directory to (re)write' })
      .option('model', { type: 'string', array: true, describe: `only these models (default: all of ${modelNames(registry)})` })
      .option('replications', { type: 'string', default: '2', describe: 'runs per sweep point' })
      .option('seed', { type: 'string', default: '1', describe: 'base seed of every prediction' })
      .option('jobs', { type: 'string', alias: 'j', describe: `sweep runs at once on worker threads (default ${availableParallelism()})` })
      .example('$0 report', 'regenerate reports/ for every model')
      .example('$0 report --model chat --replications 1 --out /tmp/r', "chat's report alone, quickly, outside the repository"),
  handler: async (argv) => {
    const models = argv.model as string[] | undefined;
    for (const m of models ?? []) if (!registry.models.some((x) => x.name === m)) throw new UsageError(`unknown model "${m}"; known models: ${modelNames(registry)}`);
    const outDir = outputDir('out', argv.out);
    const started = Date.now();
    const { generateReports } = await import('../../report/generate.js');
    const done = await generateReports({
      registry,
      outDir,
      models,
      replications: positiveInt('replications', argv.replications, 1000),
      seed: String(argv.seed),
      workers: argv.jobs === undefined ? availableParallelism() : positiveInt('jobs', argv.jobs, 1024),
      log: (line) => process.stderr.write(`capsim: ${line}\n`),
      onProgress: progressBar(process.stderr),
    });
    process.stderr.write(`capsim: wrote ${String(argv.out)}/ for ${done.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  },});
