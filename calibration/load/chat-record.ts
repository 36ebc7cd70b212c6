import { k6Text, formatMs } from '../../src/report/k6-text.js';
import type { RunRecord } from './run-record.js';

export { RUN_RECORD_SCHEMA, writeRunRecord, type RunRecord } from './run-record.js';

/** Figures a calibration report quotes for each run. */
export function headline(r: RunRecord): { receivedPerSec: number; deliveredRatio: number; serverCpuPct: number; redisCpuPct: number; egressMbitPerSec: number; p95LatencyMs: number } {
  const sent = r.metrics.ws_msgs_sent.count;
  return {
    receivedPerSec: r.metrics.ws_msgs_received.rate,
    deliveredRatio: sent === 0 ? 0 : r.metrics.ws_msgs_received.count / (sent * Number(r.settings.users)),
    serverCpuPct: 100 * r.resources.server_cpu_utilisation,
    redisCpuPct: r.duration_s > 0 ? (100 * (r.resources.redis_cpu_seconds ?? 0)) / r.duration_s : 0,
    egressMbitPerSec: r.duration_s > 0 ? (8 * (r.resources.redis_egress_bytes ?? 0)) / r.duration_s / 1e6 : 0,
    p95LatencyMs: r.metrics.ws_delivery_latency['p(95)'],
  };
}

/** k6's end-of-test summary of a real run, with the figures the model is calibrated on. */
export function chatRunText(r: RunRecord, file: string): string {
  const s = r.settings;
  const h = headline(r);
  const n = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d });
  const versions = (r.machine.versions ?? {}) as Record<string, string>;
  const peak = (name: string): number => Math.max(0, ...(r.series[name] ?? []));
  return [
    `  capsim load chat (real run ${r.id}): ${s.users} users × ${s.iterations} sessions of ${s.session}, one message every ${s.interval}`,
    `  ${s.tasks} uvicorn task(s) ${versions.uvicorn ?? ''} on core ${(r.machine.pinning as Record<string, string>)['uvicorn']}, Redis ${versions['redis-server'] ?? ''}` +
      `${s['redis-egress'] ? ` in netns with egress capped at ${s['redis-egress']}` : ' on loopback'}, ${s.subscription} subscriptions, ${s['message-bytes']}-byte messages`,
    '',
    k6Text({ metrics: r.metrics }),
    '',
    `  test duration: ${r.duration_s} s`,
    `  delivered: ${n(r.metrics.ws_msgs_received.count)} of ${n(r.metrics.ws_msgs_sent.count * Number(s.users))} expected (sent × users) = ${(100 * h.deliveredRatio).toFixed(1)}%, ${n(h.receivedPerSec, 1)}/s`,
    `  server CPU ${h.serverCpuPct.toFixed(1)}% of one core (peak second ${(100 * peak('server_cpu')).toFixed(0)}%), Redis CPU ${h.redisCpuPct.toFixed(1)}%,` +
      ` Redis egress ${h.egressMbitPerSec.toFixed(2)} Mbit/s (peak second ${((8 * peak('redis_egress_bytes')) / 1e6).toFixed(2)})`,
    `  delivery latency p95 ${formatMs(h.p95LatencyMs)}, max ${formatMs(r.metrics.ws_delivery_latency.max)}`,
    ...(r.notes ? [`  notes: ${r.notes}`] : []),
    `  record: ${file}`,
  ].join('\n');
}
