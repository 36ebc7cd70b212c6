import { chatScenario } from '../../models/chat/flags.js';
import { loadChatParams } from '../../models/chat/params.js';
import { simulateChat } from '../../models/chat/model.js';
import type { RunRecord } from '../records.js';

/** The held-out targets of issue 3: never widened silently. */
export const CHAT_TARGETS = {
  'received/s': { kind: 'relative', limit: 0.05 },
  'delivered ratio': { kind: 'relative', limit: 0.05 },
  'server CPU utilisation': { kind: 'points', limit: 0.05 },
  'delivery latency p95 (ms)': { kind: 'relative', limit: 0.25 },
  'delivery latency p50 (ms)': { kind: 'none', limit: 0 },
} as const;
type MetricName = keyof typeof CHAT_TARGETS;

export interface ValidationRow {
  run: string;
  metric: MetricName;
  measured: number;
  predicted: number;
  errorPct: number;
  target: string;
  pass: boolean;
}

function figures(r: { sent: number; received: number; users: number; durationS: number; cpuSeconds: number; p50: number; p95: number }): Record<MetricName, number> {
  return {
    'received/s': r.received / r.durationS,
    'delivered ratio': r.sent === 0 ? 0 : r.received / (r.sent * r.users),
    'server CPU utilisation': r.cpuSeconds / r.durationS,
    'delivery latency p95 (ms)': r.p95,
    'delivery latency p50 (ms)': r.p50,
  };
}

function judge(metric: MetricName, measured: number, predicted: number): { target: string; pass: boolean } {
  const t = CHAT_TARGETS[metric];
  if (t.kind === 'none') return { target: 'reported', pass: true };
  if (t.kind === 'points') return { target: `±${t.limit * 100} points`, pass: Math.abs(predicted - measured) <= t.limit };
  return { target: `±${t.limit * 100}%`, pass: Math.abs(predicted - measured) <= t.limit * Math.abs(measured) };
}

/** Re-simulates each held-out run with its exact settings and lines the figures up. */
export function validateChat(records: RunRecord[]): ValidationRow[] {
  const params = loadChatParams();
  const rows: ValidationRow[] = [];
  for (const r of records) {
    const sim = simulateChat(chatScenario({ ...r.settings, seed: '1' }), params);
    const users = Number(r.settings.users);
    const measured = figures({
      sent: r.metrics.ws_msgs_sent.count,
      received: r.metrics.ws_msgs_received.count,
      users,
      durationS: r.duration_s,
      cpuSeconds: r.resources?.server_cpu_seconds ?? NaN,
      p50: r.metrics.ws_delivery_latency?.med ?? NaN,
      p95: r.metrics.ws_delivery_latency?.['p(95)'] ?? NaN,
    });
    const m = sim.summary.metrics;
    const predicted = figures({
      sent: m.ws_msgs_sent.count,
      received: m.ws_msgs_received.count,
      users,
      durationS: sim.durationNs / 1e9,
      cpuSeconds: sim.appWork.cpuSeconds,
      p50: m.ws_delivery_latency.med,
      p95: m.ws_delivery_latency['p(95)'],
    });
    for (const metric of Object.keys(CHAT_TARGETS) as MetricName[]) {
      if (!Number.isFinite(measured[metric])) continue;
      const { target, pass } = judge(metric, measured[metric], predicted[metric]);
      const errorPct = measured[metric] === 0 ? 0 : (100 * (predicted[metric] - measured[metric])) / measured[metric];
      rows.push({ run: r.id, metric, measured: +measured[metric].toFixed(4), predicted: +predicted[metric].toFixed(4), errorPct: +errorPct.toFixed(1), target, pass });
    }
  }
  return rows;
}
