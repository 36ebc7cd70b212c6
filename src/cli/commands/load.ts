import type { CommandModule } from 'yargs';
import { FEED_LOCAL_DEFAULTS } from '../../../calibration/load/feed-settings.js';
import { HIGHSCORE_RUN_FLAGS } from '../../../calibration/load/highscore-settings.js';
import { projectPath } from '../../config/project-root.js';
import { findModel, type FlagSpec, type ModelRegistry } from '../../model.js';
import { UsageError } from '../usage-error.js';
import { outputDir } from '../output-path.js';
import { typedOnCommandLine } from '../typed-flags.js';
import { COMMAND_HEADS } from '../command-heads.js';

/** predict's feed flags a real run can vary; the load command's own defaults come from calibration/load/feed-settings.ts. */
const FEED_RUN_FLAGS = ['db', 'vus', 'duration', 'fanout', 'workers', 'threads', 'max-connections', 'flush', 'celery-concurrency', 'celery-chunk'] as const;
/** highscore's flags that chat or feed do not already declare (users, duration and workers they share). */
const HIGHSCORE_ONLY = ['spawn-rate', 'update', 'items'] as const;
const highscoreRunFlags = Object.fromEntries(HIGHSCORE_ONLY.map((name) => [name, { ...HIGHSCORE_RUN_FLAGS[name], group: 'highscore:' }]));
const localDefaults = `(defaults here: ${Object.entries(FEED_LOCAL_DEFAULTS).map(([k, v]) => `--${k} ${v}`).join(' ')})`;

/** The flags of a registered model (none when the registry lacks it: load then refuses the model). */
const flagsOf = (registry: ModelRegistry, name: string): Record<string, FlagSpec> => findModel(registry, name)?.flags ?? {};

/** predict's chat flags except the ones a real run fixes: the hardware is this machine, and there is no seed. */
function realRunFlagsOf(registry: ModelRegistry): Record<string, FlagSpec> {
  const { profile: _profile, seed: _seed, ...rest } = flagsOf(registry, 'chat');
  return rest;
}

function feedRunFlagsOf(registry: ModelRegistry): Record<string, FlagSpec> {
  const feedFlags = flagsOf(registry, 'feed');
  return Object.fromEntries(
    FEED_RUN_FLAGS.filter((name) => feedFlags[name]).map((name) => {
      const { default: _none, ...spec } = feedFlags[name];
      return [name, { ...spec, group: 'feed:' }];
    }),
  );
}

export function loadCommand(registry: ModelRegistry): CommandModule {
  const realRunFlags = realRunFlagsOf(registry);
  const chatMessageBytes = flagsOf(registry, 'chat')['message-bytes'];
  return {
    ...COMMAND_HEADS.load,
    builder: (y) =>
      y
        .positional('model', { type: 'string', describe: 'system to run for real: chat, feed or highscore' })
        .options(Object.fromEntries(Object.entries(realRunFlags).map(([k, v]) => [k, { ...v, group: 'chat:' }])))
        .option('message-bytes', { ...chatMessageBytes, default: '100', describe: 'chat message payload in bytes', group: 'chat:' })
        .options(feedRunFlagsOf(registry))
        .options(highscoreRunFlags)
        .option('out', { type: 'string', describe: 'directory for the run record (default calibration/runs)' })
        .option('id', { type: 'string', describe: 'run id and file name (default from the settings, e.g. chat-n50-i500ms-pc-b100)' })
        .epilog(`feed ${localDefaults}; tasks 1 × 1 vCPU, a MySQL connection per request, profiles app=local db=local. highscore (defaults here: ${Object.entries(HIGHSCORE_RUN_FLAGS).map(([k, v]) => `--${k} ${v.default}`).join(' ')}): --users, --duration and --workers as above; PostgreSQL on core 1, the API on core 0, Locust on core 1`)
        .example('$0 load chat --users 50 --interval 500ms --iterations 2', 'seed chat case b, shortened, on this machine')
        .example('$0 load chat --users 100 --redis-egress 50mbit --message-bytes 1000', 'Redis behind a 50 Mbit/s egress cap (tc tbf)')
        .example('$0 load feed --vus 100 --max-connections 10 --flush 1', 'seed feed case b locally: fan-out 50, a low connection limit')
        .example('$0 load feed --db redis-celery --vus 100 --fanout 500 --celery-concurrency 2', 'seed feed case d locally: the fan-out to Celery workers on Redis, and the backlog drained after the test')
        .example('$0 load highscore --users 200 --update rmw --items 1000', 'seed highscore before the fix, 1,000 items per document'),
    handler: async (argv) => {
      const model = String(argv.model);
      if (model !== 'chat' && model !== 'feed' && model !== 'highscore') throw new UsageError(`capsim load runs the chat, feed and highscore models, got "${model}"`);
      if (argv.id !== undefined && !/^[A-Za-z0-9._-]+$/.test(String(argv.id))) throw new UsageError(`--id may hold only letters, digits, '.', '_' and '-', got "${String(argv.id)}"`);
      const own = model === 'chat' ? [...Object.keys(realRunFlags), 'message-bytes'] : model === 'feed' ? [...FEED_RUN_FLAGS, 'tasks'] : Object.keys(HIGHSCORE_RUN_FLAGS);
      const foreign = [...Object.keys(realRunFlags), 'message-bytes', ...FEED_RUN_FLAGS, ...HIGHSCORE_ONLY].find((f) => !own.includes(f) && typedOnCommandLine(f));
      if (foreign) throw new UsageError(`--${foreign} is not a flag of capsim load ${model}`);
      const request = {
        flags: argv as Record<string, unknown>,
        outDir: argv.out === undefined ? projectPath('calibration', 'runs') : outputDir('out', argv.out),
        id: argv.id === undefined ? undefined : String(argv.id),
        log: (line: string) => process.stderr.write(`capsim load: ${line}\n`),
      };
      // Loaded on demand: the load generator (ws, /proc sampling) is not needed by any other command.
      const result =
        model === 'chat'
          ? await (await import('../../../calibration/load/chat-run.js')).loadChat(request)
          : model === 'feed'
            ? await (await import('../../../calibration/load/feed-run.js')).loadFeed(request)
            : await (await import('../../../calibration/load/highscore-run.js')).loadHighscore(request);
      process.stdout.write(result.text + '\n');
    },
  };
}
