import type { LeaderboardParams } from './params.js';
import { perProfile } from './params.js';
import { commandUs, type RedisCommand } from './redis-costs.js';
import { rttUs } from './servers.js';
import type { LeaderboardScenario } from './scenario.js';

/**
 * The write-up's law for one connection: without pipelining it completes 1/(T_process + T_latency)
 * commands per second; with depth P it keeps P commands in flight, so C connections carry at most
 * C·P/(T_process + T_latency), and never more than Redis's one thread, 1/T_process.
 */
export interface ConnectionLaw {
  /** Redis's time per command of this workload (its I/O included), ms. */
  tProcessMs: number;
  /** Round trip server ⇄ Redis plus the server's own time per command, ms. */
  tLatencyMs: number;
  perConnectionPerS: number;
  /** Commands per second C connections can carry at depth P, at most Redis's own ceiling. */
  ceilingPerS: number;
  redisCeilingPerS: number;
}

/** The commands one request of the scenario sends, on average. */
export function commandsPerRequest(sc: LeaderboardScenario, friends: number): Array<{ cmd: RedisCommand; weight: number }> {
  const readShare = sc.op === 'mix' ? sc.readShare : sc.op === 'update' ? 0 : 1;
  const reads: Array<{ cmd: RedisCommand; weight: number }> =
    sc.op === 'rank'
      ? [{ cmd: { name: 'ZREVRANK' }, weight: 1 }]
      : sc.op === 'friends'
        ? [{ cmd: { name: 'ZREVRANK' }, weight: friends }]
        : [
            { cmd: { name: 'ZREVRANK' }, weight: 1 },
            { cmd: { name: 'ZREVRANGE', returned: Math.min(11, sc.players) }, weight: 1 },
          ];
  const rowsPerZadd = Math.max(1, sc.batch);
  return [
    ...reads.map((r) => ({ cmd: r.cmd, weight: r.weight * readShare })),
    { cmd: { name: 'ZADD', members: rowsPerZadd } as RedisCommand, weight: (1 - readShare) / rowsPerZadd },
  ].filter((c) => c.weight > 0);
}

/** Mean of the lognormal delay each way (a proxy), µs: median · exp(σ²/2). */
export function meanDelayUs(sc: LeaderboardScenario): number {
  if (!sc.redisDelay) return 0;
  const sigma = Math.log(sc.redisDelay.p99Ns / sc.redisDelay.medianNs) / 2.3263;
  return (sc.redisDelay.medianNs / 1_000) * Math.exp((sigma * sigma) / 2);
}

export function connectionLaw(params: LeaderboardParams, sc: LeaderboardScenario, rowsPerZadd: number, friends: number): ConnectionLaw {
  const speed = perProfile(params.redis.cpuSpeed, sc.profiles.redis, sc.profiles.redis.cpuSpeed);
  const mix = commandsPerRequest({ ...sc, batch: rowsPerZadd }, friends);
  const total = mix.reduce((s, c) => s + c.weight, 0);
  const processUs = mix.reduce((s, c) => s + c.weight * (params.redis.ioUs.value + commandUs(params, c.cmd, sc.players)), 0) / total / speed;
  const appSpeed = perProfile(params.app.cpuSpeed, sc.profiles.app, sc.profiles.app.cpuSpeed);
  const rtt = sc.redisRttNs !== undefined ? sc.redisRttNs / 1_000 : rttUs(params, sc.profiles.app, sc.profiles.redis);
  const latencyUs = rtt + 2 * meanDelayUs(sc) + params.app.redisCommandUs.value / appSpeed;
  const perConnectionPerS = 1e6 / (processUs + latencyUs);
  const redisCeilingPerS = 1e6 / processUs;
  return {
    tProcessMs: +(processUs / 1e3).toPrecision(4),
    tLatencyMs: +(latencyUs / 1e3).toPrecision(4),
    perConnectionPerS: +perConnectionPerS.toPrecision(4),
    ceilingPerS: +Math.min(sc.redisConnections * sc.pipeline * perConnectionPerS, redisCeilingPerS).toPrecision(4),
    redisCeilingPerS: +redisCeilingPerS.toPrecision(4),
  };
}
