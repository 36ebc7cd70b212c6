import { k6Text } from '../../src/report/k6-text.js';
import { bottleneckText } from '../../src/report/resources-text.js';
import type { KtbPrediction } from './prediction.js';

const n = (x: number): string => x.toLocaleString('en-US');

/** The human-readable prediction: architecture, assumptions, the k6 summary, the verdict. */
export function ktbText(p: KtbPrediction): string {
  const s = p.scenario as Record<string, unknown> & { profiles: { app: string; redis: string } };
  const a = p.assumptions;
  const f = p.summary.failures;
  const d = p.delivery;
  const lines = [
    `  capsim predict ktb-chat (simulated, seed ${s.seed}): k6 ramping-vus from ${s.start_users} users, stages ${shortStages(String(s.stages))}`,
    `  ELB → ${s.instances} × ${s.profiles.app} × ${s.containers} containers = ${s.processes} Node.js processes; Socket.IO ${s.adapter} Redis adapter on a Redis Cluster of ${s.redis_masters} masters + ${s.redis_masters} replicas (${s.profiles.redis}); CPU credits ${s.credit_mode}, ${s.initial_credits} at start`,
    `  assumptions (the per-user script is not published): rooms of ${a.room_size}, one message every ${a.interval} per user, ${a.message_bytes}-byte messages, ${100 * Number(a.history_share)}% of joins load ${a.history_messages} messages of history; late = over ${a.deadline_ms} ms`,
    '',
    k6Text({ metrics: p.metrics }),
    '',
    `  max users: ${n(p.summary.max_users)} of ${n(p.summary.peak_users)} ${f.first_failure_s === null ? '(no failures over the whole ramp)' : `(failures from t=${f.first_failure_s} s: ${f.first_failure})`}`,
    `  failures: ${n(f.failed_connects)} failed connects, ${n(f.disconnects)} connections dropped, ${n(f.late_messages)} messages late, ${n(f.dropped_messages)} dropped`,
    `  delivered: of ${n(d.expected)} copies owed (sent × room size): on time ${n(d.onTime)}, late ${n(d.late)}, dropped ${n(d.dropped)}, in flight at end ${n(d.inFlight)}`,
    `  CPU credits: app instances down to ${p.credits.app_min}, Redis nodes down to ${p.credits.redis_min}; surplus credits billed (unlimited) ${p.credits.surplus_credits}`,
    bottleneckText(p.bottleneck, p.resources),
  ];
  if (p.sensitivity) {
    lines.push('', '  sensitivity of max users to each assumption (all else as above):');
    for (const r of p.sensitivity) lines.push(`     ${r.assumption.padEnd(17)} ${r.value.padStart(6)}  →  ${n(r.max_users).padStart(6)} users (${r.change_pct >= 0 ? '+' : ''}${r.change_pct}%)`);
  }
  return lines.join('\n');
}

/** `30s:200,30s:300,…` → "30s:200 … 30s:5000 (49 stages)". */
function shortStages(stages: string): string {
  const all = stages.split(',');
  return all.length <= 3 ? stages : `${all[0]}, ${all[1]} … ${all[all.length - 1]} (${all.length} stages)`;
}
