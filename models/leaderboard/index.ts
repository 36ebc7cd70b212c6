import { K6_TREND_STATS } from '../../src/metrics/trend-stats.js';
import { formatDuration } from '../../src/engine/time.js';
import { listParameters } from '../parameter.js';
import type { CapsimModel, Prediction } from '../registry.js';
import { leaderboardFlags, leaderboardScenario } from './flags.js';
import { loadLeaderboardParams, type LeaderboardParams } from './params.js';
import { simulateLeaderboard } from './model.js';
import { redisMemory, type RedisMemory } from './redis-memory.js';
import { rebuildEstimate, type RebuildEstimate } from './rebuild.js';
import { connectionLaw, type ConnectionLaw } from './law.js';
import { leaderboardBottleneck, leaderboardResources, type LeaderboardBottleneck, type LeaderboardResource } from './resources.js';
import type { LeaderboardScenario } from './scenario.js';
import { leaderboardText } from './text.js';
import { leaderboardChartSpecs } from './charts.js';
import { leaderboardPlan } from './plan.js';

export const LEADERBOARD_PUBLISHED_FILE = 'models/leaderboard/published.json';
const TREND_STATS = [...K6_TREND_STATS, 'p(99)'];
const GIB = 2 ** 30;

export interface LeaderboardPrediction extends Prediction {
  model: 'leaderboard';
  scenario: Record<string, unknown>;
  summary: { reads_per_s: number; writes_per_s: number; redis_memory_gib: number; rebuild_s: number; bottleneck: string };
  duration_s: number;
  metrics: Record<string, Record<string, number>>;
  law: ConnectionLaw;
  redis: { commands_per_s: number; commands_per_batch: number; mean_commands_in_flight: number };
  mysql: { statements_per_s: number; rows_per_statement: number; flushes_per_s: number };
  coalescing: { replaced: number; replaced_per_s: number; stale_applied: number };
  memory: {
    encoding: RedisMemory['encoding'];
    bytes_per_member: number;
    set_gib: number;
    rankings: number;
    used_gib: number;
    with_all_time_gib: number;
    socket_buffers_gib: number;
  };
  rebuild: RebuildEstimate;
  resources: LeaderboardResource[];
  bottleneck: LeaderboardBottleneck;
  warnings: string[];
  engine: { events: number };
}

const r4 = (x: number): number => +x.toPrecision(4);

