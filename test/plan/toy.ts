import seedrandom from 'seedrandom';
import type { Evaluate } from '../../src/plan/judge.js';
import { deliveredMetrics, trendMetrics } from '../../src/plan/metrics.js';
import type { PlanSpec } from '../../src/plan/spec.js';
import type { RunRecord } from '../../src/sweep/run-record.js';

/**
 * A model in closed form, so properties can run hundreds of plans: capacity = servers × the
 * tier's speed × the mode's factor; latency grows as load approaches capacity (M/M/1-like), with
 * a seeded ±jitter so the near-bound replication path runs. Priced with real profiles.
 */
export const TIERS: Record<string, { speed: number; profile: string }> = {
  small: { speed: 1, profile: 't3.small' },
  medium: { speed: 2.5, profile: 't4g.medium' },
  large: { speed: 9, profile: 'c5.2xlarge' },
};

export function toySpec(servers: string[] = ['1', '2', '3', '4', '6', '8', '12', '16'], tiers: string[] = Object.keys(TIERS)): PlanSpec {
  return {
    load: { flag: 'load', label: 'requests per second', ladder: { min: 100, max: 20000, step: 100 } },
    knobs: [
      { name: 'tier', flag: 'tier', values: tiers, describe: 'database tier' },
      { name: 'mode', flag: 'mode', values: ['plain', 'cached'], describe: 'cached halves the work' },
      { name: 'servers', flag: 'servers', values: servers, monotone: true, describe: 'app servers' },
    ],
    metrics: { ...deliveredMetrics, ...trendMetrics('latency', 'latency') },
    bill: (f) => [
      { role: 'server', profile: 'fargate-1vcpu', count: Number(f.servers ?? 1) },
      { role: 'db', profile: TIERS[String(f.tier ?? 'small')].profile, count: 1 },
    ],
  };
}

/** One run of the toy: pure in (flags, seed). */
export function toyRun(flags: Record<string, unknown>, seed: number, jitter = 0.04): RunRecord {
  const load = Number(flags.load);
  const capacity = 100 * Number(flags.servers ?? 1) * TIERS[String(flags.tier ?? 'small')].speed * (flags.mode === 'cached' ? 2 : 1);
  const rho = load / capacity;
  // Common random numbers, as capsim's sweeps use: the dice depend on the seed and the
  // configuration, not on the load, so for one seed a higher load is never faster.
  const { load: _load, ...configuration } = flags;
  const noise = 1 + jitter * (2 * seedrandom(`toy/${seed}/${JSON.stringify(configuration)}`)() - 1);
  const p95 = rho < 1 ? (10 * 3) / (1 - rho) * noise : 10_000;
  return {
    seed,
    values: { delivered_ratio: Math.min(1, 1 / Math.max(rho, 1e-9)), failure_rate: 0, 'latency.p(95)': p95, 'latency.med': p95 / 3 },
    resources: [{ name: 'servers', utilisation: Math.min(1, rho), peakUtilisation: Math.min(1, rho), saturatedAtS: rho >= 1 ? 0 : null }],
    bottleneck: 'servers',
  };
}

/** The toy's evaluator, counting its simulations. */
export function toyEvaluate(counter = { runs: 0 }): Evaluate {
  return async (jobs) => {
    counter.runs += jobs.length;
    return jobs.map((j) => toyRun(j.flags, j.seed));
  };
}
