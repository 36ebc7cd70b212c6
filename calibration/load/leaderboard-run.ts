/**
 * Real runs of the bundled leaderboard (calibration/apps/leaderboard) against the Redis and MariaDB
 * that calibration/services runs: one call, one experiment, one or more run records
 * (calibration/load/leaderboard-run.schema.json) in calibration/runs/. The server, Redis and
 * MariaDB run on core 1; this process (the load generator) and the delay proxy on core 0.
 * Everything this process starts is stopped on exit, SIGINT, SIGTERM and its hard time-out.
 *
 *   node dist/calibration/load/leaderboard-run.js --experiment pool --redis-connections 4 --pipeline-depth 1 --delay-ms 1 …
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import mysql from 'mysql2';
import seedrandom from 'seedrandom';
import { projectPath } from '../../src/config/project-root.js';
import { validate } from '../../src/config/schema.js';
import { TABLE_DDL } from '../apps/leaderboard/mysql-writer.js';
import { KEY, compositeScore, member } from '../apps/leaderboard/ranking.js';
import { RedisPool } from '../apps/leaderboard/redis-pool.js';
import { LeaderboardClient, closedLoop, openLoop, summarise, type LoadResult } from './leaderboard-client.js';
import { allowedCpus, autogroupNice, coreTimes, schedTimes, setAutogroupNice } from './proc-stat.js';
import { runningMariadb, runningRedis } from './services.js';
import { bracket, probeCores } from './speed-probe.js';

const SERVER_CPUS = '1';
const LOAD_CPUS = '0';
const SERVER_PORT = 8320;
const PROXY_PORT = 8321;
const SCHEMA = 'calibration/load/leaderboard-run.schema.json';
const EXPERIMENTS = ['pool', 'bulk-upsert', 'coalescing', 'memory', 'rebuild', 'redis-cost'] as const;
type Experiment = (typeof EXPERIMENTS)[number];

const { values: opt } = parseArgs({
  options: {
    experiment: { type: 'string' },
    id: { type: 'string' },
    out: { type: 'string', default: 'calibration/runs' },
    'redis-connections': { type: 'string', default: '1' },
    'pipeline-depth': { type: 'string', default: '1' },
    'delay-ms': { type: 'string', default: '0' },
    op: { type: 'string', default: 'rank' },
    players: { type: 'string', default: '100000' },
    'in-flight': { type: 'string', default: '64' },
    duration: { type: 'string', default: '8' },
    'mysql-connections': { type: 'string', default: '1' },
    'bulk-rows': { type: 'string', default: '1' },
    coalesce: { type: 'boolean', default: false },
    mysql: { type: 'string', default: 'on' },
    rate: { type: 'string', default: '1000' },
    'hot-players': { type: 'string', default: '10' },
    'hot-share': { type: 'string', default: '0.5' },
    members: { type: 'string', default: '10000' },
    'member-bytes': { type: 'string', default: '0' },
    'listpack-entries': { type: 'string', default: '128' },
    'zadd-batch': { type: 'string', default: '1000' },
    ops: { type: 'string', default: '20000' },
    notes: { type: 'string', default: '' },
    'hard-timeout': { type: 'string', default: '300' },
  },
});

function fail(msg: string): never {
  process.stderr.write(`leaderboard-run: ${msg}\n`);
  process.exit(2);
}
function num(name: keyof typeof opt, min: number, max: number, integer = true): number {
  const v = Number(opt[name]);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) fail(`--${name} must be ${integer ? 'a whole number' : 'a number'} ${min}–${max}, got '${String(opt[name])}'`);
  return v;
}
function list(name: keyof typeof opt, min: number, max: number): number[] {
  return String(opt[name]).split(',').map((x) => {
    const v = Number(x);
    if (!Number.isInteger(v) || v < min || v > max) fail(`--${name} must be whole numbers ${min}–${max}, comma-separated, got '${String(opt[name])}'`);
    return v;
  });
}

const experiment = opt.experiment as Experiment;
if (!EXPERIMENTS.includes(experiment)) fail(`--experiment must be one of ${EXPERIMENTS.join(', ')}, got '${String(opt.experiment)}'`);

// ---- processes this run starts, always stopped ----
const children: ChildProcess[] = [];
function stopChildren(): void {
  for (const c of children) if (c.exitCode === null && c.pid) try { process.kill(c.pid, 'SIGTERM'); } catch { /* gone */ }
}
function start(name: string, cpu: string, script: string, args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn('taskset', ['-c', cpu, process.execPath, projectPath('dist', script), ...args], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 15 s`)), 15_000);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (ready.test(d.toString())) {
        clearTimeout(timer);
        setAutogroupNice(child.pid!, -10);
        resolve(child);
      }
    });
  });
}
async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => { try { process.kill(c.pid!, 'SIGKILL'); } catch { /* gone */ } resolve(); }, 5000);
    c.once('exit', () => { clearTimeout(t); resolve(); });
    process.kill(c.pid!, 'SIGTERM');
  });
}

const controller = new AbortController();
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => { controller.abort(); stopChildren(); process.exit(130); });
process.on('exit', stopChildren);
setTimeout(() => { process.stderr.write('leaderboard-run: hard time-out, everything started was stopped\n'); stopChildren(); process.exit(1); }, num('hard-timeout', 5, 3600) * 1000).unref();

// ---- the services ----
const redisSvc = runningRedis() ?? fail('no Redis from calibration/services is running (calibration/services up --redis)');
const mariadbSvc = runningMariadb();
const redis = new Redis({ host: redisSvc.host, port: redisSvc.port, lazyConnect: true });

function mysqlConnection(): mysql.Connection {
  return mysql.createConnection({ host: '127.0.0.1', port: mariadbSvc!.port, user: 'app', password: 'app', database: 'feed' });
}
function sql(c: mysql.Connection, q: string, v: unknown[] = []): Promise<unknown> {
  return new Promise((res, rej) => c.query(q, v, (e, r) => (e ? rej(e) : res(r))));
}

/** Members 0..n−1 with random scores, `batch` per ZADD through a pipelining pool. */
async function fillRedis(n: number, name: (i: number) => string, rng: () => number): Promise<number> {
  const pool = new RedisPool(redisSvc.host, redisSvc.port, 1, 16);
  await pool.connect();
  const t0 = process.hrtime.bigint();
  const sent: Promise<unknown>[] = [];
  for (let i = 0; i < n; i += 1000) {
    const args: Array<string | number> = ['ZADD', KEY];
    for (let j = i; j < Math.min(n, i + 1000); j++) args.push(compositeScore(Math.floor(rng() * 1e6), Date.now()), name(j));
    sent.push(pool.send(...args));
    if (sent.length >= 64) await Promise.all(sent.splice(0));
  }
  await Promise.all(sent);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await pool.close();
  return s;
}

async function fillMysql(rows: number, rng: () => number): Promise<number> {
  const c = mysqlConnection();
  await sql(c, 'DROP TABLE IF EXISTS ranking');
  await sql(c, TABLE_DDL);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows; i += 2000) {
    const values = [];
    for (let j = i; j < Math.min(rows, i + 2000); j++) values.push([j, Math.floor(rng() * 1e6), Date.now()]);
    await sql(c, 'INSERT INTO ranking (player_id, score, updated_at) VALUES ?', [values]);
  }
  c.end();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function redisInfo(section: string): Promise<Record<string, string>> {
  const text = (await redis.info(section)) as string;
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

// ---- CPU over the load phase ----
interface Watched { name: string; pid: number }
function cpuNow(watched: Watched[]): Record<string, number> {
  return Object.fromEntries(watched.map((w) => [w.name, schedTimes(w.pid)?.cpu ?? 0]));
}
/** Scheduler waits and the cores' busy ticks at one instant: what other work took from the run's cores. */
interface Accounting { wait: Record<string, number>; cores: Array<{ tasks: number; total: number }> }
function accountingNow(watched: Watched[]): Accounting {
  return { wait: Object.fromEntries(watched.map((w) => [w.name, schedTimes(w.pid)?.wait ?? 0])), cores: coreTimes() };
}
/**
 * Over the load phase: each process's run-queue wait (schedstat's second field) as a share of the
 * window, and each core's share of ticks spent running any task, ours or not (user, nice, system
 * and the hypervisor's steal, /proc/stat): less our processes' CPU, what others took from the core.
 */
function accountingShares(before: Accounting, after: Accounting, seconds: number): { runQueueWait: Record<string, number>; coreBusy: Record<string, number> } {
  const runQueueWait = Object.fromEntries(Object.keys(before.wait).map((k) => [k, +(seconds > 0 ? Math.max(0, after.wait[k] - before.wait[k]) / seconds : 0).toFixed(4)]));
  const coreBusy: Record<string, number> = {};
  after.cores.forEach((c, i) => {
    const b = before.cores[i];
    if (b && c.total > b.total) coreBusy[`core${i}`] = +((c.tasks - b.tasks) / (c.total - b.total)).toFixed(4);
  });
  return { runQueueWait, coreBusy };
}
function cpuResources(before: Record<string, number>, after: Record<string, number>, seconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(before)) {
    const s = Math.max(0, after[k] - before[k]);
    out[`${k}_cpu_seconds`] = +s.toFixed(4);
    out[`${k}_cpu_utilisation`] = +(seconds > 0 ? s / seconds : 0).toFixed(4);
  }
  return out;
}

function versions(): Record<string, string> {
  const pkg = (name: string): string => (JSON.parse(readFileSync(projectPath('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const redisV = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
  const mariadbV = /Ver (\S+)/.exec(execFileSync('mariadbd', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
  return { 'redis-server': redisV, mariadb: mariadbV, ioredis: pkg('ioredis'), mysql2: pkg('mysql2') };
}

interface Record_ {
  id: string;
  settings: Record<string, string | number | boolean>;
  duration_s: number;
  [k: string]: unknown;
}

function write(rec: Record_, pinning: Record<string, string>, probe: Record<string, number[]>, accounting: Partial<ReturnType<typeof accountingShares>> = {}): void {
  const full = {
    kind: 'capsim-leaderboard-run',
    experiment,
    createdAt: new Date().toISOString(),
    ...rec,
    machine: { cores: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', kernel: release(), node: process.version, versions: versions(), pinning, speedProbe: probe, ...accounting },
    ...(opt.notes ? { notes: String(opt.notes) } : {}),
  };
  validate(SCHEMA, full, `leaderboard run ${rec.id}`);
  const dir = isAbsolute(String(opt.out)) ? String(opt.out) : projectPath(String(opt.out));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/leaderboard-${rec.id}.json`, JSON.stringify(full, null, 2) + '\n');
  process.stdout.write(`leaderboard-run: wrote ${String(opt.out)}/leaderboard-${rec.id}.json\n`);
}

