import { ktbScenario } from '../../models/ktb-chat/flags.js';
import type { KtbParams } from '../../models/ktb-chat/params.js';
import { simulateKtb } from '../../models/ktb-chat/model.js';
import type { RunRecord } from '../records.js';

export interface WaitFit {
  loopResidualMs: number;
  /** Per fitted run: measured and fitted delivery p95 (ms). */
  p95: Array<{ run: string; measured: number; fitted: number; errorPct: number }>;
}

/** Predicted delivery p95 (ms) of each run with the event-loop residual set to `residualMs`. */
function p95s(records: RunRecord[], params: KtbParams, residualMs: number): number[] {
  const p = structuredClone(params);
  p.node.loopResidualMs.value = residualMs;
  return records.map((r) => simulateKtb(ktbScenario({ ...r.settings, seed: '1' }), p).summary.metrics.ws_delivery_latency['p(95)']);
}

/**
 * The event loop's mean residual R (the M/G/1 wait's one free figure) that makes the fitted runs'
 * delivery p95 closest in log terms (a ratio off counts the same up or down): golden-section search
 * over 0.1–500 ms, with the CPU costs already fitted. Deterministic; uses only the runs given.
 */
export function fitLoopResidual(records: RunRecord[], params: KtbParams): WaitFit {
  const measured = records.map((r) => r.metrics.ws_delivery_latency?.['p(95)'] ?? NaN);
  const use = records.map((_, i) => Number.isFinite(measured[i]) && measured[i] > 0);
  const loss = (logR: number): number => {
    const pred = p95s(records, params, Math.exp(logR));
    return pred.reduce((a, v, i) => (use[i] ? a + Math.log(Math.max(v, 1e-3) / measured[i]) ** 2 : a), 0);
  };
  let lo = Math.log(0.1);
  let hi = Math.log(500);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let i = 0; i < 30; i++) {
    if (fa < fb) (hi = b), (b = a), (fb = fa), (a = hi - g * (hi - lo)), (fa = loss(a));
    else (lo = a), (a = b), (fa = fb), (b = lo + g * (hi - lo)), (fb = loss(b));
  }
  const loopResidualMs = +Math.exp((lo + hi) / 2).toFixed(2);
  const fitted = p95s(records, params, loopResidualMs);
  return {
    loopResidualMs,
    p95: records.map((r, i) => ({ run: r.id, measured: measured[i], fitted: +fitted[i].toFixed(2), errorPct: +((100 * (fitted[i] - measured[i])) / measured[i]).toFixed(1) })),
  };
}
