import { duration, oneOf, positiveInt, seed, UsageError } from '../../src/cli/usage-error.js';
import type { FlagSpec } from '../registry.js';
import type { HighscoreParams } from './params.js';
import type { HighscoreScenario, Place } from './scenario.js';

/**
 * uvicorn --workers when the flag is not given: one per vCPU of the API instance. The write-up does
 * not say; it saw the instance's CPU at 100%, which one Python process (one core at a time, GIL)
 * could not show on 2 cores, so at least two.
 */
export const defaultWorkers = (apiVcpu: number): number => apiVcpu;

export const highscoreFlags: Record<string, FlagSpec> = {
  users: { type: 'string', default: '350', describe: 'Locust users (--users): each runs add → edit → delete forever, waiting between(1, 5) s after each' },
  update: { type: 'string', default: 'read-modify-write', describe: 'read-modify-write: every request loads, decodes, changes, encodes and rewrites the whole document (before the fix); in-place: $push / positional $set / $pull in the store (after)' },
  'doc-items': { type: 'string', describe: "items in each user's document (default: the size fitted to the write-up's 350-user case, capsim fit highscore)" },
  workers: { type: 'string', describe: 'uvicorn worker processes (--workers), each one Python process on one core at a time (default: one per API vCPU)' },
  'api-vcpu': { type: 'string', default: '2', describe: "the API instance's vCPUs (the write-up's: 2)" },
  'docstore-vcpu': { type: 'string', describe: "the document store's vCPUs (default docstore.vcpus in params.json)" },
  'pool-size': { type: 'string', default: String(100), describe: "document-store connections per worker process (Motor/PyMongo's maxPoolSize defaults to 100)" },
  'api-memory': { type: 'string', default: '12G', describe: "the API instance's RAM, e.g. 12G (the write-up's before the cut) or 6G (after)" },
  duration: { type: 'string', default: '5m', describe: 'Locust --run-time, counted from the start of spawning' },
  'spawn-rate': { type: 'string', describe: 'Locust --spawn-rate: users started per second (default: locust.spawnRate in params.json)' },
  profile: {
    type: 'string',
    array: true,
    describe: 'where the tiers run: writeup (the write-up\'s machines, default) or local (this machine, for calibration runs); api=local or docstore=local for one tier',
  },
  seed: { type: 'string', default: '1', describe: 'random seed: same inputs + seed → identical output' },
};

const PLACES = ['writeup', 'local'] as const;

/** `--profile local`, `--profile api=local --profile docstore=writeup`: the place of each tier. */
function places(values: unknown): { api: Place; docstore: Place } {
  const chosen = { api: 'writeup' as Place, docstore: 'writeup' as Place };
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  for (const raw of list.flatMap((v) => String(v).split(','))) {
    const m = /^(?:(api|docstore)=)?(.+)$/.exec(raw.trim());
    const place = m && (PLACES as readonly string[]).includes(m[2]) ? (m[2] as Place) : undefined;
    if (!m || !place) throw new UsageError(`--profile must be writeup or local, optionally as api=… or docstore=…, got "${raw}"`);
    if (m[1] === 'api' || m[1] === undefined) chosen.api = place;
    if (m[1] === 'docstore' || m[1] === undefined) chosen.docstore = place;
  }
  return chosen;
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i;
const UNIT: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** `12G`, `6GB`, `512M` → bytes. */
function memoryBytes(flag: string, value: unknown): number {
  const m = typeof value === 'string' ? SIZE.exec(value) : null;
  const bytes = m ? Number(m[1]) * UNIT[m[2].toUpperCase()] : NaN;
  if (!(bytes >= 2 ** 26)) throw new UsageError(`--${flag} must be a size of at least 64M such as 12G or 6G, got ${JSON.stringify(value)}`);
  return bytes;
}

function rate(flag: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n <= 10_000)) throw new UsageError(`--${flag} must be a number of users per second above 0 and up to 10,000, got ${JSON.stringify(value)}`);
  return n;
}

export function highscoreScenario(flags: Record<string, unknown>, params: HighscoreParams): HighscoreScenario {
  const apiVcpu = positiveInt('api-vcpu', flags['api-vcpu'] ?? '2', 256);
  const where = places(flags.profile);
  return {
    users: positiveInt('users', flags.users ?? '350', 100_000),
    spawnRate: flags['spawn-rate'] === undefined ? params.locust.spawnRate.value : rate('spawn-rate', flags['spawn-rate']),
    durationNs: duration('duration', flags.duration ?? '5m', { max: '1h', why: 'the simulation grows with the run; the seed ran 5m' }),
    update: oneOf('update', flags.update ?? 'read-modify-write', ['read-modify-write', 'in-place'] as const),
    docItems: flags['doc-items'] === undefined ? Math.round(params.document.items.value) : nonNegativeInt('doc-items', flags['doc-items']),
    workers: flags.workers === undefined ? defaultWorkers(apiVcpu) : positiveInt('workers', flags.workers, 1024),
    apiVcpu,
    docstoreVcpu: flags['docstore-vcpu'] === undefined ? params.docstore.vcpus.value : positiveInt('docstore-vcpu', flags['docstore-vcpu'], 256),
    dbPool: positiveInt('pool-size', flags['pool-size'] ?? '100', 100_000),
    apiMemoryBytes: memoryBytes('api-memory', flags['api-memory'] ?? '12G'),
    api: where.api,
    docstore: where.docstore,
    seed: seed(flags.seed ?? '1'),
  };
}

function nonNegativeInt(flag: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(Number.isInteger(n) && n >= 0 && n <= 1_000_000)) throw new UsageError(`--${flag} must be a whole number from 0 to 1,000,000, got ${JSON.stringify(value)}`);
  return n;
}
