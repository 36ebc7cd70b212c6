import type { LeaderboardParams } from './params.js';

/**
 * Redis memory of one sorted set, by arithmetic on Redis's own structures (never by creating
 * members): up to zset-max-listpack-entries members a set is one listpack; above, every member
 * costs an sds string, a skiplist node of random height, a dict entry and its share of the dict's
 * bucket table, each rounded up to the allocator's size class, as used_memory counts them.
 */
export type Encoding = 'listpack' | 'skiplist';

export interface SetMemory {
  encoding: Encoding;
  /** Bytes the set's structures take (what MEMORY USAGE reports, allocator classes included). */
  setBytes: number;
  /** setBytes ÷ members. */
  bytesPerMember: number;
}

/** jemalloc's size class for a request: 8, multiples of 16 to 128, then four classes per doubling. */
export function allocatorClass(bytes: number, quantum = 16): number {
  if (bytes <= 8) return 8;
  if (bytes <= 8 * quantum) return Math.ceil(bytes / quantum) * quantum;
  const group = 2 ** Math.floor(Math.log2(bytes - 1));
  const step = group / 4;
  return Math.ceil(bytes / step) * step;
}

/**
 * Characters of a member name: 'p' + the largest player number below `players`, or `names` when a
 * run fixed the name length itself.
 */
export function memberBytes(params: LeaderboardParams, players: number, names?: number): number {
  return names ?? params.memory.memberPrefixBytes.value + String(Math.max(0, players - 1)).length;
}

/**
 * The lengths of the members' names and the share of members with each: 'p' + the player numbers
 * 0 … players − 1 (10 of one digit, 90 of two, …), or `names` for every member when a run fixed it.
 * A set of every player holds each length in that proportion, and a listpack's or an sds's size
 * follows each name's own length, not the longest one's.
 */
export function nameLengths(params: LeaderboardParams, players: number, names?: number): Array<[length: number, share: number]> {
  if (names !== undefined || players <= 1) return [[memberBytes(params, players, names), 1]];
  const prefix = params.memory.memberPrefixBytes.value;
  const out: Array<[number, number]> = [];
  for (let digits = 1, low = 0; low < players; digits++, low = 10 ** (digits - 1)) {
    const high = Math.min(players, 10 ** digits);
    out.push([prefix + digits, (high - low) / players]);
  }
  return out;
}

/** Expected allocation of one skiplist node: level l with probability (1 − p)·p^(l − 1), capped. */
export function meanNodeBytes(params: LeaderboardParams): number {
  const m = params.memory;
  const p = m.skiplistP.value;
  const q = m.allocatorQuantumBytes.value;
  let mean = 0;
  for (let level = 1; level <= m.skiplistMaxLevel.value; level++) {
    const share = level === m.skiplistMaxLevel.value ? p ** (level - 1) : (1 - p) * p ** (level - 1);
    mean += share * allocatorClass(m.skiplistNodeBytes.value + level * m.skiplistLevelBytes.value, q);
  }
  return mean;
}

/** Smallest power of two ≥ n: the dict's bucket count once it holds n entries (load factor 1). */
export const dictBuckets = (n: number): number => (n <= 4 ? 4 : 2 ** Math.ceil(Math.log2(n)));

/** Share of a table's buckets that hold an entry when it is full (load factor 1): 1 − 1/e. */
const NON_EMPTY_SHARE = 1 - Math.exp(-1);
/** Rehash steps per insert: ZADD of a new member does a dictFind and a dictAdd, each one step (t_zset.c zsetAdd, dict.c _dictRehashStep). */
const STEPS_PER_INSERT = 2;

/**
 * The old bucket table a skiplist's dict still holds right after `members` inserts and nothing else
 * (bytes; 0 once the rehash is done). The dict doubles when it is full, at 2^k + 1 members, and moves
 * its old table one non-empty bucket per lookup or add: 2 per insert, against (1 − 1/e)·2^k non-empty
 * buckets, so the old table lives until 2^k·(1 + (1 − 1/e)/2) ≈ 1.32·2^k members. Lookups (reads,
 * updates) finish it at once in a live set; a set just filled by ZADDs of `firstZadd` members and
 * more, as the memory runs fill it, still carries it (10 k members: the 8,192-bucket table, 6.6
 * bytes per member).
 */
export function rehashTableBytes(params: LeaderboardParams, members: number, firstZadd: number): number {
  const buckets = dictBuckets(members);
  const old = buckets / 2;
  // ZADD creates the set's dict at the size of its first command (t_zset.c zsetTypeCreate): no
  // doubling, no old table, up to that size.
  if (buckets <= dictBuckets(firstZadd) || members <= old) return 0;
  const movedBuckets = (members - old) * STEPS_PER_INSERT;
  return movedBuckets < NON_EMPTY_SHARE * old ? allocatorClass(old * params.memory.dictBucketBytes.value, params.memory.allocatorQuantumBytes.value) : 0;
}

/** Bytes of one member in skiplist encoding, apart from the bucket table: sds + node + dict entry. */
export function skiplistMemberBytes(params: LeaderboardParams, players: number, names?: number): number {
  const m = params.memory;
  const q = m.allocatorQuantumBytes.value;
  // Redis picks the smallest sds header that holds the length: type 5 below 32 bytes, else type 8.
  const sds = nameLengths(params, players, names).reduce((sum, [name, share]) => sum + share * allocatorClass((name < 32 ? m.sds5HeaderBytes.value : m.sds8HeaderBytes.value) + name, q), 0);
  return sds + meanNodeBytes(params) + allocatorClass(m.dictEntryBytes.value, q);
}

export function encodingAt(params: LeaderboardParams, members: number, players = members, names?: number): Encoding {
  const m = params.memory;
  return members <= m.listpackMaxEntries.value && memberBytes(params, players, names) <= m.listpackMaxValueBytes.value ? 'listpack' : 'skiplist';
}

/** A listpack's header (total bytes 4 + entry count 2) and end byte. */
const LISTPACK_FRAME_BYTES = 7;

export function setMemory(params: LeaderboardParams, members: number, players = members, names?: number): SetMemory {
  const m = params.memory;
  const q = m.allocatorQuantumBytes.value;
  const encoding = encodingAt(params, members, players, names);
  let setBytes: number;
  if (encoding === 'listpack') {
    const meanName = nameLengths(params, players, names).reduce((sum, [name, share]) => sum + share * name, 0);
    const perEntry = 2 * m.listpackEntryOverheadBytes.value + meanName + m.listpackScoreBytes.value;
    setBytes = allocatorClass(LISTPACK_FRAME_BYTES + members * perEntry, q);
  } else {
    const buckets = dictBuckets(members) * m.dictBucketBytes.value;
    setBytes = members * skiplistMemberBytes(params, players, names) + allocatorClass(buckets, q);
  }
  return { encoding, setBytes, bytesPerMember: members > 0 ? setBytes / members : 0 };
}

export interface RedisMemory extends SetMemory {
  /** used_memory: empty server + clients + the sorted sets (one per ranking). */
  usedBytes: number;
  /** Kernel socket buffers of the connections: outside used_memory, counted beside it. */
  socketBytes: number;
  rankings: number;
}

export function redisMemory(params: LeaderboardParams, players: number, connections: number, rankings: number): RedisMemory {
  const m = params.memory;
  const set = setMemory(params, players);
  return {
    ...set,
    rankings,
    usedBytes: m.fixedBytes.value + connections * m.clientBytes.value + rankings * set.setBytes,
    socketBytes: connections * m.socketBufferBytes.value,
  };
}
