import { findBottleneck, reportResource, type Bottleneck, type ResourceReport } from '../../src/analysis/bottleneck.js';
import type { KtbRun } from './model.js';
import type { KtbScenario } from './scenario.js';

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const maxOf = (xs: readonly number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
/** Per second, the largest value over several series. */
const busiest = (rows: readonly number[][]): number[] => rows[0].map((_, s) => Math.max(...rows.map((r) => r[s])));

interface Usage {
  report: ResourceReport;
  perSecond: number[];
  /** Which of two resources at full use at one moment is the limit: the lower rank. */
  rank: number;
}

/** Every resource with its per-second utilisation: the busiest of each app kind, every Redis node. */
export function ktbResources(sc: KtbScenario, run: KtbRun): Usage[] {
  const u = run.usage;
  const I = sc.instances;
  const K = sc.containers;
  const M = sc.redisMasters;
  const out: Usage[] = [];
  const add = (rank: number, r: Parameters<typeof reportResource>[0]): void => {
    out.push({ report: reportResource(r), perSecond: r.perSecond, rank });
  };
  const throttledS = u.instanceThrottled.filter(Boolean).length;
  add(0, {
    name: 'app instance CPU',
    kind: 'cpu',
    utilisation: mean(u.instanceCpu),
    perSecond: u.instanceCpu,
    queueSeconds: u.instanceQueueS,
    meanQueue: mean(u.instanceQueueS),
    maxQueue: maxOf(u.instanceQueueS),
    queueUnit: 's of event-loop lag',
    scaleNext: `more instances (--instances ${I + 1}) or sharded rooms: the ${K} containers of an instance share its ${sc.appCores} vCPUs${sc.creditMode === 'standard' ? ', and only 20% of each once CPU credits run out' : ''}, so more containers per instance add no CPU`,
    detail: `the busiest of ${I} instances each second; ${throttledS} s throttled to the credit baseline (${sc.creditMode} mode)`,
  });
  add(4, {
    name: 'container event loop',
    kind: 'cpu',
    utilisation: mean(u.loop),
    perSecond: u.loop,
    queueSeconds: u.loopQueueS,
    meanQueue: mean(u.loopQueueS),
    maxQueue: maxOf(u.loopQueueS),
    queueUnit: 's of event-loop lag',
    scaleNext: `more containers per instance (--containers ${K + 1}) while the instance has idle vCPU: one Node.js process runs on one core`,
    detail: `the busiest of ${I * K} processes each second (1 = one whole vCPU)`,
  });
  u.redisCpu.forEach((row, i) => {
    const name = i < M ? `Redis master ${i + 1} CPU` : `Redis replica ${i - M + 1} CPU`;
    add(1, {
      name,
      kind: 'cpu',
      utilisation: mean(row),
      perSecond: row,
      queueSeconds: u.redisQueueS[i],
      meanQueue: mean(u.redisQueueS[i]),
      maxQueue: maxOf(u.redisQueueS[i]),
      queueUnit: 's of command lag',
      scaleNext:
        sc.adapter === 'classic'
          ? 'the sharded adapter (--adapter sharded): classic PUBLISH runs on every node, so more masters do not spread it'
          : `more masters (--redis-masters ${M + 1}) to spread rooms over more shards`,
    });
  });
  const nic = busiest(u.redisNic);
  const overBaseline = busiest(u.redisBaseline);
  add(2, {
    name: 'Redis node egress',
    kind: 'network',
    utilisation: mean(nic),
    perSecond: nic,
    queueSeconds: busiest(u.redisQueueS),
    meanQueue: 0,
    maxQueue: maxOf(busiest(u.redisQueueS)),
    queueUnit: 's of lag',
    scaleNext: 'the sharded adapter, or fewer processes subscribed per node: classic copies every message to every process',
    detail: `the busiest node each second, against the allowance in force (burst while network credits last); against the baseline alone up to ${(100 * maxOf(overBaseline)).toFixed(0)}%`,
  });
  add(3, {
    name: 'app instance egress',
    kind: 'network',
    utilisation: mean(u.appNic),
    perSecond: u.appNic,
    queueSeconds: u.appNic.map(() => 0),
    meanQueue: 0,
    maxQueue: 0,
    queueUnit: 'bytes',
    scaleNext: 'more instances: each holds its share of the sockets',
    detail: 'the busiest instance each second, against the allowance in force',
  });
  return out;
}

/**
 * What failed first: at the first failing second, the resource at the highest utilisation (ties to
 * the lower rank: a full instance CPU, not the loops sharing it). Without a failure, the usual
 * verdict: the resource saturated longest, or the busiest.
 */
export function whatFailsFirst(usages: Usage[], run: KtbRun): Bottleneck {
  const s = run.failures.first_failure_s;
  const verdict = findBottleneck(usages.map((x) => x.report));
  if (s === null) return verdict;
  // The second before the failure shows the cause; the failing second can already show the cure (drops empty a loop).
  const at = Math.max(0, s - 1);
  const score = (x: Usage): number => Math.max(x.perSecond[at] ?? 0, x.perSecond[s] ?? 0);
  const limit = [...usages].sort((a, b) => Math.min(1, score(b)) - Math.min(1, score(a)) || a.rank - b.rank)[0];
  return {
    resource: limit.report.name,
    saturated: score(limit) >= 0.95,
    atS: s,
    headline: `${limit.report.name} at ${(100 * score(limit)).toFixed(0)}% when failures began at t=${s} s (${run.maxUsers.toLocaleString('en-US')} users held): ${run.failures.first_failure}`,
    scaleNext: limit.report.scaleNext,
  };
}
