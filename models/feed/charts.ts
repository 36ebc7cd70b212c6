import type { ChartHints, Prediction } from '../registry.js';
import type { FeedPrediction } from './index.js';

const feed = (p: Prediction): FeedPrediction => p as FeedPrediction;

/** Most points the after-the-test panel draws: a drain of hours is drawn every `step` seconds. */
const MAX_DRAIN_POINTS = 1200;

/** Series whose key matches `pattern`, labelled by `label(match)`, in the prediction's order. */
function matching(series: Record<string, number[]>, pattern: RegExp, label: (m: RegExpExecArray) => string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(series)) {
    const m = pattern.exec(key);
    if (m) out[label(m)] = values;
  }
  return out;
}

/** The drain's step in seconds, so at most MAX_DRAIN_POINTS points are drawn. */
const drainStep = (p: Prediction): number => Math.max(1, Math.ceil((feed(p).series.celery_backlog_after_test?.length ?? 0) / MAX_DRAIN_POINTS));

/**
 * What `capsim predict feed --chart` and the feed report draw: requests and successes along the VUs,
 * and over time the failures by cause, MySQL connections against max_connections, the queues, and
 * the Celery backlog draining after the test (on its own axis: it can last far longer than the test).
 */
export const feedCharts: ChartHints = {
  load: { flag: 'vus', label: 'k6 VUs (each: POST, then sleep 1 s)' },
  delivered: { label: 'posts written (201 responses/s)', unit: 'requests per second', value: (p) => feed(p).metrics.checks.passes / Math.max(feed(p).duration_s, 1e-9) },
  offered: { label: 'requests answered or timed out (http_reqs/s)', value: (p) => feed(p).metrics.http_reqs.rate },
  deliveredRatio: (p) => feed(p).metrics.checks.value,
  failureRate: (p) => feed(p).metrics.http_req_failed.value,
  latency: { metric: 'http_req_duration', label: 'request duration (POST → response)' },
  timeline: [
    { title: 'requests per second', unit: 'requests/s', pick: (p) => ({ 'answered or timed out (http_reqs)': feed(p).series.http_reqs, 'succeeded (201)': feed(p).series.http_reqs_ok }) },
    {
      title: 'failed requests per second, by cause (how the app ended them)',
      unit: 'requests/s',
      pick: (p) => matching(feed(p).series, /^failed_(.+)$/, (m) => m[1].replace(/_/g, '-')),
    },
    {
      title: 'MySQL connections in use, against max_connections',
      unit: 'connections',
      pick: (p): Record<string, number[]> => {
        const open = feed(p).series.db_open_connections;
        if (!open) return {};
        const max = Number(feed(p).scenario.max_connections);
        return { 'open connections': open, max_connections: open.map(() => max), 'refused (1040) per second': feed(p).series.db_refused ?? [] };
      },
    },
    {
      title: 'queues: gunicorn listen queues, MySQL sessions, Celery broker',
      unit: 'waiting',
      pick: (p) => ({
        ...matching(feed(p).series, /^app_(\d+)_accept_queue$/, (m) => `app task ${m[1]} listen queue`),
        ...(feed(p).series.db_sessions ? { 'MySQL sessions running statements': feed(p).series.db_sessions } : {}),
        ...(feed(p).series.celery_backlog ? { 'Celery task messages in the broker': feed(p).series.celery_backlog } : {}),
      }),
    },
    {
      title: 'Celery backlog after the test, until it has drained',
      unit: 'task messages',
      pick: (p): Record<string, number[]> => {
        const after = feed(p).series.celery_backlog_after_test;
        if (!after || after.length === 0) return {};
        const step = drainStep(p);
        return { 'waiting or in a worker': after.filter((_, i) => i % step === 0) };
      },
      ownAxis: { title: 'seconds after the test ended', step: drainStep },
    },
  ],
  reportSweep: { vus: '50,100,200,300,500', 'max-connections': '50,150,1000', duration: '60s' },
};
