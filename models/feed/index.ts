import { formatDuration, toSeconds } from '../../src/engine/time.js';
import { checkedJson } from '../../src/config/checked-json.js';
import { k6Text } from '../../src/report/k6-text.js';
import { bottleneckText } from '../../src/report/resources-text.js';
import type { K6SummaryExport } from '../../src/metrics/index.js';
import type { Bottleneck, ResourceReport } from '../../src/analysis/bottleneck.js';
import { listParameters } from '../parameter.js';
import type { CapsimModel, Prediction } from '../registry.js';
import { feedFlags, feedScenario } from './flags.js';
import { loadFeedParams } from './params.js';
import { feedCharts } from './charts.js';
import { simulateFeed, type CeleryAccount, type LittlesLaw, type ServerAccount } from './model.js';
import type { RequestLedger } from './k6-client.js';
import type { FeedScenario } from './scenario.js';
import { FEED_PUBLISHED_FILE, fitFeed, saveFeedFit } from './fit.js';
import { feedPlan } from './plan.js';

export interface FeedPrediction extends Prediction {
  model: 'feed';
  scenario: Record<string, unknown>;
  duration_s: number;
  metrics: K6SummaryExport['metrics'];
  requests: { issued: number; succeeded: number; failed: number; timedOut: number; interrupted: number; inFlight: number; byStatus: Record<string, number> };
  server: ServerAccount;
  littles_law: LittlesLaw;
  database: Record<string, number | string | null>;
  celery: CeleryAccount | null;
  bottleneck: Bottleneck;
  resources: ResourceReport[];
  series: Record<string, number[]>;
  warnings: string[];
  engine: { events: number };
}

const MIB = 2 ** 20;

export function scenarioJson(s: FeedScenario): Record<string, unknown> {
  return {
    db: s.db,
    vus: s.vus,
    duration: formatDuration(s.durationNs),
    fanout: s.fanout,
    tasks: s.tasks,
    task_vcpu: s.taskVcpu,
    workers: s.workers,
    threads: s.threads,
    db_conn: s.connections,
    pool_size: s.poolSize,
    pool_timeout: formatDuration(s.poolTimeoutNs),
    max_connections: s.maxConnections,
    flush: s.flush,
    buffer_pool: `${+(s.bufferPoolBytes / MIB).toFixed(1)}M`,
    ...(s.errorPageBytes === undefined ? {} : { error_page_bytes: s.errorPageBytes }),
    celery_tasks: s.celeryTasks,
    ...(s.celeryVcpu === undefined ? {} : { celery_vcpu: s.celeryVcpu }),
    ...(s.celeryConcurrency === undefined ? {} : { celery_concurrency: s.celeryConcurrency }),
    celery_chunk: s.celeryChunk,
    profiles: { app: s.appProfile.name, db: s.dbProfile.name, redis: s.redisProfile.name },
    seed: s.seed,
  };
}

function requestsJson(l: RequestLedger): FeedPrediction['requests'] {
  return { issued: l.issued, succeeded: l.succeeded, failed: l.failed, timedOut: l.timedOut, interrupted: l.interrupted, inFlight: l.pending, byStatus: { ...l.byStatus } };
}

/** Runs one scenario and shapes the result as the JSON the CLI prints (schema: prediction.schema.json). */
export function predictFeed(scenario: FeedScenario): FeedPrediction {
  const run = simulateFeed(scenario, loadFeedParams());
  return {
    model: 'feed',
    scenario: scenarioJson(scenario),
    duration_s: +toSeconds(run.durationNs).toFixed(3),
    metrics: run.summary.metrics,
    requests: requestsJson(run.ledger),
    server: run.server,
    littles_law: run.littlesLaw,
    database: run.database,
    celery: run.celery,
    bottleneck: run.bottleneck,
    resources: run.resources,
    series: run.series,
    warnings: run.warnings,
    engine: run.engine,
  };
}

