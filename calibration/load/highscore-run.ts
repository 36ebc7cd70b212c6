import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../src/config/project-root.js';
import type { K6SummaryExport } from '../../src/metrics/index.js';
import { readCsvTable, numberCell } from '../import/csv.js';
import { importLocustCsv } from '../import/locust-csv.js';
import { PYTHON, sleep } from './app-servers.js';
import { APP_CPUS, LOAD_CPUS } from './cores.js';
import { defaultHighscoreRunId, highscoreRunSettings } from './highscore-settings.js';
import { HighscoreSampler, processTree, rssMb } from './highscore-sampler.js';
import { machineInfo, pythonVersions } from './machine.js';
import { allowedCpus } from './proc-stat.js';
import { niceLabel, withRealRun } from './real-run.js';
import { writeRunRecord, type RunRecord } from './run-record.js';
import { tearDown } from './services.js';
import { bracket, probeCores } from './speed-probe.js';

const APP_DIR = projectPath('calibration', 'apps', 'highscore');
const LOCUSTFILE = projectPath('calibration', 'load', 'highscore-locustfile.py');
const SERVICES = projectPath('calibration', 'services');
const API_URL = 'http://127.0.0.1:8310';
/** Where calibration/services keeps the highscore stack's state (services-highscore.sh). */
const STATE_DIR = process.env.CAPSIM_HIGHSCORE_DIR ?? '/tmp/capsim-highscore';
/** asyncpg connections per worker: enough that requests queue for the API's core, not for a connection. */
const POOL = 20;
const ENDPOINTS = ['add', 'edit', 'delete'];

export interface HighscoreLoadRequest {
  flags: Record<string, unknown>;
  outDir: string;
  id?: string;
  log?: (line: string) => void;
}

function envFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

function services(args: string[]): void {
  execFileSync(SERVICES, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 900_000 });
}

/** Per-second response times of all requests from the locustfile's `<prefix>_seconds.csv`, from second `from` on. */
function latencySeries(file: string, from: number, length: number): Record<string, number[]> {
  if (!existsSync(file)) return {};
  const t = readCsvTable(file, ['Timestamp', 'Name', 'Requests', '50%', '95%', 'Max']);
  const out: Record<string, number[]> = { http_req_duration_p50: new Array(length).fill(0), http_req_duration_p95: new Array(length).fill(0), http_req_duration_max: new Array(length).fill(0) };
  for (const row of t.rows) {
    if (row.Name !== 'Aggregated') continue;
    const k = Number(row.Timestamp) - from;
    if (k < 0 || k >= length) continue;
    out.http_req_duration_p50[k] = numberCell(t, row, '50%') ?? 0;
    out.http_req_duration_p95[k] = numberCell(t, row, '95%') ?? 0;
    out.http_req_duration_max[k] = numberCell(t, row, 'Max') ?? 0;
  }
  return out;
}

