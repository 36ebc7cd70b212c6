import { deliveredMetrics, runFigure, trendMetrics } from '../../src/plan/metrics.js';
import type { PlanSpec } from '../../src/plan/spec.js';
import { chatScenario } from './flags.js';

/**
 * What `capsim plan chat` searches: app tasks (bisected: a task more never slows delivery and
 * always costs more), the Redis node (its NIC baseline is what case d ran out of) and the
 * subscription mode (per-process cuts Redis egress by users ÷ tasks, at no price).
 */
export const chatPlan: PlanSpec = {
  load: { flag: 'users', label: 'users in the room (k6 VUs)', ladder: { min: 10, max: 1000, step: 10 } },
  knobs: [
    { name: 'redis', flag: 'profile', role: 'redis', values: ['cache.t4g.small', 'cache.t4g.medium', 'cache.r4.8xlarge'], describe: 'the ElastiCache node' },
    { name: 'subscription', flag: 'subscription', values: ['per-connection', 'per-process'], describe: 'one Redis subscription per WebSocket, or one per room per task' },
    { name: 'tasks', flag: 'tasks', values: ['1', '2', '3', '4', '6', '8', '12', '16', '24', '32'], monotone: true, describe: 'app tasks (one uvicorn process on one Fargate vCPU each)' },
  ],
  metrics: {
    ...deliveredMetrics,
    checks: runFigure('checks.value', 'k6 checks passed (WebSocket upgraded)', 'ratio'),
    ...trendMetrics('ws_delivery_latency', 'delivery latency, send → receive'),
  },
  bill(flags) {
    const s = chatScenario(flags);
    return [
      { role: 'app task', profile: s.appProfile.name, count: s.tasks },
      { role: 'Redis node', profile: s.redisProfile.name, count: 1 },
    ];
  },
};
