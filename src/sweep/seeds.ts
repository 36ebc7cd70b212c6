import seedrandom from 'seedrandom';

/**
 * The seed of replication r. Replication 0 runs the base seed itself, so a sweep point with one
 * replication is exactly `capsim predict` with `--seed base`; later replications draw a seed from a
 * stream keyed by (base, r). Every grid point uses the same seeds (common random numbers), so a
 * difference between neighbouring points is the load's doing, not the dice's.
 */
export function replicationSeed(base: number, r: number): number {
  if (r === 0) return base;
  return seedrandom(`capsim-sweep/${base}/${r}`).int32() >>> 0;
}

export function replicationSeeds(base: number, replications: number): number[] {
  return Array.from({ length: replications }, (_, r) => replicationSeed(base, r));
}
