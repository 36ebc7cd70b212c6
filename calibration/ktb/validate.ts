import { ktbScenario } from '../../models/ktb-chat/flags.js';
import { loadKtbParams } from '../../models/ktb-chat/params.js';
import { simulateKtb } from '../../models/ktb-chat/model.js';
import { CHAT_TARGETS, figures } from '../chat/validate.js';
import type { RunRecord } from '../records.js';
import { validationRows, type ValidationRow } from '../targets.js';

/**
 * Re-simulates each held-out run with its exact settings (one instance of 1 core, K apps, local
 * profiles) and judges it by chat's held-out figures and targets. A copy owed counts as one "sent to
 * one user", so the delivered ratio is received ÷ owed (owed: received + missing, as the generator
 * counted them; simulated: the ledger's expected copies).
 */
export function validateKtb(records: RunRecord[]): ValidationRow[] {
  const params = loadKtbParams();
  const rows: ValidationRow[] = [];
  for (const r of records) {
    const sim = simulateKtb(ktbScenario({ ...r.settings, seed: '1' }), params);
    const m = r.metrics;
    const measured = figures({
      sent: m.ws_msgs_received.count + (m.ws_msgs_missing?.count ?? 0),
      received: m.ws_msgs_received.count,
      users: 1,
      durationS: r.duration_s,
      cpuSeconds: r.resources?.server_cpu_seconds ?? NaN,
      p50: m.ws_delivery_latency?.med ?? NaN,
      p95: m.ws_delivery_latency?.['p(95)'] ?? NaN,
    });
    const s = sim.summary.metrics;
    const predicted = figures({
      sent: sim.delivery.expected,
      received: s.ws_msgs_received.count,
      users: 1,
      durationS: sim.durationNs / 1e9,
      cpuSeconds: sim.appCpuSeconds,
      p50: s.ws_delivery_latency.med,
      p95: s.ws_delivery_latency['p(95)'],
    });
    rows.push(...validationRows(r.id, CHAT_TARGETS, measured, predicted));
  }
  return rows;
}
