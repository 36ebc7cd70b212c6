import { UsageError } from '../cli/usage-error.js';

export interface Shard {
  /** 1-based, as job runners number their nodes (`--shard 2/4` is the second of four). */
  index: number;
  count: number;
}

export function parseShard(raw: unknown): Shard {
  const m = typeof raw === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw) : null;
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/4, got ${JSON.stringify(raw)}`);
  return { index, count };
}

/**
 * Grid points are dealt round-robin by index (shard i takes index ≡ i−1 mod n). Dealing rather than
 * cutting in blocks spreads the heavy end of a users range over every shard.
 */
export const inShard = (gridIndex: number, shard: Shard): boolean => gridIndex % shard.count === shard.index - 1;
