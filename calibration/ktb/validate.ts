import { ktbScenario } from '../../models/ktb-chat/flags.js';
import { loadKtbParams } from '../../models/ktb-chat/params.js';
import { simulateKtb } from '../../models/ktb-chat/model.js';
import type { RunRecord } from '../records.js';
import { HELD_OUT, validationRows, type ValidationRow } from '../targets.js';

/** The held-out targets every model is judged by (calibration/targets.ts). */
export const KTB_TARGETS = {
  'received/s': HELD_OUT.rate,
  'delivered ratio': HELD_OUT.share,
  'server CPU utilisation': HELD_OUT.cpu,
  'delivery latency p95 (ms)': HELD_OUT.p95,
  'delivery latency p50 (ms)': HELD_OUT.reported,
} as const;
type MetricName = keyof typeof KTB_TARGETS;

function figures(f: { received: number; owed: number; durationS: number; cpuSeconds: number; p50: number; p95: number }): Record<MetricName, number> {
  return {
    'received/s': f.received / f.durationS,
    'delivered ratio': f.owed === 0 ? 0 : f.received / f.owed,
    'server CPU utilisation': f.cpuSeconds / f.durationS,
    'delivery latency p95 (ms)': f.p95,
    'delivery latency p50 (ms)': f.p50,
  };
}

/** Re-simulates each held-out run with its exact settings (one instance of 1 core, K apps, local profiles). */
export function validateKtb(records: RunRecord[]): ValidationRow[] {
  const params = loadKtbParams();
  const rows: ValidationRow[] = [];
  for (const r of records) {
    const sim = simulateKtb(ktbScenario({ ...r.settings, seed: '1' }), params);
    const m = r.metrics;
    const missing = m.ws_msgs_missing?.count ?? 0;
    const measured = figures({
      received: m.ws_msgs_received.count,
      owed: m.ws_msgs_received.count + missing,
      durationS: r.duration_s,
      cpuSeconds: r.resources?.server_cpu_seconds ?? NaN,
      p50: m.ws_delivery_latency?.med ?? NaN,
      p95: m.ws_delivery_latency?.['p(95)'] ?? NaN,
    });
    const s = sim.summary.metrics;
    const predicted = figures({
      received: s.ws_msgs_received.count,
      owed: sim.delivery.expected,
      durationS: sim.durationNs / 1e9,
      cpuSeconds: sim.appCpuSeconds,
      p50: s.ws_delivery_latency.med,
      p95: s.ws_delivery_latency['p(95)'],
    });
    rows.push(...validationRows(r.id, KTB_TARGETS, measured, predicted));
  }
  return rows;
}
