import { duration, oneOf, positiveInt, seed, UsageError } from '../../src/cli/usage-error.js';
import type { Profile } from '../../src/config/profiles.js';
import { profilesByRole } from '../../src/cli/profile-flag.js';
import type { FlagSpec } from '../registry.js';
import type { FeedScenario } from './scenario.js';

export const DEFAULT_PROFILES = { app: 'fargate-1vcpu', db: 't4g.medium', redis: 'cache.t4g.medium' } as const;
type Role = keyof typeof DEFAULT_PROFILES;

/**
 * gunicorn threads per worker when --threads is not given. The write-up does not publish the
 * gunicorn command; its case b needs more than max_connections (150) requests inside Django at
 * once, or no request could ever be refused with 1040. 32 threads × (2·4+1) workers × 2 tasks =
 * 576 slots ≥ 500 VUs, so the app tier never caps the load below the VU count (see README).
 */
export const DEFAULT_THREADS = 32;

/** MySQL max_connections as seed case b ran it (MySQL defaults): predict's and capsim load feed's default alike. */
export const DEFAULT_MAX_CONNECTIONS = '150';

export const feedFlags: Record<string, FlagSpec> = {
  db: { type: 'string', default: 'mysql', describe: 'where the 1 + fanout rows go: sqlite (one file per task), mysql, or redis-celery (post in MySQL, feed written to Redis by Celery)' },
  vus: { type: 'string', default: '500', describe: 'k6 VUs (constant-vus): each POSTs, waits for the response (60 s client time-out), sleeps 1 s, repeats' },
  duration: { type: 'string', default: '3m', describe: 'k6 duration; iterations in flight then get the 30 s gracefulStop' },
  fanout: { type: 'string', default: '500', describe: 'friends per post: each request writes 1 post + fanout feed rows' },
  tasks: { type: 'string', default: '2', describe: 'app tasks (Django + gunicorn) behind the load balancer' },
  'task-vcpu': { type: 'string', default: '4', describe: 'vCPUs per app task (Fargate)' },
  workers: { type: 'string', describe: 'gunicorn worker processes per task (default 2 × task-vcpu + 1, gunicorn\'s recommendation)' },
  threads: { type: 'string', default: String(DEFAULT_THREADS), describe: 'gunicorn threads per worker (1 = sync worker with the 30 s worker time-out; more = gthread)' },
  'db-conn': { type: 'string', default: 'per-request', describe: 'per-request: Django CONN_MAX_AGE=0 opens a MySQL connection per request; pool: a pool per worker process with an acquire time-out' },
  'pool-size': { type: 'string', default: '15', describe: 'connections per worker process with --db-conn pool (SQLAlchemy QueuePool 5 + 10 overflow)' },
  'pool-timeout': { type: 'string', default: '30s', describe: 'how long a request waits for a pooled connection before it fails (QueuePool timeout)' },
  'max-connections': { type: 'string', default: DEFAULT_MAX_CONNECTIONS, describe: 'MySQL max_connections; one more is kept for SUPER; beyond it, error 1040 at once' },
  flush: { type: 'string', default: '1', describe: 'innodb_flush_log_at_trx_commit: 1 fsyncs the redo log at every commit, 2 about once a second' },
  'error-page-bytes': { type: 'string', describe: 'size of the 500 page a failed request gets (default http.errorPageBytes, the seed\'s); its render CPU scales with it' },
  'buffer-pool': { type: 'string', default: '128M', describe: 'innodb_buffer_pool_size, e.g. 128M or 2048M' },
  'celery-tasks': { type: 'string', default: '2', describe: 'Celery worker tasks (2 vCPU each, one prefork process per vCPU) with --db redis-celery' },
  'celery-vcpu': { type: 'string', describe: 'vCPUs per Celery task (default celery.vcpusPerTask, the seed\'s 2)' },
  'celery-concurrency': { type: 'string', describe: 'prefork processes per Celery task (default one per vCPU, Celery\'s --concurrency default)' },
  'celery-chunk': { type: 'string', describe: 'friends per Celery task message (default the whole fan-out: one task per post, as the write-up implies)' },
  profile: {
    type: 'string',
    array: true,
    describe: `hardware profiles role=name, roles app, db, redis (default app=${DEFAULT_PROFILES.app}, db=${DEFAULT_PROFILES.db}, redis=${DEFAULT_PROFILES.redis}); a bare cache node is redis, a container app, a compute instance db`,
  },
  seed: { type: 'string', default: '1', describe: 'random seed: same inputs + seed → identical output' },
};