const round = (x: number, d = 2): number => +x.toFixed(d);

// ---- experiments through the server ----
async function throughServer(): Promise<void> {
  const K = num('redis-connections', 1, 256);
  const D = num('pipeline-depth', 1, 1024);
  const delay = num('delay-ms', 0, 100, false);
  const M = num('mysql-connections', 1, 256);
  const B = num('bulk-rows', 1, 4096);
  const players = num('players', 1, 20_000_000);
  const duration = num('duration', 1, 120, false);
  const inFlight = num('in-flight', 1, 4096);
  const op = String(opt.op);
  if (!['rank', 'around', 'friends', 'update', 'mix'].includes(op)) fail(`--op must be rank, around, friends, update or mix, got '${op}'`);
  const useMysql = opt.mysql !== 'off';
  if (useMysql && !mariadbSvc) fail('no MariaDB from calibration/services is running (calibration/services up --mariadb), or pass --mysql off');
  const rng = seedrandom(`leaderboard-${experiment}`);

  await redis.connect();
  await redis.flushall();
  const preload = { redisSeconds: 0, mysqlSeconds: 0 };
  if (experiment !== 'rebuild') preload.redisSeconds = await fillRedis(players, member, rng);
  if (useMysql) preload.mysqlSeconds = experiment === 'rebuild' ? await fillMysql(players, rng) : await fillMysql(0, rng);

  let proxy: ChildProcess | undefined;
  const statsFile = `/tmp/capsim-leaderboard-proxy-${process.pid}.json`;
  if (delay > 0) proxy = await start('delay proxy', LOAD_CPUS, 'calibration/apps/leaderboard/delay-proxy.js', ['--listen', String(PROXY_PORT), '--target-host', redisSvc.host, '--target-port', String(redisSvc.port), '--delay-ms', String(delay), '--stats', statsFile], /delay-proxy/);
  const serverArgs = ['--port', String(SERVER_PORT), '--redis-host', delay > 0 ? '127.0.0.1' : redisSvc.host, '--redis-port', String(delay > 0 ? PROXY_PORT : redisSvc.port),
    '--redis-connections', String(K), '--pipeline-depth', String(D), '--mysql-connections', String(M), '--bulk-rows', String(B), ...(opt.coalesce ? ['--coalesce'] : []), ...(useMysql ? [] : ['--no-mysql'])];
  const server = await start('leaderboard server', SERVER_CPUS, 'calibration/apps/leaderboard/server.js', serverArgs, /listening/);

  const clients = await Promise.all(Array.from({ length: Math.min(8, inFlight) }, () => LeaderboardClient.open(SERVER_PORT)));
  const watched: Watched[] = [{ name: 'server', pid: server.pid! }, { name: 'redis', pid: redisSvc.pid }, { name: 'load', pid: process.pid }];
  if (mariadbSvc) watched.push({ name: 'mariadb', pid: mariadbSvc.pid });
  if (proxy) watched.push({ name: 'proxy', pid: proxy.pid! });
  const pinning: Record<string, string> = { 'leaderboard-server': allowedCpus(server.pid!) ?? SERVER_CPUS, 'redis-server': allowedCpus(redisSvc.pid) ?? '?', 'load-generator': allowedCpus(process.pid) ?? LOAD_CPUS };
  if (mariadbSvc) pinning.mariadbd = allowedCpus(mariadbSvc.pid) ?? '?';
  if (proxy) pinning['delay-proxy'] = allowedCpus(proxy.pid!) ?? LOAD_CPUS;

  const probeBefore = probeCores([LOAD_CPUS, SERVER_CPUS]);
  const hot = num('hot-players', 0, 1_000_000);
  const hotShare = num('hot-share', 0, 1, false);
  const pick = (): number => (hot > 0 && rng() < hotShare ? Math.floor(rng() * hot) : Math.floor(rng() * players));
  let k = 0;
  const next = (): string => {
    const o = op === 'mix' ? (k++ % 2 === 0 ? 'update' : 'around') : op;
    switch (o) {
      case 'rank': return `R ${pick()}`;
      case 'around': return `A ${pick()}`;
      case 'friends': return `F ${Array.from({ length: 10 }, () => Math.floor(rng() * players)).join(',')}`;
      default: return `U ${pick()} ${Math.floor(rng() * 1e6)}`;
    }
  };

  let result: LoadResult;
  let serverStats: Record<string, number>;
  let extra: Record<string, unknown> = {};
  const control = clients[0];
  await control.ask('RESET');
  const cpuBefore = cpuNow(watched);
  let accountBefore = accountingNow(watched);
  if (experiment === 'rebuild') {
    const t0 = process.hrtime.bigint();
    const r = JSON.parse(await control.ask(`REBUILD ${num('zadd-batch', 1, 100_000)}`)) as { rows: number; seconds: number; zadds: number };
    result = { seconds: Number(process.hrtime.bigint() - t0) / 1e9, requests: 1, errors: 0, superseded: 0, latenciesMs: [], unanswered: 0 };
    const card = await redis.zcard(KEY);
    extra = { rebuild: { rows: r.rows, seconds: round(r.seconds, 4), rowsPerS: round(r.rows / r.seconds, 1), zadds: r.zadds, zcardAfter: card, mysqlPreloadSeconds: round(preload.mysqlSeconds, 3) } };
  } else if (experiment === 'coalescing') {
    result = await openLoop(clients, num('rate', 1, 200_000), duration, 5, next, controller.signal);
  } else {
    // Warm-up: half a second of the same load, not counted.
    await closedLoop(clients, inFlight, Math.min(0.5, duration / 4), next, controller.signal);
    await control.ask('RESET');
    Object.assign(cpuBefore, cpuNow(watched));
    accountBefore = accountingNow(watched);
    result = await closedLoop(clients, inFlight, duration, next, controller.signal);
  }
  const cpuAfter = cpuNow(watched);
  const accountAfter = accountingNow(watched);
  serverStats = JSON.parse(await control.ask('STATS')) as Record<string, number>;
  const probeAfter = probeCores([LOAD_CPUS, SERVER_CPUS]);
  for (const c of clients) c.close();
  await stopChild(server);
  let proxyStats: Record<string, number> | undefined;
  if (proxy) {
    await stopChild(proxy);
    try { proxyStats = JSON.parse(readFileSync(statsFile, 'utf8')) as Record<string, number>; rmSync(statsFile); } catch { /* no stats */ }
  }
  await redis.quit();

  const secs = result.seconds;
  const settings: Record<string, string | number | boolean> = { op, redisConnections: K, pipelineDepth: D, delayMsEachWay: delay, players, mysqlConnections: M, bulkRows: B, mysql: useMysql, coalesce: Boolean(opt.coalesce), durationS: duration };
  if (experiment === 'coalescing') Object.assign(settings, { rate: num('rate', 1, 200_000), hotPlayers: hot, hotShare });
  else if (experiment !== 'rebuild') settings.clientsInFlight = inFlight;
  if (experiment === 'rebuild') settings.zaddBatch = num('zadd-batch', 1, 100_000);
  const id = String(opt.id ?? `${experiment}-${Date.now()}`);
  write({
    id,
    settings,
    duration_s: round(secs, 4),
    throughput: {
      requests: round(result.requests / secs, 1),
      // The server's counters run from RESET to STATS: in an open-loop run that includes the drain.
      redisCommands: round(serverStats.redisCommands / serverStats.seconds, 1),
      mysqlStatements: round(serverStats.mysqlStatements / serverStats.seconds, 1),
      mysqlRows: round(serverStats.mysqlRows / serverStats.seconds, 1),
      updatesApplied: round(serverStats.updatesApplied / serverStats.seconds, 1),
    },
    latency_ms: summarise(result.latenciesMs),
    counts: { requests: result.requests, errors: result.errors, superseded: result.superseded, unanswered: result.unanswered },
    server: serverStats,
    // CPU was read over the same window as the server's counters (with an open loop's drain).
    resources: cpuResources(cpuBefore, cpuAfter, serverStats.seconds),
    ...(proxyStats ? { proxy: proxyStats } : {}),
    ...extra,
  }, pinning, bracket(probeBefore, probeAfter), accountingShares(accountBefore, accountAfter, serverStats.seconds));
}