/** GET /stats of the API (GC pauses of the worker that answers), or undefined if it does not answer within 2 s. */
async function apiStats(): Promise<unknown> {
  try {
    const res = await fetch(`${API_URL}/stats`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? await res.json() : undefined;
  } catch {
    return undefined;
  }
}

/** psql against the run's PostgreSQL: one row, fields separated by '|'. */
function psqlRow(env: NodeJS.ProcessEnv, sql: string): string[] {
  return execFileSync('psql', ['-XAtq', '-c', sql], { env, encoding: 'utf8', timeout: 10_000 }).trim().split('|');
}

/**
 * PostgreSQL's WAL flushes since the stats were reset (pg_stat_wal, track_wal_io_timing on): every
 * UPDATE's commit waits for one (synchronous_commit on; concurrent commits share a flush), and this
 * disk's fsync is slow and shared with other sessions. Undefined if the query fails.
 */
function walFlushes(env: NodeJS.ProcessEnv): { records: number; writes: number; syncs: number; syncMs: number; writeMs: number; meanSyncMs: number } | undefined {
  try {
    const [records, writes, syncs, writeMs, syncMs] = psqlRow(env, 'SELECT wal_records, wal_write, wal_sync, wal_write_time, wal_sync_time FROM pg_stat_wal').map(Number);
    return { records, writes, syncs, syncMs: +syncMs.toFixed(1), writeMs: +writeMs.toFixed(1), meanSyncMs: syncs > 0 ? +(syncMs / syncs).toFixed(3) : 0 };
  } catch {
    return undefined;
  }
}

const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * One real run of seed §3 here: `calibration/services up --highscore` (a fresh PostgreSQL on core 1,
 * the API on core 0 in the run's update mode), seed.py fills `users` documents of `items` items,
 * then Locust (headless, pinned to core 1) runs the seed's SequentialTaskSet for `duration`.
 * Whatever it started it stops again, on success, failure, SIGINT, SIGTERM or the hard time-out.
 */
export async function loadHighscore(request: HighscoreLoadRequest): Promise<{ record: RunRecord; file: string; text: string }> {
  const run = highscoreRunSettings(request.flags);
  const id = request.id ?? defaultHighscoreRunId(run);
  const log = request.log ?? (() => undefined);
  const dir = mkdtempSync('/tmp/capsim-highscore-');
  const prefix = join(dir, 'locust');
  let locust: ChildProcess | undefined;
  let locustExited = false;
  let sampler: HighscoreSampler | undefined;
  let up = false;
  const hardTimeoutMs = (run.durationS + run.users / run.spawnRate + 240) * 1000;
  const tearDownRun = async (): Promise<void> => {
    sampler?.cancel();
    if (locust && !locustExited) {
      locust.kill('SIGTERM');
      for (let i = 0; i < 100 && !locustExited; i++) await sleep(100);
      if (!locustExited) locust.kill('SIGKILL');
    }
    if (up) tearDown(() => services(['down', '--highscore']));
    rmSync(dir, { recursive: true, force: true });
  };
  return withRealRun(hardTimeoutMs, async (signal) => {
    // Set first: `down` is safe when nothing came up, and a start that failed halfway is undone.
    up = true;
    services(['up', '--highscore', '--update', run.update, '--workers', String(run.workers), '--pool', String(POOL)]);
    const pg = envFile(join(STATE_DIR, 'postgres.env'));
    const api = envFile(join(STATE_DIR, 'api.env'));
    const pgEnv = { ...process.env, PGHOST: pg.POSTGRES_HOST, PGPORT: pg.POSTGRES_PORT, PGUSER: 'postgres', PGDATABASE: 'highscore' };
    log(execFileSync(PYTHON, ['seed.py', '--users', String(run.users), '--items', String(run.items)], { cwd: APP_DIR, env: pgEnv, encoding: 'utf8', timeout: 300_000 }).trim());
    signal.throwIfAborted();
    const apiRoot = Number(api.API_PID);
    const tree = processTree(apiRoot);
    // uvicorn --workers N: the root only supervises; with one worker it serves requests itself.
    const apiPids = run.workers > 1 ? tree.filter((p) => p !== apiRoot) : [apiRoot];
    const idleRss = apiPids.map((p) => +(rssMb(p) ?? 0).toFixed(1));
    // The WAL the seeding wrote is not the run's.
    try {
      psqlRow(pgEnv, "SELECT pg_stat_reset_shared('wal')");
    } catch {
      log('could not reset pg_stat_wal: the record will have no WAL flushes');
    }
    const probeBefore = probeCores([APP_CPUS, LOAD_CPUS]);
    sampler = new HighscoreSampler(apiPids, Number(pg.POSTGRES_PID));
    sampler.start();
    log(`locust: ${run.users} users (${run.spawnRate}/s), add → edit → delete with between(1, 5), ${run.durationS} s, update ${run.update}, ${run.items} items`);
    const child = spawn('taskset', ['-c', LOAD_CPUS, PYTHON, '-m', 'locust', '-f', LOCUSTFILE, '--headless', '-u', String(run.users), '-r', String(run.spawnRate), '-t', `${run.durationS}s`,
      '--host', API_URL, '--csv', prefix, '--csv-full-history', '--only-summary', '--exit-code-on-error', '0', '--loglevel', 'WARNING'], { stdio: ['ignore', 'ignore', 'pipe'] });
    locust = child;
    sampler.setLoadPid(child.pid!);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => { locustExited = true; resolve(code); }));
    const onAbort = (): void => void child.kill('SIGTERM');
    signal.addEventListener('abort', onAbort);
    const code = await exit;
    signal.removeEventListener('abort', onAbort);
    sampler.stop();
    const gcStats = await apiStats();
    const wal = walFlushes(pgEnv);
    signal.throwIfAborted();
    if (code !== 0) throw new Error(`locust exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    const probe = bracket(probeBefore, probeCores([APP_CPUS, LOAD_CPUS]));

    const imported = importLocustCsv(prefix, { runTimeS: run.durationS });
    const final = JSON.parse(readFileSync(`${prefix}_final.json`, 'utf8')) as { start: number; end: number };
    const length = imported.series?.http_reqs?.length ?? Math.ceil(final.end - final.start);
    // The sampler started before Locust did: drop its first seconds so both series start with Locust.
    const offset = Math.max(0, Math.round(final.start - sampler.firstAtEpochMs / 1000));
    const crop = (v: number[]): number[] => v.slice(offset, offset + length);
    const resourceSeries = Object.fromEntries(Object.entries(sampler.series()).map(([k, v]) => [k, crop(v)]));
    const foreignSeries = crop(sampler.foreignOnCore(Number(APP_CPUS)));
    const latency = latencySeries(`${prefix}_seconds.csv`, Math.floor(final.start), length);
    // CPU over Locust's run only (the cropped seconds), not the seeding before it.
    const sum = (xs: number[] | undefined): number => +(xs ?? []).reduce((a, b) => a + b, 0).toFixed(4);
    const totals = { server_cpu_seconds: sum(resourceSeries.server_cpu), db_cpu_seconds: sum(resourceSeries.db_cpu) };
    const duration_s = +imported.duration_s.toFixed(3);
    const sampledS = (resourceSeries.server_cpu ?? []).length;
    const loadRss = (resourceSeries.api_rss_mb ?? []).filter((x) => x > 0);
    const foreign = mean(foreignSeries);
    const versions = {
      ...pythonVersions({ fastapi: 'fastapi', uvicorn: 'uvicorn', pydantic: 'pydantic', asyncpg: 'asyncpg', pyjwt: 'jwt', cryptography: 'cryptography', geventhttpclient: 'geventhttpclient' }, APP_DIR),
      locust: '2.12.1 (Debian python3-locust)',
      postgres: execFileSync('/usr/lib/postgresql/15/bin/postgres', ['--version'], { encoding: 'utf8' }).trim(),
    };
    const pinning = { uvicorn: allowedCpus(apiPids[0]) ?? APP_CPUS, postgres: allowedCpus(Number(pg.POSTGRES_PID)) ?? pg.POSTGRES_CPUS, locust: LOAD_CPUS, 'capsim load': allowedCpus(process.pid) ?? LOAD_CPUS };
    const machine = machineInfo(pinning, versions, {
      priority: { uvicorn: niceLabel(apiRoot), postgres: niceLabel(Number(pg.POSTGRES_PID)), 'capsim load': niceLabel('self') },
      speedProbe: probe,
      // CPython's collector in the API worker over the whole run (count, total and longest pause per generation).
      ...(gcStats ? { apiGc: (gcStats as { gc: unknown }).gc } : {}),
      // Waits for a database connection: count per power-of-two bucket of ms (bucket k: 2^(k−1) to under 2^k ms), and the longest.
      ...(gcStats ? { apiPoolWaits: (gcStats as { pool_waits: unknown }).pool_waits } : {}),
      // WAL flushes of the run's commits (pg_stat_wal): count, total and mean fsync time, ms.
      ...(wal ? { postgresWal: wal } : {}),
      memory: { idleRssMb: idleRss, meanRssMb: +mean(loadRss).toFixed(1), peakRssMb: +Math.max(0, ...loadRss).toFixed(1) },
      api: `uvicorn --workers ${run.workers} --loop asyncio --http h11 (one process = one core at most), asyncpg pool ${POOL} per worker`,
      postgres: 'PostgreSQL 15 defaults (shared_buffers 128MB, synchronous_commit on), max_connections 100, docs(user_id text primary key, doc jsonb) with lz4 compression',
      locust: 'FastHttpUser, SequentialTaskSet add (POST /items) → edit (PATCH /items/{id}) → delete (DELETE /items/{id}), wait_time between(1, 5); DPoP tokens fetched in on_start outside the stats',
      dpop: 'ES256 proof per request (PyJWT + cryptography, key cached per thumbprint), HS256 access token bound by cnf.jkt, server nonce (DPoP-Nonce, 300 s period), jti replay cache',
    });
    const problems = [
      foreign > 0.05 ? `contended: core 0 ran other processes ${(100 * foreign).toFixed(1)}% of the run besides the API` : '',
      ...Object.entries(probe).filter(([, [a, b]]) => Math.abs(b / a - 1) > 0.1).map(([core, [a, b]]) => `contended by the host: the speed probe on ${core} took ${a} ms before the run and ${b} ms after`),
    ].filter(Boolean);
    const record: RunRecord = {
      kind: 'capsim-run-record',
      model: 'highscore',
      id,
      source: 'capsim load',
      createdAt: new Date().toISOString(),
      settings: run.settings,
      machine,
      duration_s,
      metrics: imported.metrics as K6SummaryExport['metrics'],
      series: { ...imported.series, ...latency, ...resourceSeries, core0_other_tasks: foreignSeries },
      resources: { ...totals, server_cpu_utilisation: sampledS > 0 ? +(totals.server_cpu_seconds / sampledS).toFixed(4) : 0 },
      notes: [...problems, ...imported.notes].join(' '),
    };
    const file = writeRunRecord(record, request.outDir);
    return { record, file, text: highscoreRunText(record, file) };
  }, tearDownRun);
}

/** The console summary of a highscore run: per endpoint as Locust prints it, then the resources. */
export function highscoreRunText(r: RunRecord, file: string): string {
  const m = r.metrics as Record<string, Record<string, number>>;
  const s = r.settings;
  const row = (label: string, tag: string): string => {
    const reqs = m[`http_reqs${tag}`];
    const d = m[`http_req_duration${tag}`];
    const f = m[`http_req_failed${tag}`];
    if (!reqs) return `  ${label.padEnd(10)} no requests`;
    return `  ${label.padEnd(10)} ${String(reqs.count).padStart(7)} ${String(f?.passes ?? 0).padStart(6)}  ${[d?.med, d?.['p(95)'], d?.['p(99)'], d?.avg].map((x) => (x === undefined ? '-' : x.toFixed(0)).padStart(7)).join('')}  ${reqs.rate.toFixed(1).padStart(7)}`;
  };
  const series = r.series;
  const pct = (xs: number[] | undefined): string => (xs && xs.length ? `${(100 * mean(xs)).toFixed(1)}%` : '-');
  const mem = r.machine.memory as { idleRssMb: number[]; meanRssMb: number; peakRssMb: number };
  const probe = r.machine.speedProbe as Record<string, number[]>;
  return [
    `  capsim load highscore (real run ${r.id}): ${s.users} users, update ${s.update}, ${s.items} items, ${s.duration}, ${s.workers} worker(s)`,
    `  endpoint      reqs  fails      med    p95    p99    avg      RPS   (ms)`,
    ...ENDPOINTS.map((e) => row(e, `{name:${e}}`)),
    row('all', ''),
    `  API CPU ${pct(series.server_cpu)} of one core (mean of seconds), ${(r.resources.server_cpu_seconds / Math.max(m.http_reqs?.count ?? 1, 1) * 1000).toFixed(2)} ms per request; PostgreSQL CPU ${pct(series.db_cpu)}; Locust CPU ${pct(series.load_generator_cpu)}`,
    `  API RSS idle ${mem.idleRssMb.join('+')} MB, under load mean ${mem.meanRssMb} MB, peak ${mem.peakRssMb} MB`,
    `  speed probe (ms, before → after): ${Object.entries(probe).map(([c, [a, b]]) => `${c} ${a} → ${b}`).join(', ')}`,
    ...(r.notes ? [`  notes: ${r.notes}`] : []),
    `  record: ${file}`,
  ].join('\n');
}
