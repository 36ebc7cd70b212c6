import { loadChatParams } from '../../models/chat/params.js';
import { simulateChat } from '../../models/chat/model.js';
import { sharedCoreScenario } from './run-speed.js';
import type { RunRecord } from '../records.js';
import { HELD_OUT, validationRows, type ValidationRow } from '../targets.js';

/** The held-out targets of issue 3 (calibration/targets.ts). */
export const CHAT_TARGETS = {
  'received/s': HELD_OUT.rate,
  'delivered ratio': HELD_OUT.share,
  'server CPU utilisation': HELD_OUT.cpu,
  'delivery latency p95 (ms)': HELD_OUT.p95,
  'delivery latency p50 (ms)': HELD_OUT.reported,
} as const;
type MetricName = keyof typeof CHAT_TARGETS;

/** The held-out figures of a run, measured or simulated (delivered ratio = received ÷ (sent × users)). */
export function figures(r: { sent: number; received: number; users: number; durationS: number; cpuSeconds: number; p50: number; p95: number }): Record<MetricName, number> {
  return {
    'received/s': r.received / r.durationS,
    'delivered ratio': r.sent === 0 ? 0 : r.received / (r.sent * r.users),
    'server CPU utilisation': r.cpuSeconds / r.durationS,
    'delivery latency p95 (ms)': r.p95,
    'delivery latency p50 (ms)': r.p50,
  };
}

/** Re-simulates each held-out run with its exact settings, at its cores' probed speed and uvicorn's share of its core, and lines the figures up. */
export function validateChat(records: RunRecord[]): ValidationRow[] {
  const params = loadChatParams();
  const rows: ValidationRow[] = [];
  for (const r of records) {
    const run = sharedCoreScenario(r, params);
    const sim = simulateChat(run.scenario, run.params);
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
    rows.push(...validationRows(r.id, CHAT_TARGETS, measured, predicted));
  }
  return rows;
}
