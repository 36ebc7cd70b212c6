import { nonNegativeLeastSquares } from '../least-squares.js';
import { worstAndMedian } from '../targets.js';
import { loadLeaderboardParams, saveLeaderboardParams, type LeaderboardParams, type Param } from '../../models/leaderboard/params.js';
import { fitLogLaw } from '../../models/leaderboard/fit.js';
import { probeReference, serverSlowdown, type LeaderboardRecord } from './records.js';
import { atRunSpeed, recordScenario, throughProxy } from './runs.js';
import { simulateLeaderboard } from '../../models/leaderboard/model.js';
import { bisect } from '../../src/analysis/bisect.js';

/**
 * What the local runs calibrate, each part from the runs that measure it:
 * - Redis's costs per command (redis-cost runs: INFO commandstats for the command's own time,
 *   Redis CPU per command for the socket I/O around it) and the loopback round trip;
 * - the server's CPU per request, Redis command, SQL statement and row (server CPU of runs through
 *   the server), MariaDB's CPU per statement and row, the rebuild's per-row costs;
 * - the empty Redis's used_memory (memory runs). Memory per member is never fitted: the structural
 *   arithmetic is validated against the memory runs.
 * Every CPU figure is first brought to the reference core speed by the run's speed probe.
 */
export interface Residual {
  run: string;
  metric: string;
  measured: number;
  predicted: number;
  errorPct: number;
}

