/**
 * Exact mean value analysis of a closed, single-class product-form network (Reiser & Lavenberg
 * 1980): N customers cycle through queueing stations (one FCFS server with exponential service,
 * or processor sharing) and delay stations (infinite servers, e.g. a network round trip or think
 * time). Used to check simulated closed loops against theory.
 */
export interface MvaStation {
  kind: 'queue' | 'delay';
  /** Service demand per cycle (visits × time per visit), any time unit. */
  demand: number;
}

export interface MvaResult {
  /** Cycles per time unit at each population 1..N (index n − 1). */
  throughput: number[];
  /** Time per cycle at each population. */
  cycleTime: number[];
  /** Mean customers at each station at population N. */
  queueLengths: number[];
}

export function exactMva(stations: readonly MvaStation[], customers: number): MvaResult {
  if (!Number.isInteger(customers) || customers < 1) throw new RangeError(`customers must be a positive integer, got ${customers}`);
  let q = stations.map(() => 0);
  const throughput: number[] = [];
  const cycleTime: number[] = [];
  for (let n = 1; n <= customers; n++) {
    const r = stations.map((s, k) => (s.kind === 'delay' ? s.demand : s.demand * (1 + q[k])));
    const total = r.reduce((a, b) => a + b, 0);
    const x = n / total;
    q = r.map((rk) => x * rk);
    throughput.push(x);
    cycleTime.push(total);
  }
  return { throughput, cycleTime, queueLengths: q };
}
