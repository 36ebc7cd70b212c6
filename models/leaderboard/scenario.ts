import type { Nanos } from '../../src/engine/time.js';
import type { Profile } from '../../src/config/profiles.js';

/** What one request does: the write-up's read is `around` (a rank and the 5 above and below). */
export type Operation = 'mix' | 'rank' | 'around' | 'friends' | 'update';

/** Closed loop (users each with one request outstanding) or an open Poisson stream. */
export type Load = { kind: 'users'; users: number } | { kind: 'rate'; perSecond: number };

/** One experiment of the leaderboard (seed §4), in the server's own terms. */
export interface LeaderboardScenario {
  /** Members in the sorted set and rows in the table. */
  players: number;
  redisConnections: number;
  mysqlConnections: number;
  /** Commands in flight per Redis connection; 1 = a driver that cannot pipeline. */
  pipeline: number;
  /** Most rows per UPSERT statement; 1 = single UPSERTs. */
  batch: number;
  op: Operation;
  /** Share of reads when op is mix. */
  readShare: number;
  friends: number;
  load: Load;
  coalesce: boolean;
  /** Updates concentrated on a few players (coalescing only matters there): players and share of updates. */
  hot?: { players: number; share: number };
  /** Writes go to MySQL first (off: the server's --no-mysql, Redis only). */
  mysql: boolean;
  /** innodb_flush_log_at_trx_commit: 1 flushes the redo log at every commit, 2 about once a second. */
  flush: 1 | 2;
  /** Sorted sets kept: 1, or 2 with an all-time-best ranking beside the season's. */
  rankings: number;
  /** Round trip between the server and Redis, when not the profile's (e.g. through a delay proxy). */
  redisRttNs?: Nanos;
  /**
   * A variable delay added each way between the server and Redis (a userspace delay proxy): lognormal
   * with this median and 99th percentile, as the proxy measured its hold per chunk.
   */
  redisDelay?: { medianNs: Nanos; p99Ns: Nanos };
  profiles: { app: Profile; redis: Profile; mysql: Profile };
  /** Server processes (one core each) sharing the connections; default params.app.processes. */
  serverProcesses?: number;
  /** Client connections the requests arrive on (default: one per user; 1 for an open loop). */
  clientConnections?: number;
  /** Simulate the local runs' load generator (its own core and event loop) instead of instant clients. */
  loadGenerator?: boolean;
  /**
   * An open loop shaped like a finite real run: the rate for loadSeconds (evenly paced), then up to
   * drainSeconds for the answers still owed; measured from the start, no warm-up. Without it an
   * open loop is a Poisson stream measured over `measuredOps` requests after the warm-up.
   */
  runWindow?: { loadSeconds: number; drainSeconds: number };
  /**
   * Other work on the local cores (a recorded run's scheduler accounting): the share of the wall
   * time it held the server's core (server, Redis, MariaDB) and the load generator's, taken in
   * slices of sliceUs (src/components/other-work.ts). Default none: the cores are the run's own.
   */
  otherWork?: { serverCore: number; generatorCore: number; sliceUs: number };
  /** Requests measured after the warm-up; default from params.load. */
  measuredOps?: number;
  seed: number;
}
