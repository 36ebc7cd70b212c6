import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../../src/config/project-root.js';

/**
 * The highscore runs in one table, and the API's and PostgreSQL's CPU per request fitted as
 * fixed + per item for each update mode (least squares over the runs given):
 *
 *   node dist/calibration/load/highscore-summary.js [record.json …]   (default: calibration/runs/highscore-*.json)
 */
interface Rec {
  id: string;
  settings: Record<string, string>;
  duration_s: number;
  metrics: Record<string, Record<string, number>>;
  series: Record<string, number[]>;
  resources: { server_cpu_seconds: number; db_cpu_seconds?: number };
  machine: { speedProbe?: Record<string, number[]>; memory?: { idleRssMb: number[]; meanRssMb: number; peakRssMb: number }; apiGc?: { count: number[]; seconds: number[]; max_s: number[] } };
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** y = a + b·x by least squares. */
export function line(xs: number[], ys: number[]): { a: number; b: number } {
  const mx = mean(xs);
  const my = mean(ys);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const b = sxx > 0 ? xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / sxx : 0;
  return { a: my - b * mx, b };
}

export function summarize(records: Rec[]): string {
  const rows = records
    .map((r) => {
      const m = r.metrics;
      const reqs = m.http_reqs.count + 2 * Number(r.settings.users); // + each user's two POST /token
      const steady = (k: string): number => mean((r.series[k] ?? []).slice(20, -2));
      return {
        r,
        update: r.settings.update,
        items: Number(r.settings.items),
        users: Number(r.settings.users),
        rps: m.http_reqs.rate,
        fails: m.http_req_failed?.passes ?? 0,
        med: m.http_req_duration.med,
        p95: m.http_req_duration['p(95)'],
        max: m.http_req_duration.max,
        apiMs: (1000 * r.resources.server_cpu_seconds) / reqs,
        dbMs: (1000 * (r.resources.db_cpu_seconds ?? 0)) / reqs,
        apiSteady: steady('server_cpu'),
        dbSteady: steady('db_cpu'),
        locust: steady('load_generator_cpu'),
        other0: mean(r.series.core0_other_tasks ?? []),
        rss: r.machine.memory,
        probe: r.machine.speedProbe,
        gc2: r.machine.apiGc ? `${r.machine.apiGc.count[2]}×, max ${(1000 * r.machine.apiGc.max_s[2]).toFixed(0)} ms` : '-',
      };
    })
    .sort((a, b) => a.update.localeCompare(b.update) || a.items - b.items || a.users - b.users);
  const f = (x: number, d = 1): string => x.toFixed(d);
  const out = [
    '| update | items | users | RPS | fails | med ms | p95 ms | max ms | API CPU (s 20…end) | PG CPU | Locust CPU | other on core 0 | API ms/req | PG ms/req | RSS idle → mean/peak MB | gen-2 GC | probe core0, core1 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((x) =>
      `| ${x.update} | ${x.items} | ${x.users} | ${f(x.rps)} | ${x.fails} | ${f(x.med, 0)} | ${f(x.p95, 0)} | ${f(x.max, 0)} | ${f(100 * x.apiSteady)}% | ${f(100 * x.dbSteady)}% | ${f(100 * x.locust)}% | ${f(100 * x.other0)}% | ${f(x.apiMs, 2)} | ${f(x.dbMs, 2)} | ${x.rss ? `${x.rss.idleRssMb.join('+')} → ${x.rss.meanRssMb}/${x.rss.peakRssMb}` : '-'} | ${x.gc2} | ${x.probe ? `${mean(x.probe.core0 ?? []).toFixed(0)}, ${mean(x.probe.core1 ?? []).toFixed(0)}` : '-'} |`,
    ),
    '',
  ];
  for (const mode of ['rmw', 'inplace']) {
    const of = rows.filter((x) => x.update === mode);
    if (of.length < 2) continue;
    const api = line(of.map((x) => x.items), of.map((x) => x.apiMs));
    const db = line(of.map((x) => x.items), of.map((x) => x.dbMs));
    out.push(`${mode}: API CPU per request = ${f(api.a, 3)} ms + ${f(1000 * api.b, 3)} µs × items; PostgreSQL = ${f(db.a, 3)} ms + ${f(1000 * db.b, 3)} µs × items (least squares over ${of.length} runs)`);
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(projectPath('calibration', 'runs')).filter((f) => /^highscore-.*\.json$/.test(f)).map((f) => join(projectPath('calibration', 'runs'), f));
  process.stdout.write(summarize(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Rec)) + '\n');
}
