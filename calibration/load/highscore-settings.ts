import { duration, oneOf, positiveInt, UsageError } from '../../src/cli/usage-error.js';
import { NS_PER_S } from '../../src/engine/time.js';

/** `capsim load highscore` flags and their defaults (calibration/apps/highscore/RUNS.md). */
export const HIGHSCORE_RUN_FLAGS = {
  users: { type: 'string', describe: 'Locust users (one document each)', default: '100' },
  'spawn-rate': { type: 'string', describe: 'users started per second (Locust -r)', default: '50' },
  update: { type: 'string', describe: 'rmw (before the fix: read, change in Python, overwrite) or inplace (after: the database changes it)', default: 'rmw' },
  items: { type: 'string', describe: "items in each user's document when the run starts", default: '100' },
  duration: { type: 'string', describe: 'Locust run time (-t)', default: '60s' },
  workers: { type: 'string', describe: 'uvicorn worker processes, all on core 0', default: '1' },
} as const;

export const UPDATE_MODES = ['rmw', 'inplace'] as const;
const MAX_USERS = 2000;
const MAX_ITEMS = 20_000;
const MAX_DURATION_S = 300;

export interface HighscoreRun {
  users: number;
  spawnRate: number;
  update: (typeof UPDATE_MODES)[number];
  items: number;
  durationS: number;
  workers: number;
  /** The run as `capsim predict highscore` flags (strings). */
  settings: Record<string, string>;
}

/** Validates `capsim load highscore` flags; bad input is a UsageError naming the flag. */
export function highscoreRunSettings(flags: Record<string, unknown>): HighscoreRun {
  const str = (name: keyof typeof HIGHSCORE_RUN_FLAGS): string => String(flags[name] ?? HIGHSCORE_RUN_FLAGS[name].default).trim();
  const users = positiveInt('users', str('users'), MAX_USERS);
  const spawnRate = positiveInt('spawn-rate', str('spawn-rate'), MAX_USERS);
  const update = oneOf('update', str('update'), UPDATE_MODES);
  const items = positiveInt('items', str('items'), MAX_ITEMS);
  const durationS = duration('duration', str('duration')) / NS_PER_S;
  if (durationS > MAX_DURATION_S || !Number.isInteger(durationS)) throw new UsageError(`--duration must be whole seconds up to ${MAX_DURATION_S} s for a real run, got ${str('duration')}`);
  const workers = positiveInt('workers', str('workers'), 8);
  return {
    users, spawnRate, update, items, durationS, workers,
    settings: { users: String(users), 'spawn-rate': String(spawnRate), update, items: String(items), duration: `${durationS}s`, workers: String(workers) },
  };
}

/** `highscore-rmw-i1000-u200` (+ `-w2`, `-90s` when not the defaults). */
export function defaultHighscoreRunId(r: HighscoreRun): string {
  return [`highscore-${r.update}`, `i${r.items}`, `u${r.users}`, ...(r.workers !== 1 ? [`w${r.workers}`] : []), ...(r.durationS !== 60 ? [`${r.durationS}s`] : [])].join('-');
}
