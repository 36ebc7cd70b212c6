import { deliveredMetrics, runFigure, trendMetrics } from '../../src/plan/metrics.js';
import type { PlanSpec } from '../../src/plan/spec.js';
import { highscoreScenario } from './flags.js';
import { loadHighscoreParams } from './params.js';

/**
 * What `capsim plan highscore` searches: the update style (the write-up's fix) and the API
 * instance's vCPUs (bisected; one uvicorn worker per vCPU by default). The write-up names no
 * instance type, so the API instance is priced on the Fargate rate card per vCPU and GiB of its
 * --api-memory (an assumption, stated in the README); the document store is held as given and not billed.
 */
export const highscorePlan: PlanSpec = {
  load: { flag: 'users', label: 'Locust users', ladder: { min: 10, max: 1000, step: 10 } },
  knobs: [
    { name: 'update', flag: 'update', values: ['read-modify-write', 'in-place'], describe: 'whole-document rewrite (before the fix) or in-place updates (after)' },
    { name: 'api-vcpu', flag: 'api-vcpu', values: ['1', '2', '4', '8', '16'], monotone: true, describe: "the API instance's vCPUs" },
  ],
  metrics: {
    ...deliveredMetrics,
    rps: runFigure('http_reqs.rate', 'Locust requests per second, all endpoints', 'per_s'),
    ...trendMetrics('http_req_duration', 'response time'),
  },
  bill(flags) {
    const s = highscoreScenario(flags, loadHighscoreParams());
    return [{ role: 'API instance', profile: 'fargate-1vcpu', count: 1, vcpus: s.apiVcpu, memoryGiB: s.apiMemoryBytes / 2 ** 30 }];
  },
};
