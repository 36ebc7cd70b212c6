import { runFigure, trendMetrics } from '../../src/plan/metrics.js';
import type { PlanSpec } from '../../src/plan/spec.js';
import { feedScenario } from './flags.js';
import type { BillLine } from '../../src/config/prices.js';
import { loadFeedParams, num } from './params.js';

/** Fargate memory per vCPU in the write-up's tasks: "4 vCPU / 8 GB" and "2 vCPU / 4 GB" (models/feed/published.json). */
const GIB_PER_VCPU = 2;

/**
 * What `capsim plan feed` searches: where the fan-out goes (MySQL or Redis + Celery), MySQL's
 * max_connections (the write-up's decisive knob, and not monotone: more lets more transactions
 * queue inside MySQL), the task size, and app tasks (bisected).
 */
export const feedPlan: PlanSpec = {
  load: { flag: 'vus', label: 'k6 VUs (each: POST, then sleep 1 s)', ladder: { min: 50, max: 2000, step: 50 } },
  knobs: [
    { name: 'db', flag: 'db', values: ['mysql', 'redis-celery'], describe: 'where the 1 + fanout rows go' },
    { name: 'max-connections', flag: 'max-connections', values: ['150', '1000'], describe: "MySQL max_connections (the write-up's default and tuned values)" },
    { name: 'task-vcpu', flag: 'task-vcpu', values: ['2', '4'], describe: 'vCPUs per app task (2 GB each)' },
    { name: 'tasks', flag: 'tasks', values: ['1', '2', '3', '4', '6', '8'], monotone: true, describe: 'app tasks (Django + gunicorn)' },
  ],
  metrics: {
    checks: runFigure('checks.value', 'k6 checks: share of POSTs answered 201', 'ratio'),
    rps: runFigure('http_reqs.rate', 'k6 http_reqs per second (answered or timed out), the RPS the write-up reports', 'per_s'),
    ok_rps: runFigure('delivered_per_s', 'posts written per second (201 responses)', 'per_s'),
    failures: runFigure('http_req_failed.value', 'k6 http_req_failed', 'ratio'),
    ...trendMetrics('http_req_duration', 'request duration'),
  },
  bill(flags) {
    const s = feedScenario(flags);
    const lines: BillLine[] = [{ role: 'app task', profile: s.appProfile.name, count: s.tasks, vcpus: s.taskVcpu, memoryGiB: GIB_PER_VCPU * s.taskVcpu }];
    if (s.db === 'sqlite') return lines;
    lines.push({ role: 'MySQL instance', profile: s.dbProfile.name, count: 1 });
    if (s.db === 'redis-celery') {
      const vcpus = s.celeryVcpu ?? num(loadFeedParams().celery.vcpusPerTask);
      lines.push({ role: 'Redis node', profile: s.redisProfile.name, count: 1 });
      lines.push({ role: 'Celery task', profile: s.appProfile.name, count: s.celeryTasks, vcpus, memoryGiB: GIB_PER_VCPU * vcpus });
    }
    return lines;
  },
};
