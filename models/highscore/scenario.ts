import type { Nanos } from '../../src/engine/time.js';

/** How an edit reaches the document: the whole document through Python, or an operator in the store. */
export type UpdateMode = 'read-modify-write' | 'in-place';

/** Where a tier runs: the write-up's machines (cloud speed), or this machine (calibration runs). */
export type Place = 'writeup' | 'local';

/** One Locust run against the highscore API, in Locust's and the deployment's own terms. */
export interface HighscoreScenario {
  users: number;
  /** Locust --spawn-rate: users started per second. */
  spawnRate: number;
  /** Locust --run-time. */
  durationNs: Nanos;
  update: UpdateMode;
  /** Items in each user's document. */
  docItems: number;
  /** uvicorn --workers: Python processes, each on at most one core at a time (GIL). */
  workers: number;
  apiVcpu: number;
  docstoreVcpu: number;
  /** Pooled document-store connections per worker process (the driver's pool). */
  dbPool: number;
  /** RAM of the API instance, bytes. */
  apiMemoryBytes: number;
  api: Place;
  docstore: Place;
  /** Core speeds when set explicitly (a recorded run's speed probe); otherwise the place's. */
  apiSpeed?: number;
  docstoreSpeed?: number;
  /** Mean WAL flush of the store's disk, µs, when a recorded run measured its own (pg_stat_wal); otherwise host.walFlushUs. */
  walFlushUs?: number;
  /**
   * The API's share of its core while it stays runnable past a time slice, when a recorded run's
   * run-queue wait gave its own (calibration/highscore/runs.ts); otherwise host.apiShare.
   */
  apiShare?: number;
  /**
   * The share of its core the store (and Locust beside it) got from other sessions' work, when a
   * recorded run's run-queue wait gave its own; otherwise the whole core.
   */
  docstoreShare?: number;
  seed: number;
}