function feedText(p: Prediction): string {
  const f = p as FeedPrediction;
  const s = f.scenario as Record<string, unknown> & { profiles: Record<string, string> };
  const n = (x: number): string => x.toLocaleString('en-US');
  const r = f.requests;
  const where =
    s.db === 'sqlite'
      ? `SQLite, one file per task`
      : `MySQL on ${s.profiles.db} (max_connections ${s.max_connections}, flush ${s.flush}, buffer pool ${s.buffer_pool}, ${s.db_conn === 'pool' ? `pool of ${s.pool_size} per worker` : 'a connection per request'})` +
        (s.db === 'redis-celery' ? `; feed via ${s.celery_tasks} Celery task(s) into Redis on ${s.profiles.redis}` : '');
  const lines = [
    `  capsim predict feed (simulated, seed ${s.seed}): ${s.vus} VUs × (POST + sleep 1 s) for ${s.duration}, fan-out ${s.fanout}`,
    `  ${s.tasks} task(s) × ${s.task_vcpu} vCPU on ${s.profiles.app}, gunicorn ${s.workers} workers × ${s.threads} threads; ${where}`,
    '',
    k6Text({ metrics: f.metrics }),
    '',
    `  test duration: ${f.duration_s} s`,
    `  requests: ${n(r.issued)} issued = ${n(r.succeeded)} succeeded + ${n(r.failed)} failed (${n(r.timedOut)} client time-outs) + ${n(r.interrupted + r.inFlight)} cut off at the end;` +
      ` statuses ${Object.entries(r.byStatus).map(([k, v]) => `${k}: ${n(v)}`).join(', ')}`,
  ];
  if (f.server.createdForNobody > 0) lines.push(`  posts written after their client had given up: ${n(f.server.createdForNobody)}`);
  if (f.celery) {
    const c = f.celery;
    lines.push(
      `  Celery: ${n(c.enqueued)} task messages enqueued, ${n(c.fannedOutDuringTest)} done during the test, ${n(c.backlogAtEndOfTest)} left at its end; ` +
        (c.drainedAfterS === null ? 'not drained within 24 h' : `the backlog emptied ${c.drainedAfterS} s (${(c.drainedAfterS / 60).toFixed(1)} min) after the test ended`),
    );
  }
  lines.push(bottleneckText(f.bottleneck, f.resources), ...f.warnings.map((w) => `  warning: ${w}`));
  return lines.join('\n');
}

export const feedModel: CapsimModel = {
  name: 'feed',
  title: 'feed fan-out on write (Django + gunicorn; SQLite, MySQL, Redis + Celery; k6)',
  seed: 'models/feed/published.json',
  description:
    'k6 VUs POST a post that is written into 500 friends\' feeds. Load balancer → app tasks (gunicorn workers × threads, listen queue, ' +
    'vCPUs shared by Django) → SQLite (one writer per file), MySQL (max_connections gate with error 1040, statement throughput on a ' +
    'USL fitted to local MariaDB runs) or MySQL + Celery workers writing the feed into Redis. Predicts the k6 summary, request ' +
    'outcomes, Little\'s law for the app tier, the Celery drain time and the resource that limits the run. See models/feed/README.md.',
  flags: feedFlags,
  predict: (flags) => predictFeed(feedScenario(flags)),
  checkFlags: (flags) => void feedScenario(flags),
  text: feedText,
  predictionSchema: 'models/feed/prediction.schema.json',
  plan: feedPlan,
  published: FEED_PUBLISHED_FILE,
  charts: feedCharts,
  blindMetrics: ['checks.value', 'http_reqs.count', 'http_reqs.rate', 'data_received.count', 'iteration_duration.avg', 'iteration_duration.med', 'iteration_duration.p(95)'],
  fit(log) {
    const fit = fitFeed(log);
    // Checked before anything is saved: a fit that breaks its report's schema changes no parameter.
    const report = checkedJson('models/feed/fit.schema.json', fit, 'capsim fit feed');
    saveFeedFit(fit);
    return report.trimEnd();
  },
  parameters: () => listParameters(loadFeedParams()),
};
