import { DEFAULT_MAX_CONNECTIONS, feedScenario } from '../../models/feed/flags.js';
import type { FeedScenario } from '../../models/feed/scenario.js';
import { formatDuration, NS_PER_S } from '../../src/engine/time.js';
import { UsageError } from '../../src/cli/usage-error.js';

/** This machine as both roles: gunicorn on core 0, MariaDB on core 1, loopback between them. */
export const FEED_LOCAL_PROFILES = ['app=local', 'db=local'];
/** With --db redis-celery Redis is on this machine too (core 1, with MariaDB and the Celery workers). */
const CELERY_LOCAL_PROFILES = [...FEED_LOCAL_PROFILES, 'redis=local'];
/**
 * A real run's defaults where they differ from predict's: the fan-out of issue 4's protocol, and
 * gunicorn on one core: 2 × 1 + 1 workers (its recommendation) with the model's default threads.
 * max_connections is predict's (the seed's case b), so a run without the flag is the experiment
 * predict simulates without it (it was MariaDB's own 151 until issue 22).
 */
export const FEED_LOCAL_DEFAULTS = { db: 'mysql', vus: '50', duration: '30s', fanout: '50', workers: '3', threads: '32', 'max-connections': DEFAULT_MAX_CONNECTIONS, flush: '1', 'celery-concurrency': '2' } as const;
const MAX_VUS = 1000;
const MAX_SLOTS = 1000;
const MAX_DURATION_NS = 10 * 60 * NS_PER_S;

export interface FeedRunSettings {
  /** The run as `capsim predict feed` flags, so the simulator can re-run the same experiment. */
  settings: Record<string, string | string[]>;
  scenario: FeedScenario;
}

/** Validates `capsim load feed` flags (UsageError on bad input) against the model's own parser. */
export function feedRunSettings(flags: Record<string, unknown>): FeedRunSettings {
  const str = (name: keyof typeof FEED_LOCAL_DEFAULTS): string => String(flags[name] ?? FEED_LOCAL_DEFAULTS[name]).trim();
  const db = str('db');
  if (db !== 'mysql' && db !== 'sqlite' && db !== 'redis-celery') throw new UsageError(`--db: a real feed run uses mysql (a private MariaDB), sqlite or redis-celery, got "${db}"`);
  const celery = db === 'redis-celery';
  const settings: Record<string, string | string[]> = {
    db,
    vus: str('vus'),
    duration: str('duration'),
    fanout: str('fanout'),
    tasks: '1',
    'task-vcpu': '1',
    workers: str('workers'),
    threads: str('threads'),
    'db-conn': 'per-request',
    ...(db !== 'sqlite' ? { 'max-connections': str('max-connections'), flush: str('flush') } : {}),
    // One Celery worker on one core (core 1): its prefork processes, and friends per task message.
    ...(celery ? { 'celery-tasks': '1', 'celery-vcpu': '1', 'celery-concurrency': str('celery-concurrency'), 'celery-chunk': String(flags['celery-chunk'] ?? str('fanout')).trim() } : {}),
    profile: celery ? CELERY_LOCAL_PROFILES : FEED_LOCAL_PROFILES,
  };
  for (const fixed of ['tasks', 'task-vcpu', 'db-conn', ...(celery ? (['celery-tasks', 'celery-vcpu'] as const) : [])] as const) {
    if (flags[fixed] !== undefined && String(flags[fixed]) !== settings[fixed]) throw new UsageError(`--${fixed}: a real feed run has ${fixed} ${String(settings[fixed])} on this machine, got "${String(flags[fixed])}"`);
  }
  const scenario = feedScenario(settings);
  if (scenario.vus > MAX_VUS) throw new UsageError(`--vus: a real run on this machine takes at most ${MAX_VUS} VUs, got ${scenario.vus}`);
  if (scenario.threads < 2) throw new UsageError('--threads: a real run uses gthread workers (threads ≥ 2): a killed sync worker would take its CPU figures with it');
  if (scenario.workers * scenario.threads > MAX_SLOTS) throw new UsageError(`--workers × --threads must stay within ${MAX_SLOTS}, got ${scenario.workers * scenario.threads}`);
  if (scenario.fanout > 1000) throw new UsageError(`--fanout: the app has 1,000 friends to write to, got ${scenario.fanout}`);
  if ((scenario.celeryConcurrency ?? 0) > 16) throw new UsageError(`--celery-concurrency: a real run on this machine takes at most 16 prefork processes, got ${scenario.celeryConcurrency}`);
  if (scenario.durationNs > MAX_DURATION_NS) throw new UsageError(`--duration must stay within ${formatDuration(MAX_DURATION_NS)} for a real run, got ${settings.duration}`);
  return { settings, scenario };
}

/** `feed-mysql-v100-c10-f1-w3x32-F50`, `feed-sqlite-v10-w3x32-F50`, `feed-redis-celery-v100-w3x32-F500-k2` (`-ch100` with chunks). */
export function defaultFeedRunId({ scenario: s }: FeedRunSettings): string {
  const parts = [`feed-${s.db}`, `v${s.vus}`];
  if (s.db === 'mysql') parts.push(`c${s.maxConnections}`, `f${s.flush}`);
  parts.push(`w${s.workers}x${s.threads}`, `F${s.fanout}`);
  if (s.db === 'redis-celery') parts.push(`k${s.celeryConcurrency ?? 1}`, ...(s.celeryChunk < s.fanout ? [`ch${s.celeryChunk}`] : []));
  if (s.durationNs !== 30 * NS_PER_S) parts.push(formatDuration(s.durationNs));
  return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '');
}