// ---- memory per member ----
async function memoryRuns(): Promise<void> {
  const sizes = list('members', 1, 20_000_000);
  const pad = num('member-bytes', 0, 1000);
  const lp = num('listpack-entries', 0, 100_000_000);
  await redis.connect();
  const name = (i: number): string => (pad > 0 ? `p${i}`.padEnd(pad, '_') : member(i));
  const pinning = { 'redis-server': allowedCpus(redisSvc.pid) ?? '?', 'load-generator': allowedCpus(process.pid) ?? LOAD_CPUS };
  for (const n of sizes) {
    const probeBefore = probeCores([LOAD_CPUS, SERVER_CPUS]);
    await redis.flushall();
    await redis.config('SET', 'zset-max-listpack-entries', String(lp));
    const before = await redisInfo('memory');
    const cpu0 = schedTimes(redisSvc.pid)?.cpu ?? 0;
    const seconds = await fillRedis(n, name, seedrandom(`memory-${n}`));
    const cpu1 = schedTimes(redisSvc.pid)?.cpu ?? 0;
    const after = await redisInfo('memory');
    const usage = Number(await redis.call('MEMORY', 'USAGE', KEY, 'SAMPLES', '0'));
    const encoding = String(await redis.call('OBJECT', 'ENCODING', KEY));
    const card = await redis.zcard(KEY);
    const used = Number(after.used_memory) - Number(before.used_memory);
    const probeAfter = probeCores([LOAD_CPUS, SERVER_CPUS]);
    write({
      id: String(opt.id ?? 'memory') + `-m${n}${pad ? `-b${pad}` : ''}${lp !== 128 ? `-lp${lp}` : ''}`,
      settings: { members: n, memberBytes: pad > 0 ? pad : `p<id> (${member(n - 1).length} bytes at most)`, listpackEntries: lp },
      duration_s: round(seconds, 4),
      memory: {
        members: card,
        usedMemoryBefore: Number(before.used_memory),
        usedMemoryAfter: Number(after.used_memory),
        bytesPerMember: round(used / card, 3),
        memoryUsageKey: usage,
        keyBytesPerMember: round(usage / card, 3),
        encoding,
        rssAfter: Number(after.used_memory_rss),
        allocator: after.mem_allocator ?? '?',
      },
      throughput: { redisCommands: round(Math.ceil(n / 1000) / seconds, 1), membersInserted: round(n / seconds, 1) },
      resources: { redis_cpu_seconds: round(cpu1 - cpu0, 4), redis_cpu_us_per_member: round(((cpu1 - cpu0) / n) * 1e6, 4) },
    }, pinning, bracket(probeBefore, probeAfter));
  }
  await redis.flushall();
  await redis.quit();
}