const SIZE_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };

/** A MySQL-style size (`128M`, `2G`, `134217728`) in bytes. */
export function byteSize(flag: string, value: unknown): number {
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*$/i.exec(value) : null;
  const bytes = m ? Math.round(Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()]) : NaN;
  if (!(bytes >= 2 ** 20)) throw new UsageError(`--${flag} must be a size of at least 1M such as 128M or 2G, got ${JSON.stringify(value)}`);
  return bytes;
}

const ROLE_OF_KIND: Record<Profile['kind'], Role> = { cache: 'redis', container: 'app', compute: 'db' };

/** The Celery flags whose defaults come from params.json or the fan-out: undefined means that default. */
function celeryWorkers(flags: Record<string, unknown>): Pick<FeedScenario, 'celeryVcpu' | 'celeryConcurrency' | 'celeryChunk'> {
  const fanout = positiveInt('fanout', flags.fanout ?? '500', 1_000_000);
  const chunk = flags['celery-chunk'] === undefined ? fanout : positiveInt('celery-chunk', flags['celery-chunk'], 1_000_000);
  return {
    ...(flags['celery-vcpu'] === undefined ? {} : { celeryVcpu: positiveInt('celery-vcpu', flags['celery-vcpu'], 64) }),
    ...(flags['celery-concurrency'] === undefined ? {} : { celeryConcurrency: positiveInt('celery-concurrency', flags['celery-concurrency'], 1000) }),
    celeryChunk: Math.min(chunk, fanout),
  };
}

export function feedScenario(flags: Record<string, unknown>): FeedScenario {
  const { app, db, redis } = profilesByRole(flags.profile, DEFAULT_PROFILES, (p) => ROLE_OF_KIND[p.kind]);
  const taskVcpu = positiveInt('task-vcpu', flags['task-vcpu'] ?? '4', 64);
  return {
    db: oneOf('db', flags.db ?? 'mysql', ['sqlite', 'mysql', 'redis-celery'] as const),
    // Bounds on the work: 10,000 VUs or an hour each take a minute or more to simulate here (the seed ran 500 VUs for 3m).
    vus: positiveInt('vus', flags.vus ?? '500', 10_000),
    durationNs: duration('duration', flags.duration ?? '3m', { max: '1h', why: 'an hour takes about a minute to simulate; the seed ran 3m' }),
    fanout: positiveInt('fanout', flags.fanout ?? '500', 1_000_000),
    tasks: positiveInt('tasks', flags.tasks ?? '2', 1000),
    taskVcpu,
    workers: positiveInt('workers', flags.workers ?? String(2 * taskVcpu + 1), 1000),
    threads: positiveInt('threads', flags.threads ?? String(DEFAULT_THREADS), 10_000),
    connections: oneOf('db-conn', flags['db-conn'] ?? 'per-request', ['per-request', 'pool'] as const),
    poolSize: positiveInt('pool-size', flags['pool-size'] ?? '15', 10_000),
    poolTimeoutNs: duration('pool-timeout', flags['pool-timeout'] ?? '30s'),
    maxConnections: positiveInt('max-connections', flags['max-connections'] ?? DEFAULT_MAX_CONNECTIONS, 100_000),
    flush: Number(oneOf('flush', String(flags.flush ?? '1'), ['1', '2'] as const)) as 1 | 2,
    bufferPoolBytes: byteSize('buffer-pool', flags['buffer-pool'] ?? '128M'),
    ...(flags['error-page-bytes'] === undefined ? {} : { errorPageBytes: positiveInt('error-page-bytes', flags['error-page-bytes'], 100_000_000) }),
    celeryTasks: positiveInt('celery-tasks', flags['celery-tasks'] ?? '2', 1000),
    ...celeryWorkers(flags),
    appProfile: app,
    dbProfile: db,
    redisProfile: redis,
    seed: seed(flags.seed ?? '1'),
  };
}