export interface LeaderboardCalibration {
  runs: string[];
  probeReferenceMs: number | null;
  redis: { runs: string[]; ioUs: number; commandUs: number; zaddMemberUs: number; rankUs: number; lookupLog2Us: number; loopbackRttUs: number } | null;
  app: { runs: string[]; requestUs: number; redisCommandUs: number; mysqlStatementUs: number; mysqlRowUs: number } | null;
  mysql: { runs: string[]; statementUs: number; rowUs: number } | null;
  rebuild: { runs: string[]; rebuildRowUs: number; scanRowUs: number } | null;
  memory: { runs: string[]; fixedBytes: number } | null;
  /** Round trips and the redo-log flush, fitted by bisection to the runs' throughput at the costs above. */
  timing: { loopbackRttUs?: { runs: string[]; value: number }; proxyExtraUs?: { runs: string[]; value: number }; commitFlushUs?: { runs: string[]; value: number } } | null;
  residuals: Residual[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r3 = (x: number): number => +x.toFixed(3);
const residual = (run: string, metric: string, measured: number, predicted: number): Residual => ({ run, metric, measured: r3(measured), predicted: r3(predicted), errorPct: +((100 * (predicted - measured)) / measured).toFixed(1) });

function fitRedis(runs: LeaderboardRecord[], log: (l: string) => void, residuals: Residual[]): LeaderboardCalibration['redis'] {
  const usable = runs.filter((r) => r.cost && r.cost.commandstatsUsecPerCall >= 0 && r.settings.op);
  if (usable.length === 0) return null;
  const op = (r: LeaderboardRecord): string => String(r.settings.op).toUpperCase();
  const size = (r: LeaderboardRecord): number => r.settings.players ?? r.settings.members ?? 1;
  // The command's own time (commandstats) against the set's size: ZADD and ZREVRANK search the skiplist.
  const rows = usable.map((r) => {
    const search = op(r) === 'ZADD' || op(r) === 'ZREVRANK' ? Math.log2(Math.max(2, size(r))) : 0;
    return [1, op(r) === 'ZADD' ? 1 : 0, op(r) === 'ZREVRANK' || op(r) === 'ZSCORE' ? 1 : 0, search];
  });
  const own = usable.map((r) => r.cost!.commandstatsUsecPerCall);
  const fit = nonNegativeLeastSquares(rows, own);
  const [commandUs, zaddMemberUs, rankUs, lookupLog2Us] = fit.coefficients;
  // Everything else Redis's process spent per command: reading the socket, parsing, writing the reply.
  const ioUs = median(usable.map((r) => r.cost!.redisCpuUsPerOp - r.cost!.commandstatsUsecPerCall));
  const loopbackRttUs = median(usable.map((r) => r.cost!.roundTripMeanMs * 1_000 - r.cost!.redisCpuUsPerOp - (r.cost!.clientCpuUsPerOp ?? 0)));
  usable.forEach((r, i) => residuals.push(residual(r.id, `${op(r)} µs per call at ${size(r)} members`, own[i], own[i] - fit.residuals[i])));
  const laws = ['ZADD', 'ZREVRANK'].map((c) => ({ c, law: fitLogLaw(usable.filter((r) => op(r) === c).map((r) => ({ setSize: size(r), us: r.cost!.commandstatsUsecPerCall }))) }));
  for (const { c, law } of laws) if (Number.isFinite(law.baseUs)) log(`  ${c} alone: ${law.baseUs.toFixed(3)} µs + ${law.perLog2Us.toFixed(4)} µs × log2 N`);
  log(`Redis: io ${ioUs.toFixed(2)} µs per read, command ${commandUs.toFixed(3)} µs, ZADD member ${zaddMemberUs.toFixed(3)}, rank ${rankUs.toFixed(3)}, search ${lookupLog2Us.toFixed(4)} µs × log2 N; loopback round trip ${loopbackRttUs.toFixed(1)} µs`);
  return { runs: usable.map((r) => r.id), ioUs: r3(ioUs), commandUs: r3(commandUs), zaddMemberUs: r3(zaddMemberUs), rankUs: r3(rankUs), lookupLog2Us: +lookupLog2Us.toFixed(4), loopbackRttUs: +loopbackRttUs.toFixed(1) };
}

/** CPU µs per second of a process over a run, at the reference core speed. */
const cpuRate = (r: LeaderboardRecord, key: string, reference: number): number => ((r.resources?.[key] ?? NaN) / serverSlowdown(r, reference)) * 1e6 / r.duration_s;

function fitLinear(runs: LeaderboardRecord[], key: string, columns: Array<(r: LeaderboardRecord) => number>, reference: number): { coefficients: number[]; predicted: number[]; measured: number[] } {
  const y = runs.map((r) => cpuRate(r, key, reference));
  // Relative weighting: each run's equation divided by its measured CPU, so small runs count too.
  const rows = runs.map((r, i) => columns.map((c) => c(r) / y[i]));
  const fit = nonNegativeLeastSquares(rows, y.map(() => 1));
  const predicted = runs.map((r) => columns.reduce((s, c, j) => s + c(r) * fit.coefficients[j], 0));
  return { coefficients: fit.coefficients, predicted, measured: y };
}

export interface CalibrateOptions {
  /** Fit the round trips and the redo-log flush by simulation (default); off fits only the linear costs. */
  timing?: boolean;
}

export function calibrateLeaderboard(records: LeaderboardRecord[], log: (line: string) => void = () => {}, options: CalibrateOptions = {}): { calibration: LeaderboardCalibration; params: LeaderboardParams } {
  const params = loadLeaderboardParams();
  const residuals: Residual[] = [];
  const probed = probeReference(records.filter((r) => r.experiment !== 'redis-cost' && r.experiment !== 'memory'));
  const reference = probed ?? params.app.probeReferenceMs.value;
  const loaded = records.filter((r) => r.throughput && r.resources?.server_cpu_seconds !== undefined && ['pool', 'bulk-upsert', 'coalescing'].includes(r.experiment));

  const redis = fitRedis(records.filter((r) => r.experiment === 'redis-cost'), log, residuals);

  let app: LeaderboardCalibration['app'] = null;
  const t = (r: LeaderboardRecord): NonNullable<LeaderboardRecord['throughput']> => r.throughput!;
  if (loaded.length >= 2) {
    const cols = [(r: LeaderboardRecord) => t(r).requests ?? 0, (r: LeaderboardRecord) => t(r).redisCommands ?? 0, (r: LeaderboardRecord) => t(r).mysqlStatements ?? 0, (r: LeaderboardRecord) => t(r).mysqlRows ?? 0];
    const f = fitLinear(loaded, 'server_cpu_seconds', cols, reference);
    const [requestUs, redisCommandUs, mysqlStatementUs, mysqlRowUs] = f.coefficients.map(r3);
    loaded.forEach((r, i) => residuals.push(residual(r.id, 'server CPU µs/s', f.measured[i], f.predicted[i])));
    app = { runs: loaded.map((r) => r.id), requestUs, redisCommandUs, mysqlStatementUs, mysqlRowUs };
    log(`server: ${requestUs} µs per request, ${redisCommandUs} per Redis command, ${mysqlStatementUs} per statement, ${mysqlRowUs} per row (${loaded.length} runs)`);
  }

  let mysql: LeaderboardCalibration['mysql'] = null;
  const withDb = loaded.filter((r) => r.settings.mysql !== false && (t(r).mysqlStatements ?? 0) > 0 && r.resources?.mariadb_cpu_seconds !== undefined);
  if (withDb.length >= 2) {
    const f = fitLinear(withDb, 'mariadb_cpu_seconds', [(r) => t(r).mysqlStatements ?? 0, (r) => t(r).mysqlRows ?? 0], reference);
    const [statementUs, rowUs] = f.coefficients.map(r3);
    withDb.forEach((r, i) => residuals.push(residual(r.id, 'MariaDB CPU µs/s', f.measured[i], f.predicted[i])));
    mysql = { runs: withDb.map((r) => r.id), statementUs, rowUs };
    log(`MariaDB: ${statementUs} µs per statement, ${rowUs} per row (${withDb.length} runs)`);
  }

  let rebuild: LeaderboardCalibration['rebuild'] = null;
  const rebuilds = records.filter((r) => r.experiment === 'rebuild' && r.rebuild && r.rebuild.rows > 0 && r.resources?.server_cpu_seconds !== undefined);
  if (rebuilds.length > 0) {
    const perCommand = app?.redisCommandUs ?? params.app.redisCommandUs.value;
    const serverPerRow = rebuilds.map((r) => ((r.resources!.server_cpu_seconds / serverSlowdown(r, reference)) * 1e6 - (r.rebuild!.zadds ?? 0) * perCommand) / r.rebuild!.rows);
    const scanPerRow = rebuilds.map((r) => ((r.resources!.mariadb_cpu_seconds ?? 0) / serverSlowdown(r, reference)) * 1e6 / r.rebuild!.rows);
    rebuild = { runs: rebuilds.map((r) => r.id), rebuildRowUs: r3(Math.max(0, median(serverPerRow))), scanRowUs: r3(median(scanPerRow)) };
    log(`rebuild: server ${rebuild.rebuildRowUs} µs per row, MariaDB scan ${rebuild.scanRowUs} µs per row (${rebuilds.length} runs)`);
  }

  let memory: LeaderboardCalibration['memory'] = null;
  const mem = records.filter((r) => r.experiment === 'memory' && r.memory);
  if (mem.length > 0) {
    memory = { runs: mem.map((r) => r.id), fixedBytes: median(mem.map((r) => r.memory!.usedMemoryBefore)) };
    log(`memory: empty Redis used_memory ${memory.fixedBytes} bytes (${mem.length} runs)`);
  }

  const partial: LeaderboardCalibration = { runs: records.map((r) => r.id), probeReferenceMs: probed ?? null, redis, app, mysql, rebuild, memory, timing: null, residuals };
  const costed = applyCalibration(params, partial);
  const timing = options.timing === false ? null : fitTiming(records, costed, log, residuals);
  const calibration = { ...partial, timing };
  return { calibration, params: applyCalibration(params, calibration) };
}

/** Requests simulated per run and step of a timing fit: enough for a mean rate. */
const TIMING_OPS = '4000';

/** Mean log ratio of simulated to measured throughput over `runs` (0 = right on average). */
function rateBias(runs: LeaderboardRecord[], params: LeaderboardParams): number {
  const logs = runs.map((r) => {
    const p = atRunSpeed(r, params);
    const sim = simulateLeaderboard(recordScenario(r, p, TIMING_OPS), p);
    const simulated = r.experiment === 'coalescing' ? (sim.writes - sim.replaced) / (sim.windowNs / 1e9) : (sim.reads + sim.writes) / (sim.windowNs / 1e9);
    const measured = r.experiment === 'coalescing' ? (r.throughput?.updatesApplied ?? NaN) : (r.throughput?.requests ?? NaN);
    return Math.log(simulated / measured);
  });
  return logs.reduce((a, b) => a + b, 0) / logs.length;
}

/**
 * The loopback round trip (runs without the proxy), the proxy's own overhead (runs through it)
 * and the local redo-log flush (runs that write to MariaDB), each by bisection so the runs'
 * simulated throughput is right on average, at the CPU costs fitted before. Each throughput falls
 * as its time grows, so the bisection is well posed.
 */
function fitTiming(records: LeaderboardRecord[], params: LeaderboardParams, log: (l: string) => void, residuals: Residual[]): LeaderboardCalibration['timing'] {
  const loaded = records.filter((r) => (r.experiment === 'pool' || r.experiment === 'bulk-upsert' || r.experiment === 'coalescing') && r.throughput);
  if (loaded.length === 0) return null;
  const timing: NonNullable<LeaderboardCalibration['timing']> = {};
  const p = structuredClone(params);
  const redisOnly = loaded.filter((r) => r.settings.mysql === false || r.settings.op === 'rank' || r.settings.op === 'around' || r.settings.op === 'friends');
  const direct = redisOnly.filter((r) => !throughProxy(r));
  if (direct.length > 0) {
    const value = bisect((x) => ((p.network.loopbackRttUs.value = x), rateBias(direct, p)), 0, 1, 5_000, 0.01);
    p.network.loopbackRttUs.value = +value.toFixed(1);
    timing.loopbackRttUs = { runs: direct.map((r) => r.id), value: p.network.loopbackRttUs.value };
    log(`loopback round trip ${p.network.loopbackRttUs.value} µs (bisection on ${direct.length} runs' throughput)`);
  }
  const proxied = redisOnly.filter(throughProxy);
  if (proxied.length > 0) {
    const value = bisect((x) => ((p.network.proxyExtraUs.value = x), rateBias(proxied, p)), 0, 0, 20_000, 0.01);
    p.network.proxyExtraUs.value = +value.toFixed(1);
    timing.proxyExtraUs = { runs: proxied.map((r) => r.id), value: p.network.proxyExtraUs.value };
    log(`delay proxy overhead ${p.network.proxyExtraUs.value} µs per round trip (bisection on ${proxied.length} runs' throughput)`);
  }
  const writing = loaded.filter((r) => r.settings.mysql !== false && (r.settings.op === 'update' || r.settings.op === 'mix'));
  if (writing.length > 0) {
    const flush = p.mysql.commitFlushUs.local;
    const value = bisect((x) => ((flush.value = x), rateBias(writing, p)), 0, 1, 50_000, 0.01);
    flush.value = +value.toFixed(1);
    timing.commitFlushUs = { runs: writing.map((r) => r.id), value: flush.value };
    log(`redo-log flush ${flush.value} µs (bisection on ${writing.length} runs' throughput)`);
  }
  for (const r of [...direct, ...proxied, ...writing]) {
    const q = atRunSpeed(r, p);
    const sim = simulateLeaderboard(recordScenario(r, q, TIMING_OPS), q);
    const coal = r.experiment === 'coalescing';
    residuals.push(residual(r.id, coal ? 'updates applied/s' : 'requests/s', coal ? r.throughput!.updatesApplied! : r.throughput!.requests!, coal ? (sim.writes - sim.replaced) / (sim.windowNs / 1e9) : (sim.reads + sim.writes) / (sim.windowNs / 1e9)));
  }
  return timing;
}

/** The parameters with the calibrated figures written in, each with the runs it was fitted to. */
export function applyCalibration(start: LeaderboardParams, c: LeaderboardCalibration): LeaderboardParams {
  const doc = structuredClone(start);
  const worst = (runs: string[], metric: string): string | undefined => {
    const errs = c.residuals.filter((r) => runs.includes(r.run) && r.metric.includes(metric)).map((r) => r.errorPct);
    return errs.length > 0 ? worstAndMedian(errs) : undefined;
  };
  const set = (p: Param, value: number, kind: 'fitted' | 'measured', source: string, runs: string[], metric: string): void => {
    p.value = value;
    const res = worst(runs, metric);
    p.provenance = { kind, source: `capsim calibrate leaderboard: ${source}`, fittedTo: runs, ...(res ? { residual: res } : {}) };
  };
  if (c.probeReferenceMs !== null) {
    doc.app.probeReferenceMs.value = c.probeReferenceMs;
    doc.app.probeReferenceMs.provenance = { kind: 'measured', source: 'capsim calibrate leaderboard: median speed probe of the server core over the runs fitted', fittedTo: c.runs };
  }
  if (c.redis) {
    const src = (what: string): string => `non-negative least squares of INFO commandstats usec_per_call over redis-cost runs (PING, ZADD, ZREVRANK, ZSCORE at several set sizes): ${what}`;
    set(doc.redis.commandUs, c.redis.commandUs, 'fitted', src('the part every command pays'), c.redis.runs, 'per call');
    set(doc.redis.zaddMemberUs, c.redis.zaddMemberUs, 'fitted', src('ZADD beyond the search'), c.redis.runs, 'ZADD');
    set(doc.redis.rankUs, c.redis.rankUs, 'fitted', src('the member lookup of ZREVRANK and ZSCORE'), c.redis.runs, 'per call');
    set(doc.redis.lookupLog2Us, c.redis.lookupLog2Us, 'fitted', src('slope against log2 of the set size'), c.redis.runs, 'per call');
    set(doc.redis.ioUs, c.redis.ioUs, 'measured', 'median over redis-cost runs of Redis process CPU per command (schedstat) less commandstats usec_per_call: socket read, parse and reply of one unpipelined command', c.redis.runs, 'none');
    set(doc.network.loopbackRttUs, c.redis.loopbackRttUs, 'measured', 'median over redis-cost runs of the client-observed round trip less Redis and client CPU per command', c.redis.runs, 'none');
  }
  if (c.app) {
    const src = 'non-negative least squares of the server process CPU (schedstat, at the reference speed) on requests, Redis commands, SQL statements and rows per second, relative residuals';
    set(doc.app.requestUs, c.app.requestUs, 'fitted', src, c.app.runs, 'server CPU');
    set(doc.app.redisCommandUs, c.app.redisCommandUs, 'fitted', src, c.app.runs, 'server CPU');
    set(doc.app.mysqlStatementUs, c.app.mysqlStatementUs, 'fitted', src, c.app.runs, 'server CPU');
    set(doc.app.mysqlRowUs, c.app.mysqlRowUs, 'fitted', src, c.app.runs, 'server CPU');
  }
  if (c.mysql) {
    const src = 'non-negative least squares of MariaDB CPU (schedstat, at the reference speed) on statements and rows per second';
    set(doc.mysql.statementUs, c.mysql.statementUs, 'fitted', src, c.mysql.runs, 'MariaDB CPU');
    set(doc.mysql.rowUs, c.mysql.rowUs, 'fitted', src, c.mysql.runs, 'MariaDB CPU');
  }
  if (c.rebuild) {
    set(doc.app.rebuildRowUs, c.rebuild.rebuildRowUs, 'measured', 'median over rebuild runs of server CPU per row, less the ZADDs at the fitted cost per command', c.rebuild.runs, 'none');
    set(doc.mysql.scanRowUs, c.rebuild.scanRowUs, 'measured', 'median over rebuild runs of MariaDB CPU per row streamed', c.rebuild.runs, 'none');
  }
  const tm = c.timing;
  const bis = (what: string): string => `bisection on ${what} so the runs' simulated throughput matches theirs on average (mean log ratio 0), at the fitted CPU costs`;
  if (tm?.loopbackRttUs) set(doc.network.loopbackRttUs, tm.loopbackRttUs.value, 'fitted', bis('the round trip server ⇄ Redis of runs without the proxy'), tm.loopbackRttUs.runs, '/s');
  if (tm?.proxyExtraUs) set(doc.network.proxyExtraUs, tm.proxyExtraUs.value, 'fitted', bis("the proxy's overhead per round trip beyond its measured hold"), tm.proxyExtraUs.runs, '/s');
  if (tm?.commitFlushUs) set(doc.mysql.commitFlushUs.local, tm.commitFlushUs.value, 'fitted', bis('the local redo-log flush (group commit)'), tm.commitFlushUs.runs, '/s');
  if (c.memory) set(doc.memory.fixedBytes, c.memory.fixedBytes, 'measured', 'median used_memory of the memory runs before the set was filled', c.memory.runs, 'none');
  return doc;
}

/** Saves the calibrated parameters (the caller has checked the report against its schema first). */
export function saveLeaderboardCalibration(params: LeaderboardParams): void {
  saveLeaderboardParams(params);
}

/** Runs any saved parameter was fitted to or measured from: never validation. */
export function leaderboardFittedRuns(params: LeaderboardParams = loadLeaderboardParams()): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    const p = v as Partial<Param>;
    if (p.provenance) {
      // The speed reference is the median of every run calibrated; it fits nothing by itself.
      if (p.provenance.source.includes('median speed probe')) return;
      for (const id of p.provenance.fittedTo ?? []) ids.add(id);
      return;
    }
    for (const child of Object.values(v)) walk(child);
  };
  walk(params);
  return [...ids].sort();
}
