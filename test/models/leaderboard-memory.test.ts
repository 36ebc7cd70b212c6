import { describe, expect, it } from 'vitest';
import { loadLeaderboardParams, type LeaderboardParams } from '../../models/leaderboard/params.js';
import { allocatorClass, dictBuckets, encodingAt, meanNodeBytes, memberBytes, nameLengths, redisMemory, rehashTableBytes, setMemory, skiplistMemberBytes } from '../../models/leaderboard/redis-memory.js';

// Redis memory by arithmetic on its structures (models/leaderboard/README.md, "Memory"): every
// figure below worked out by hand from Redis 7's sizes in params.json (jemalloc classes of 16 bytes
// up to 128, then four per doubling).

const base = loadLeaderboardParams();
const withMemory = (changes: Partial<Record<keyof LeaderboardParams['memory'], number>>): LeaderboardParams => {
  const p = structuredClone(base);
  for (const [k, v] of Object.entries(changes)) p.memory[k as keyof LeaderboardParams['memory']].value = v;
  return p;
};

describe('leaderboard memory arithmetic', () => {
  it('jemalloc classes at their edges: 8, then 16s to 128, then four per doubling', () => {
    const sizes = [0, 8, 16, 17, 127, 128, 129, 160, 161, 192, 256, 257, 320, 1024, 1025, 8192, 8193];
    expect(sizes.map((b) => allocatorClass(b))).toEqual([8, 8, 16, 32, 128, 128, 160, 160, 192, 192, 256, 320, 320, 1024, 1280, 8192, 10240]);
    // Another quantum: multiples of 8 up to 64.
    expect([9, 64, 65].map((b) => allocatorClass(b, 8))).toEqual([16, 64, 80]);
  });

  it('member names are p + the largest player number, or the length a run fixed', () => {
    expect(memberBytes(base, 100_000_000)).toBe(9); // p99999999
    expect(memberBytes(base, 1000)).toBe(4); // p999
    expect(memberBytes(base, 1001)).toBe(5); // p1000
    expect(memberBytes(base, 1)).toBe(2); // p0
    expect(memberBytes(base, 0)).toBe(2); // no player: still p0
    expect(memberBytes(base, 100_000_000, 20)).toBe(20);
  });

  it('a skiplist node’s expected allocation over the level distribution, capped at the top level', () => {
    // Node 24 + 16 per level: level 1 → 40 → 48 bytes, level 2 → 56 → 64, level 3 → 72 → 80.
    // Top level 2: levels 1 and 2 with 3/4 and 1/4: 36 + 16 = 52.
    expect(meanNodeBytes(withMemory({ skiplistMaxLevel: 2 }))).toBeCloseTo(52, 12);
    // Top level 3: 3/4 · 48 + 3/16 · 64 + 1/16 · 80 = 36 + 12 + 5 = 53.
    expect(meanNodeBytes(withMemory({ skiplistMaxLevel: 3 }))).toBeCloseTo(53, 12);
    // Top level 1: every node has one level.
    expect(meanNodeBytes(withMemory({ skiplistMaxLevel: 1 }))).toBe(48);
    // Redis's 32 levels: the series 36 + 12 + 3.75 + 1.125 + 0.328 + 0.094 + (160, 160, 192, …) ≈ 53.336.
    expect(meanNodeBytes(base)).toBeCloseTo(53.336, 3);
    // p = 1/2: 1/2 · 48 + 1/2 · 64 at top level 2 = 56.
    expect(meanNodeBytes(withMemory({ skiplistMaxLevel: 2, skiplistP: 0.5 }))).toBeCloseTo(56, 12);
  });

  it('the dict’s buckets: at least 4, the next power of two at load factor 1', () => {
    expect([0, 1, 4, 5, 8, 9, 1000, 1024, 1025].map(dictBuckets)).toEqual([4, 4, 4, 8, 8, 16, 1024, 1024, 2048]);
  });

  it('one member in skiplist encoding: sds + node + dict entry, each in its class', () => {
    // 'p1000000' … 'p99999999' (8–9 bytes, 99.9 % of 100 M): sdshdr5 2 + 9 = 11 → 16; the 100,000
    // names of 2–6 bytes: ≤ 8 → 8; node 53.336; dict entry 24 → 32.
    expect(skiplistMemberBytes(base, 100_000_000)).toBeCloseTo(0.999 * 16 + 0.001 * 8 + 53.336 + 32, 3);
    // Every name as long as the run fixed it: 9 bytes → 16.
    expect(skiplistMemberBytes(base, 100_000_000, 9)).toBeCloseTo(16 + 53.336 + 32, 3);
    // The sds header: type 5 below 32 bytes of name, type 8 from 32. With an 8-type header of 20
    // bytes the two differ at the edge: 31 + 2 = 33 → 48; 32 + 20 = 52 → 64.
    const p = withMemory({ sds8HeaderBytes: 20, skiplistMaxLevel: 1 });
    expect(skiplistMemberBytes(p, 1, 31)).toBe(48 + 48 + 32);
    expect(skiplistMemberBytes(p, 1, 32)).toBe(64 + 48 + 32);
  });

  it('listpack up to 128 members with names up to 64 bytes, skiplist past either', () => {
    expect(encodingAt(base, 128)).toBe('listpack');
    expect(encodingAt(base, 129)).toBe('skiplist');
    expect(encodingAt(base, 10, 10, 64)).toBe('listpack');
    expect(encodingAt(base, 10, 10, 65)).toBe('skiplist');
    // The name's length comes from players, not members: 10 members of 100 M players are 9 bytes each.
    expect(encodingAt(withMemory({ listpackMaxValueBytes: 8 }), 10, 100_000_000)).toBe('skiplist');
    expect(encodingAt(withMemory({ listpackMaxValueBytes: 9 }), 10, 100_000_000)).toBe('listpack');
  });

  it('a listpack: frame 7 + per entry (2 × 2 headers + name + 8-byte score), in its class', () => {
    // 10 members, names of 9: 7 + 10 × 21 = 217 → 224 (class of 32 between 128 and 256).
    expect(setMemory(base, 10, 100_000_000)).toEqual({ encoding: 'listpack', setBytes: 224, bytesPerMember: 22.4 });
    // 3 members named p0…p2 (2 bytes): 7 + 3 × 14 = 49 → 64.
    expect(setMemory(base, 3)).toEqual({ encoding: 'listpack', setBytes: 64, bytesPerMember: 64 / 3 });
    // An empty set: the frame alone, and no bytes per member.
    expect(setMemory(base, 0)).toEqual({ encoding: 'listpack', setBytes: 8, bytesPerMember: 0 });
  });

  it('names count at their own lengths: p0 … p9 two bytes, p10 … p99 three, …', () => {
    expect(nameLengths(base, 128)).toEqual([[2, 10 / 128], [3, 90 / 128], [4, 28 / 128]]);
    expect(nameLengths(base, 100_000_000, 20)).toEqual([[20, 1]]);
    expect(nameLengths(base, 1)).toEqual([[2, 1]]);
    // 128 members: mean name (10 × 2 + 90 × 3 + 28 × 4) ÷ 128 = 3.140625; 7 + 128 × (4 + 3.140625 + 8)
    // = 1,945 → 2,048 (the longest name for all would be 7 + 128 × 16 = 2,055 → 2,560).
    expect(setMemory(base, 128)).toMatchObject({ encoding: 'listpack', setBytes: 2048 });
  });

  it("a dict still rehashing after inserts alone holds its old table: up to ≈ 1.32 × the last doubling", () => {
    // 10,000 members, first ZADD 1,000 (1,024 buckets): doubled at 8,193 to 16,384; 1,807 inserts × 2
    // steps = 3,614 buckets moved of (1 − 1/e) × 8,192 = 5,178 non-empty: the 8,192 × 8 = 65,536 bytes remain.
    expect(rehashTableBytes(base, 10_000, 1000)).toBe(65_536);
    // 100,000: doubled at 65,537; 34,463 × 2 = 68,926 ≥ 41,427 moved: done.
    expect(rehashTableBytes(base, 100_000, 1000)).toBe(0);
    // The edge: 8,192 + 2,589 members move 5,178 buckets, just short of 5,178.3; one more and it is done.
    expect(rehashTableBytes(base, 8192 + 2589, 1000)).toBe(65_536);
    expect(rehashTableBytes(base, 8192 + 2590, 1000)).toBe(0);
    // Created at its size by one ZADD (129 or 1,000 members): no doubling, no old table.
    expect(rehashTableBytes(base, 129, 129)).toBe(0);
    expect(rehashTableBytes(base, 1000, 1000)).toBe(0);
  });

  it('a skiplist: members × (sds + node + entry) + the bucket table in its class', () => {
    // 1,000 members named p0…p999 (4): sds 6 → 8; 8 + 53.336 + 32 = 93.336 each; buckets 1,024 × 8 = 8,192.
    const s = setMemory(base, 1000);
    expect(s.encoding).toBe('skiplist');
    expect(s.setBytes).toBeCloseTo(1000 * (8 + 53.336) + 1000 * 32 + 8192, 0);
    expect(s.bytesPerMember).toBeCloseTo(s.setBytes / 1000, 12);
  });

  it('used_memory: empty server + clients + every ranking’s set; socket buffers apart', () => {
    const one = redisMemory(base, 1000, 64, 1);
    const set = setMemory(base, 1000).setBytes;
    // 900,000 + 64 × 20,000 + set
    expect(one.usedBytes).toBeCloseTo(900_000 + 1_280_000 + set, 6);
    expect(one.socketBytes).toBe(64 * 87_380);
    expect(one.rankings).toBe(1);
    expect(redisMemory(base, 1000, 64, 2).usedBytes).toBeCloseTo(900_000 + 1_280_000 + 2 * set, 6);
    expect(redisMemory(base, 1000, 1, 1).usedBytes).toBeCloseTo(900_000 + 20_000 + set, 6);
  });
});
