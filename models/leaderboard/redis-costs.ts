import type { LeaderboardParams } from './params.js';

/**
 * Redis's CPU per command as a function of the set's size N, in µs on a speed-1 core. The laws are
 * Redis's documented complexities: ZADD O(log N) per member, ZREVRANK O(log N), ZREVRANGE
 * O(log N + M) for M elements returned. Each command also pays its dispatch outside commandstats
 * (parse, lookup, reply), and every
 * socket read event (one or several pipelined commands) pays `ioUs` once.
 */
export type RedisCommand = { name: 'ZADD'; members: number } | { name: 'ZREVRANK' } | { name: 'ZREVRANGE'; returned: number };

/** log2 of the set size, at least 1 (a search in a tiny set still visits a node). */
export const depthOf = (setSize: number): number => Math.max(1, Math.log2(Math.max(2, setSize)));

export function commandUs(params: LeaderboardParams, cmd: RedisCommand, setSize: number): number {
  const r = params.redis;
  const search = r.lookupLog2Us.value * depthOf(setSize);
  return r.dispatchUs.value + ownUs(r, cmd, search);
}

/** The command's own time, as INFO commandstats counts it. */
function ownUs(r: LeaderboardParams['redis'], cmd: RedisCommand, search: number): number {
  switch (cmd.name) {
    case 'ZADD':
      return r.commandUs.value + cmd.members * (r.zaddMemberUs.value + search);
    case 'ZREVRANK':
      return r.commandUs.value + r.rankUs.value + search;
    case 'ZREVRANGE':
      return r.commandUs.value + search + cmd.returned * r.rangeElementUs.value;
  }
}

/** Elements of a reply, for the wire: a ZREVRANGE WITHSCORES returns member and score per entry. */
export function replyElements(cmd: RedisCommand): number {
  return cmd.name === 'ZREVRANGE' ? 2 * cmd.returned : 1;
}

/** Arguments of a command after the key, for the wire: ZADD sends a score and a member per entry. */
export function argumentElements(cmd: RedisCommand): number {
  return cmd.name === 'ZADD' ? 2 * cmd.members : cmd.name === 'ZREVRANGE' ? 3 : 1;
}
