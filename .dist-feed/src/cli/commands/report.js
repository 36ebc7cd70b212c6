import { availableParallelism } from 'node:os';
import { MODELS } from '../../../models/index.js';
import { progressBar } from '../../sweep/progress.js';
import { positiveInt, UsageError } from '../usage-error.js';
export const reportCommand = {
    command: 'report',
    describe: 'regenerate reports/: per model the published-vs-predicted tables, local validation, capacity sweep and charts; index.html links them',
    builder: (y) => y
        .option('out', { type: 'string', default: 'reports', describe: 'directory to (re)write' })
        .option('model', { type: 'string', array: true, describe: `only these models (default: all of ${MODELS.map((m) => m.name).join(', ')})` })
        .option('replications', { type: 'string', default: '2', describe: 'runs per sweep point' })
        .option('seed', { type: 'string', default: '1', describe: 'base seed of every prediction' })
        .option('jobs', { type: 'string', alias: 'j', describe: `sweep runs at once on worker threads (default ${availableParallelism()})` }),
    handler: async (argv) => {
        const models = argv.model;
        for (const m of models ?? [])
            if (!MODELS.some((x) => x.name === m))
                throw new UsageError(`unknown model "${m}"; known models: ${MODELS.map((x) => x.name).join(', ')}`);
        const started = Date.now();
        const { generateReports } = await import('../../report/generate.js');
        const done = await generateReports({
            outDir: String(argv.out),
            models,
            replications: positiveInt('replications', argv.replications, 1000),
            seed: String(argv.seed),
            workers: argv.jobs === undefined ? availableParallelism() : positiveInt('jobs', argv.jobs, 1024),
            log: (line) => process.stderr.write(`capsim: ${line}\n`),
            onProgress: progressBar(process.stderr),
        });
        process.stderr.write(`capsim: wrote ${String(argv.out)}/ for ${done.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
};