// ---- Redis cost per command, straight from this process ----
async function redisCostRuns(): Promise<void> {
  const sizes = list('players', 1, 20_000_000);
  const depths = list('pipeline-depth', 1, 1024);
  const ops = String(opt.op).split(',');
  for (const o of ops) if (!['PING', 'ZADD', 'ZREVRANK', 'ZREVRANGE', 'ZSCORE'].includes(o)) fail(`--op for redis-cost must be PING, ZADD, ZREVRANK, ZREVRANGE or ZSCORE, got '${o}'`);
  const n = num('ops', 100, 10_000_000);
  await redis.connect();
  const pinning = { 'redis-server': allowedCpus(redisSvc.pid) ?? '?', 'load-generator': allowedCpus(process.pid) ?? LOAD_CPUS };
  for (const size of sizes) {
    await redis.flushall();
    const rng = seedrandom(`cost-${size}`);
    await fillRedis(size, member, rng);
    for (const depth of depths) {
      const probeBefore = probeCores([LOAD_CPUS, SERVER_CPUS]);
      for (const o of ops) {
        const pool = new RedisPool(redisSvc.host, redisSvc.port, 1, depth);
        await pool.connect();
        const command = (): Array<string | number> => {
          const p = Math.floor(rng() * size);
          switch (o) {
            case 'PING': return ['PING'];
            case 'ZADD': return ['ZADD', KEY, compositeScore(Math.floor(rng() * 1e6), Date.now()), member(p)];
            case 'ZREVRANK': return ['ZREVRANK', KEY, member(p)];
            case 'ZSCORE': return ['ZSCORE', KEY, member(p)];
            default: return ['ZREVRANGE', KEY, Math.max(0, p - 5), p + 5, 'WITHSCORES'];
          }
        };
        const count = depth === 1 ? n : n * 5;
        await redis.config('RESETSTAT');
        const cpu0 = schedTimes(redisSvc.pid)?.cpu ?? 0;
        const self0 = schedTimes('self')?.cpu ?? 0;
        const t0 = process.hrtime.bigint();
        const window: Promise<unknown>[] = [];
        for (let i = 0; i < count; i++) {
          window.push(pool.send(...command()));
          if (window.length >= depth * 4) await Promise.all(window.splice(0, depth * 2));
        }
        await Promise.all(window);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu1 = schedTimes(redisSvc.pid)?.cpu ?? 0;
        const self1 = schedTimes('self')?.cpu ?? 0;
        const stats = await redisInfo('commandstats');
        const line = stats[`cmdstat_${o.toLowerCase()}`] ?? '';
        const usecPerCall = Number(/usec_per_call=([\d.]+)/.exec(line)?.[1] ?? NaN);
        const rtt = Number(pool.roundTripNs) / 1e6 / pool.commands;
        await pool.close();
        write({
          id: `${String(opt.id ?? 'redis-cost')}-${o.toLowerCase()}-s${size}-d${depth}`,
          settings: { op: o, players: size, pipelineDepth: depth, redisConnections: 1, ops: count },
          duration_s: round(seconds, 4),
          throughput: { redisCommands: round(count / seconds, 1) },
          cost: {
            ops: count,
            redisCpuUsPerOp: round(((cpu1 - cpu0) / count) * 1e6, 4),
            commandstatsUsecPerCall: Number.isFinite(usecPerCall) ? usecPerCall : -1,
            clientCpuUsPerOp: round(((self1 - self0) / count) * 1e6, 4),
            roundTripMeanMs: round(rtt, 5),
          },
          resources: cpuResources({ redis: cpu0, load: self0 }, { redis: cpu1, load: self1 }, seconds),
        }, pinning, bracket(probeBefore, probeCores([LOAD_CPUS, SERVER_CPUS])));
      }
    }
  }
  await redis.flushall();
  await redis.quit();
}

async function main(): Promise<void> {
  execFileSync('taskset', ['-a', '-cp', LOAD_CPUS, String(process.pid)], { stdio: 'ignore' });
  if (autogroupNice('self') !== undefined) setAutogroupNice('self', -10);
  if (experiment === 'memory') await memoryRuns();
  else if (experiment === 'redis-cost') await redisCostRuns();
  else await throughServer();
}

main().then(
  () => { stopChildren(); process.exit(0); },
  (e: unknown) => { process.stderr.write(`leaderboard-run: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); stopChildren(); process.exit(1); },
);
