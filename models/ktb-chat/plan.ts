import { deliveredMetrics, runFigure, trendMetrics } from '../../src/plan/metrics.js';
import type { PlanSpec } from '../../src/plan/spec.js';
import { ktbScenario } from './flags.js';
import type { KtbPrediction } from './prediction.js';

/** Integer values from..to as knob values. */
const counts = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/**
 * What `capsim plan ktb-chat` searches: backend instances (bisected: an instance more never holds
 * fewer users and always costs more), containers per instance (the write-up's 5 against one per
 * instance), Redis Cluster masters (3, the fewest a Redis Cluster runs with, or the write-up's 5,
 * each with one replica), the adapter (classic or sharded) and the credit mode (standard first: at
 * the same load and bill the search prefers it, since unlimited bills surplus credits on top). The
 * load is the ramp's last target (--max-users): the ramp to a higher target runs the lower one first.
 */
export const ktbChatPlan: PlanSpec = {
  load: { flag: 'max-users', label: 'users the k6 ramp reaches (--max-users)', ladder: { min: 200, max: 6000, step: 100 }, held: (v) => v.max_users ?? Number.NaN },
  defaultSlo: 'held>=1',
  knobs: [
    { name: 'containers', flag: 'containers', values: ['1', '5'], describe: 'Node.js containers per instance' },
    { name: 'redis-masters', flag: 'redis-masters', values: ['3', '5'], describe: 'Redis Cluster masters (each with one replica)' },
    { name: 'adapter', flag: 'adapter', values: ['classic', 'sharded'], describe: 'Socket.IO Redis adapter: PUBLISH to every node, or SPUBLISH to the room shard' },
    { name: 'credit-mode', flag: 'credit-mode', values: ['standard', 'unlimited'], describe: 'T3 CPU credits: throttled at the baseline when spent, or never (surplus billed, not in the monthly price)' },
    { name: 'instances', flag: 'instances', values: counts(1, 30), monotone: true, describe: 'backend t3.small instances behind the ELB' },
  ],
  caps: {
    instances: {
      describe: 't3.small instances in all: backend instances + Redis masters and replicas (the challenge allows 30)',
      count: (flags) => {
        const s = ktbScenario(flags);
        return s.instances + 2 * s.redisMasters;
      },
    },
  },
  metrics: {
    held: runFigure('held_share', "users the ramp reached before its first failing second, as a share of its peak (max_users ÷ peak_users): 1 = the model's failure criterion never met", 'ratio'),
    late: runFigure('late_share', 'share of the copies owed that arrived after the deadline', 'ratio'),
    ...deliveredMetrics,
    ...trendMetrics('ws_delivery_latency', 'delivery latency, send → receive'),
  },
  figures(prediction) {
    const p = prediction as KtbPrediction;
    const owed = p.delivery.expected;
    return {
      max_users: p.summary.max_users,
      peak_users: p.summary.peak_users,
      held_share: p.summary.peak_users === 0 ? 1 : p.summary.max_users / p.summary.peak_users,
      late_share: owed === 0 ? 0 : p.delivery.late / owed,
      surplus_credits: p.credits.surplus_credits,
    };
  },
  bill(flags) {
    const s = ktbScenario(flags);
    return [
      { role: 'app instance', profile: s.appProfile.name, count: s.instances },
      { role: 'Redis node', profile: s.redisProfile.name, count: 2 * s.redisMasters },
    ];
  },
};
