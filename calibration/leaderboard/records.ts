import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { readJsonFile, validate } from '../../src/config/schema.js';
import { projectPath } from '../../src/config/project-root.js';
import { RUNS_DIR } from '../records.js';
import { slowdown, type SpeedProbe } from '../load/speed-probe.js';

/** A real run of the bundled leaderboard (calibration/load/leaderboard-run.ts, fields in calibration/apps/leaderboard/RUNS.md). */
export interface LeaderboardRecord {
  kind: 'capsim-leaderboard-run';
  id: string;
  experiment: 'pool' | 'bulk-upsert' | 'coalescing' | 'memory' | 'rebuild' | 'redis-cost';
  createdAt: string;
  settings: {
    op?: string;
    redisConnections?: number;
    pipelineDepth?: number;
    delayMsEachWay?: number;
    players?: number;
    clientsInFlight?: number;
    durationS?: number;
    mysql?: boolean;
    mysqlConnections?: number;
    bulkRows?: number;
    coalesce?: boolean;
    rate?: number;
    hotPlayers?: number;
    hotShare?: number;
    members?: number;
    memberBytes?: number | string;
    listpackEntries?: number;
    zaddBatch?: number;
    ops?: number;
  };
  duration_s: number;
  machine: { pinning: Record<string, string>; speedProbe: SpeedProbe; [k: string]: unknown };
  throughput?: { requests?: number; redisCommands?: number; mysqlStatements?: number; mysqlRows?: number; updatesApplied?: number; membersInserted?: number };
  latency_ms?: { count: number; mean: number; p50: number; p90: number; p95: number; p99: number; max: number };
  counts?: { requests?: number; errors?: number; superseded?: number; unanswered?: number };
  server?: Record<string, number>;
  resources?: Record<string, number>;
  proxy?: Record<string, number>;
  memory?: { members: number; usedMemoryBefore: number; usedMemoryAfter: number; bytesPerMember: number; memoryUsageKey: number; encoding: string; keyBytesPerMember?: number };
  rebuild?: { rows: number; seconds: number; rowsPerS: number; zadds?: number };
  cost?: { ops: number; redisCpuUsPerOp: number; commandstatsUsecPerCall: number; clientCpuUsPerOp?: number; roundTripMeanMs: number; command?: string };
  notes?: string;
}

export const LEADERBOARD_RUN_SCHEMA = 'calibration/load/leaderboard-run.schema.json';
const KIND = 'capsim-leaderboard-run';
/** The core the server, Redis and MariaDB are pinned to in these runs (RUNS.md). */
export const SERVER_CORE = 'core1';

export function loadLeaderboardRecord(file: string): LeaderboardRecord {
  const path = isAbsolute(file) ? file : resolve(file);
  return validate<LeaderboardRecord>(LEADERBOARD_RUN_SCHEMA, readJsonFile(path, file), file);
}

/** Every committed leaderboard record (calibration/runs), in id order. */
export function committedLeaderboardRecords(): LeaderboardRecord[] {
  const dir = projectPath(RUNS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => projectPath(RUNS_DIR, f))
    .filter((f) => (readJsonFile(f, f) as { kind?: unknown }).kind === KIND)
    .map((f) => loadLeaderboardRecord(f))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How much slower than `referenceMs` the run's server core was (1 without a probe or reference). */
export function serverSlowdown(r: LeaderboardRecord, referenceMs: number): number {
  return referenceMs > 0 ? (slowdown(r.machine.speedProbe, SERVER_CORE, referenceMs) ?? 1) : 1;
}

/** The median of the runs' server-core probes (ms), the speed at which fitted costs hold. */
export function probeReference(records: LeaderboardRecord[]): number | undefined {
  const ms = records.flatMap((r) => r.machine.speedProbe[SERVER_CORE] ?? []).sort((a, b) => a - b);
  return ms.length === 0 ? undefined : ms[Math.floor(ms.length / 2)];
}
