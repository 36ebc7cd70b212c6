import type { Prediction } from '../registry.js';
import type { LeaderboardPrediction } from './index.js';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
const ms = (x: number): string => `${x < 10 ? x.toFixed(3) : x.toFixed(1)} ms`;
const pct = (u: number): string => `${(100 * u).toFixed(1)}%`;

function latencyLine(label: string, t: Record<string, number>, count: number): string {
  return count === 0 ? `  ${label}: none` : `  ${label}: avg ${ms(t.avg)}  p95 ${ms(t['p(95)'])}  p99 ${ms(t['p(99)'])}  (max ${ms(t.max)}, ${n(count)} measured)`;
}

export function leaderboardText(p: Prediction): string {
  const l = p as LeaderboardPrediction;
  const s = l.scenario as Record<string, unknown> & { profiles: Record<string, string>; load: { users?: number; rate?: number } };
  const m = l.metrics;
  const load = s.load.users !== undefined ? `${n(s.load.users)} users in a closed loop` : `${n(s.load.rate!)} requests/s offered (Poisson)`;
  const rows = l.resources.map((r) => [r.name, pct(r.utilisation), r.queue > 0 ? `${n(r.queue)} ${r.queueUnit}` : '—', r.saturated ? 'saturated' : '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['resource', 'busy', 'queue'][i].length));
  const line = (c: string[]): string => `     ${c[0].padEnd(widths[0])}  ${c[1].padStart(widths[1])}  ${c[2].padEnd(widths[2])}  ${c[3]}`.trimEnd();
  const mem = l.memory;
  const rb = l.rebuild;
  return [
    `  capsim predict leaderboard (simulated, seed ${String(s.seed)}): ${n(s.players as number)} players, ${load}, op ${String(s.op)}${s.op === 'mix' ? ` (read share ${String(s.read_share)})` : ''}`,
    `  server on ${s.profiles.app}, Redis on ${s.profiles.redis} (round trip ${String(s.redis_rtt)}), MySQL on ${s.profiles.mysql}; ${String(s.redis_connections)} Redis connections × pipeline ${String(s.pipeline)}, ${String(s.mysql_connections)} MySQL connections, bulk UPSERTs of ≤ ${String(s.batch)} rows, coalescing ${s.coalesce ? 'on' : 'off'}`,
    '',
    `  reads sustained:  ${n(m.reads.rate)}/s`,
    `  writes sustained: ${n(m.writes.rate)}/s`,
    latencyLine('read latency ', m.read_duration, m.reads.count),
    latencyLine('write latency', m.write_duration, m.writes.count),
    `  Redis: ${n(l.redis.commands_per_s)} commands/s, ${l.redis.commands_per_batch} per Redis event-loop iteration; MySQL: ${n(l.mysql.statements_per_s)} statements/s of ${l.mysql.rows_per_statement} rows, ${n(l.mysql.flushes_per_s)} log flushes/s`,
    `  coalescing: ${n(l.coalescing.replaced)} pending updates replaced by newer ones (${n(l.coalescing.replaced_per_s)}/s); applied out of order: ${l.coalescing.stale_applied}`,
    `  the law: T_process ${l.law.tProcessMs} ms, T_latency ${l.law.tLatencyMs} ms → one connection ≤ ${n(l.law.perConnectionPerS)} commands/s; ${String(s.redis_connections)} × depth ${String(s.pipeline)} ≤ ${n(l.law.ceilingPerS)}/s (Redis's thread alone: ${n(l.law.redisCeilingPerS)}/s)`,
    '',
    `  Redis memory: ${mem.used_gib} GiB used (${mem.rankings} sorted set${mem.rankings > 1 ? 's' : ''}, ${mem.encoding} encoding, ${mem.bytes_per_member} bytes per member); with an all-time-best ranking ${mem.with_all_time_gib} GiB; socket buffers ${mem.socket_buffers_gib} GiB beside it`,
    `  rebuild from MySQL: ${n(rb.rows)} entries in ${formatSeconds(rb.seconds)} (ZADDs of ${rb.batch}, limited by ${rb.limit}; MySQL scan ${formatSeconds(rb.stages.mysqlScanS)}, server ${formatSeconds(rb.stages.serverS)}, Redis ${formatSeconds(rb.stages.redisS)}, round trips ${formatSeconds(rb.stages.roundTripsS)})`,
    '',
    `  bottleneck: ${l.bottleneck.headline}`,
    `  scale next: ${l.bottleneck.scaleNext}`,
    '',
    line(['resource', 'busy', 'queue', '']),
    ...rows.map(line),
    ...l.warnings.map((w) => `  warning: ${w}`),
  ].join('\n');
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${+s.toPrecision(3)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}
