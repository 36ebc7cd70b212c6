import type { PlanSpec, SloMetric } from '../../src/plan/spec.js';
import { leaderboardScenario } from './flags.js';

const sum = (a: string, b: string) => (v: Readonly<Record<string, number>>): number => (v[a] ?? NaN) + (v[b] ?? NaN);
const worse = (a: string, b: string) => (v: Readonly<Record<string, number>>): number => Math.max(v[a] ?? NaN, v[b] ?? NaN);

function latency(stat: string): Record<string, SloMetric> {
  const name = stat === 'p(95)' ? 'p95' : stat === 'p(99)' ? 'p99' : stat;
  return {
    [name]: { describe: `the slower of read and write ${stat} latency`, unit: 'ms', value: worse(`read_duration.${stat}`, `write_duration.${stat}`) },
    [`read_${name}`]: { describe: `read (rank ±5) latency ${stat} (read_duration.${stat})`, unit: 'ms', value: (v) => v[`read_duration.${stat}`] ?? NaN },
    [`write_${name}`]: { describe: `update latency ${stat} (write_duration.${stat})`, unit: 'ms', value: (v) => v[`write_duration.${stat}`] ?? NaN },
  };
}

/**
 * What `capsim plan leaderboard` searches: pipelining depth and the connection count (bisected:
 * N = 1/(T_process + T_latency) per connection, so more connections never carry less). Both are
 * free, so on the write-up's fixed machines the plan is the fewest connections that meet the SLO.
 */
export const leaderboardPlan: PlanSpec = {
  load: { flag: 'rate', label: 'requests per second offered (open loop)', ladder: { min: 1000, max: 100000, step: 1000 } },
  knobs: [
    { name: 'pipeline', flag: 'pipeline', values: ['1', '4', '16'], describe: 'commands in flight per Redis connection' },
    { name: 'connections', flag: 'connections', values: ['1', '2', '4', '8', '16', '32', '64', '128', '256'], monotone: true, describe: 'Redis and MySQL connections each' },
  ],
  metrics: {
    rps: { describe: 'reads and writes per second (reads.rate + writes.rate)', unit: 'per_s', value: sum('reads.rate', 'writes.rate') },
    ...latency('p(95)'),
    ...latency('p(99)'),
  },
  bill(flags) {
    const { profiles } = leaderboardScenario(flags);
    return [
      { role: 'server', profile: profiles.app.name, count: 1 },
      { role: 'Redis node', profile: profiles.redis.name, count: 1 },
      { role: 'MySQL instance', profile: profiles.mysql.name, count: 1 },
    ];
  },
};