export function predictLeaderboard(sc: LeaderboardScenario, params: LeaderboardParams = loadLeaderboardParams()): LeaderboardPrediction {
  const run = simulateLeaderboard(sc, params);
  const seconds = run.windowNs / 1e9;
  const memory = redisMemory(params, sc.players, sc.redisConnections, sc.rankings);
  const allTime = redisMemory(params, sc.players, sc.redisConnections, 2);
  const rebuild = rebuildEstimate(params, sc);
  const resources = leaderboardResources(sc, run, memory);
  const bottleneck = leaderboardBottleneck(sc, resources);
  const rowsPerStatement = run.mysql.statements > 0 ? run.mysql.rows / run.mysql.statements : 1;
  const warnings: string[] = [];
  if (run.dropped > 0) warnings.push(`${run.dropped} requests refused: the open loop's backlog reached its cap; the offered rate is far above capacity`);
  if (memory.usedBytes > sc.profiles.redis.memoryGiB * GIB) warnings.push(`the sorted set does not fit: ${r4(memory.usedBytes / GIB)} GiB needed on a ${sc.profiles.redis.memoryGiB} GiB node`);
  return {
    model: 'leaderboard',
    scenario: {
      players: sc.players,
      redis_connections: sc.redisConnections,
      mysql_connections: sc.mysqlConnections,
      pipeline: sc.pipeline,
      server_processes: run.cores.app,
      batch: sc.batch,
      op: sc.op,
      read_share: sc.readShare,
      load: sc.load.kind === 'users' ? { users: sc.load.users } : { rate: sc.load.perSecond },
      coalesce: sc.coalesce,
      hot: sc.hot ?? null,
      mysql: sc.mysql,
      flush: sc.flush,
      rankings: sc.rankings,
      redis_rtt: formatDuration(Math.round(run.redisRttUs * 1_000)),
      profiles: { app: sc.profiles.app.name, redis: sc.profiles.redis.name, mysql: sc.profiles.mysql.name },
      seed: sc.seed,
    },
    summary: {
      reads_per_s: r4(run.reads / seconds),
      writes_per_s: r4(run.writes / seconds),
      redis_memory_gib: r4(memory.usedBytes / GIB),
      rebuild_s: rebuild.seconds,
      bottleneck: bottleneck.resource,
    },
    duration_s: r4(seconds),
    metrics: {
      reads: { count: run.reads, rate: r4(run.reads / seconds) },
      writes: { count: run.writes, rate: r4(run.writes / seconds) },
      read_duration: run.readLatency.count > 0 ? run.readLatency.summary(TREND_STATS) : zeroTrend(),
      write_duration: run.writeLatency.count > 0 ? run.writeLatency.summary(TREND_STATS) : zeroTrend(),
      updates_replaced: { count: run.replaced, rate: r4(run.replaced / seconds) },
    },
    law: connectionLaw(params, sc, rowsPerStatement, sc.friends > 0 ? sc.friends : params.load.friends.value),
    redis: {
      commands_per_s: r4(run.redis.commands / seconds),
      commands_per_batch: r4(run.redis.batches > 0 ? run.redis.commands / run.redis.batches : 0),
      mean_commands_in_flight: r4(run.redis.meanInFlight),
    },
    mysql: { statements_per_s: r4(run.mysql.statements / seconds), rows_per_statement: r4(rowsPerStatement), flushes_per_s: r4(run.mysql.flushes / seconds) },
    coalescing: { replaced: run.replaced, replaced_per_s: r4(run.replaced / seconds), stale_applied: run.staleApplied },
    memory: {
      encoding: memory.encoding,
      bytes_per_member: r4(memory.bytesPerMember),
      set_gib: r4(memory.setBytes / GIB),
      rankings: memory.rankings,
      used_gib: r4(memory.usedBytes / GIB),
      with_all_time_gib: r4(allTime.usedBytes / GIB),
      socket_buffers_gib: r4(memory.socketBytes / GIB),
    },
    rebuild,
    resources,
    bottleneck,
    warnings,
    engine: { events: run.events },
  };
}

function zeroTrend(): Record<string, number> {
  return Object.fromEntries(TREND_STATS.map((s) => [s, 0]));
}

export const leaderboardModel: CapsimModel = {
  name: 'leaderboard',
  title: 'real-time ranking of 100 M players (one Redis sorted set + MySQL, fixed connection pools)',
  seed: 'seed write-up §4: real-time ranking for 100 million players',
  description:
    'A leaderboard server with C Redis connections (depth P each: 1 = no pipelining) and C MySQL connections (one statement each, bulk UPSERTs of up to B rows), ' +
    'Redis on one thread with costs that grow as log N of the set, MySQL with group-committed redo-log flushes, and a per-player coalescing queue. ' +
    'Predicts reads/s and writes/s, latency (avg, p95, p99), Redis memory by encoding, the rebuild time and the resource that saturates first. ' +
    'See models/leaderboard/README.md for the network, every parameter and its provenance.',
  flags: leaderboardFlags,
  predict: (flags) => predictLeaderboard(leaderboardScenario(flags)),
  checkFlags: (flags) => void leaderboardScenario(flags),
  text: leaderboardText,
  predictionSchema: 'models/leaderboard/prediction.schema.json',
  plan: leaderboardPlan,
  published: LEADERBOARD_PUBLISHED_FILE,
  blindMetrics: ['reads.rate', 'writes.rate', 'read_duration.p(95)', 'write_duration.p(95)'],
  chartSpecs: (flags) => leaderboardChartSpecs(flags),
  parameters: () => listParameters(loadLeaderboardParams()),
};
