import { perProfile, type LeaderboardParams } from './params.js';
import { commandUs } from './redis-costs.js';
import { meanDelayUs } from './law.js';
import { rttUs, isLocal } from './servers.js';
import type { LeaderboardScenario } from './scenario.js';

/**
 * Rebuilding the sorted set from MySQL after a crash, by arithmetic (the bundled server's REBUILD):
 * one connection streams every row in primary-key order, the server packs `batch` members per
 * ZADD and keeps at most connections × depth of them in flight. The stages overlap, so the
 * slowest sets the time; on the local machine the three processes share one core, so their CPU adds.
 */
export interface RebuildEstimate {
  rows: number;
  batch: number;
  seconds: number;
  limit: 'MySQL scan' | 'server CPU' | 'Redis CPU' | 'Redis round trips' | 'shared core';
  stages: { mysqlScanS: number; serverS: number; redisS: number; roundTripsS: number };
}

/** Σ_{n=1}^{N} log2 n = log2 N! by Stirling: N·log2 N − N/ln 2 + ½·log2(2πN). */
export function log2Factorial(n: number): number {
  if (n < 2) return 0;
  return n * Math.log2(n) - n / Math.LN2 + 0.5 * Math.log2(2 * Math.PI * n);
}

/** The regressors of a rebuild's Redis CPU beyond its ZADDs: rows, and Σ log2 n over the inserts (at least one level each). */
export function rebuildInsertTerms(rows: number): [number, number] {
  // Each member is inserted into a set that has grown to n − 1 members: Σ log2 n over the rows.
  return [rows, Math.max(rows, log2Factorial(rows))];
}


/**
 * Redis's CPU to rebuild a set of `rows` members in `zadds` ZADDs (µs at speed 1). The inserts have
 * their own law (rebuildMemberUs + rebuildLog2Us × log2 n): a rebuild's ZADD of many new members
 * costs far less per member than the single-member updates the command law is fitted to.
 */
export function rebuildRedisUs(params: LeaderboardParams, rows: number, zadds: number): number {
  const [perRow, levels] = rebuildInsertTerms(rows);
  return zadds * params.redis.rebuildZaddUs.value + perRow * params.redis.rebuildMemberUs.value + levels * params.redis.rebuildLog2Us.value;
}

export function rebuildEstimate(params: LeaderboardParams, sc: LeaderboardScenario, rows = sc.players): RebuildEstimate {
  const r = params.redis;
  const batch = Math.min(sc.batch, rows);
  const zadds = Math.ceil(rows / batch);
  const speed = {
    app: perProfile(params.app.cpuSpeed, sc.profiles.app, sc.profiles.app.cpuSpeed),
    redis: perProfile(params.redis.cpuSpeed, sc.profiles.redis, sc.profiles.redis.cpuSpeed),
    mysql: perProfile(params.mysql.cpuSpeed, sc.profiles.mysql, sc.profiles.mysql.cpuSpeed),
  };
  const redisUs = rebuildRedisUs(params, rows, zadds);
  const serverUs = rows * params.app.rebuildRowUs.value + zadds * params.app.rebuildZaddUs.value;
  const mysqlUs = rows * params.mysql.scanRowUs.value;
  const stages = {
    mysqlScanS: mysqlUs / speed.mysql / 1e6,
    serverS: serverUs / speed.app / 1e6,
    redisS: redisUs / speed.redis / 1e6,
    roundTripsS: 0,
  };
  // Each ZADD holds a window slot for a round trip plus its own time at the mean set size.
  const meanZaddUs = commandUs(params, { name: 'ZADD', members: batch }, rows / 2) + r.ioUs.value;
  const rtt = (sc.redisRttNs !== undefined ? sc.redisRttNs / 1_000 : rttUs(params, sc.profiles.app, sc.profiles.redis)) + 2 * meanDelayUs(sc);
  stages.roundTripsS = (zadds * (rtt + meanZaddUs / speed.redis)) / (sc.redisConnections * sc.pipeline) / 1e6;
  const shared = isLocal(sc.profiles.app) && isLocal(sc.profiles.redis) && isLocal(sc.profiles.mysql);
  const candidates: Array<[RebuildEstimate['limit'], number]> = shared
    ? [['shared core', stages.mysqlScanS + stages.serverS + stages.redisS], ['Redis round trips', stages.roundTripsS]]
    : [['MySQL scan', stages.mysqlScanS], ['server CPU', stages.serverS], ['Redis CPU', stages.redisS], ['Redis round trips', stages.roundTripsS]];
  const [limit, seconds] = candidates.reduce((best, c) => (c[1] > best[1] ? c : best));
  const round = (x: number): number => +x.toPrecision(4);
  return { rows, batch, seconds: round(seconds), limit, stages: { mysqlScanS: round(stages.mysqlScanS), serverS: round(stages.serverS), redisS: round(stages.redisS), roundTripsS: round(stages.roundTripsS) } };
}
