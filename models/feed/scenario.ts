import type { Nanos } from '../../src/engine/time.js';
import type { Profile } from '../../src/config/profiles.js';

export type FeedDatabase = 'sqlite' | 'mysql' | 'redis-celery';
export type ConnectionMode = 'per-request' | 'pool';

/** One experiment of seed §2, in the load script's and the deployment's own terms. */
export interface FeedScenario {
  db: FeedDatabase;
  vus: number;
  durationNs: Nanos;
  /** Friends each post is written to: 1 + fanout INSERTs (or Redis writes) per request. */
  fanout: number;
  tasks: number;
  taskVcpu: number;
  /** gunicorn processes per task, and threads per process (1 = sync worker, more = gthread). */
  workers: number;
  threads: number;
  /** Django CONN_MAX_AGE=0 (a connection per request) or a pool per worker process. */
  connections: ConnectionMode;
  poolSize: number;
  poolTimeoutNs: Nanos;
  maxConnections: number;
  flush: 1 | 2;
  bufferPoolBytes: number;
  /** Bytes of the 500 page (default: params http.errorPageBytes, derived from the seed's case b). */
  errorPageBytes?: number;
  celeryTasks: number;
  /** vCPUs per Celery task (default: params celery.vcpusPerTask). */
  celeryVcpu?: number;
  /** Prefork processes per Celery task (default: one per vCPU). */
  celeryConcurrency?: number;
  /** Friends per task message: ceil(fanout / chunk) messages per post. */
  celeryChunk: number;
  appProfile: Profile;
  dbProfile: Profile;
  redisProfile: Profile;
  seed: number;
}
