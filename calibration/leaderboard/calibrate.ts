import { nonNegativeLeastSquares } from '../least-squares.js';
import { worstAndMedian } from '../targets.js';
import { loadLeaderboardParams, saveLeaderboardParams, type LeaderboardParams, type Param } from '../../models/leaderboard/params.js';
import { fitLogLaw } from '../../models/leaderboard/fit.js';
import { probeReference, serverSlowdown, type LeaderboardRecord } from './records.js';
import { atRunSpeed, recordScenario, throughProxy } from './runs.js';
import { simulateLeaderboard } from '../../models/leaderboard/model.js';
import { bisect } from '../../src/analysis/bisect.js';
import { rebuildInsertTerms } from '../../models/leaderboard/rebuild.js';

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
  redis: { runs: string[]; perIterationUs: number; commandUs: number; zaddMemberUs: number; rankUs: number; lookupLog2Us: number; rangeElementUs: number; loopbackRttUs: number } | null;
  /** Share of Redis's per-iteration cost that is per connection read (the rest is the wake-up), and the server's loop costs, by simulation. */
  loops: { runs: string[]; redisWakeUs: number; redisIoUs: number; redisDispatchUs: number; appWakeUs: number; appColdWakeUs: number; generatorColdWakeUs: number; redisColdWakeUs: number; appReadUs: number; generatorWakeUs: number; generatorReadUs: number; generatorRequestUs: number; requestUs: number; redisCommandUs: number; mysqlStatementUs: number; mysqlRowUs: number; rounds: number } | null;
  app: { runs: string[]; requestUs: number; redisCommandUs: number; mysqlStatementUs: number; mysqlRowUs: number } | null;
  mysql: { runs: string[]; statementUs: number; rowUs: number } | null;
  rebuild: { runs: string[]; rebuildZaddUs: number; rebuildRowUs: number; scanRowUs: number; redisZaddUs?: number; redisMemberUs?: number; redisLog2Us?: number } | null;
  memory: { runs: string[]; fixedBytes: number } | null;
  /** Round trips and the redo-log flush, fitted by bisection to the runs' throughput at the costs above. */
  timing: { loopbackRttUs?: { runs: string[]; value: number }; proxyExtraUs?: { runs: string[]; value: number }; commitFlushUs?: { runs: string[]; value: number }; haltedCoreUs?: { runs: string[]; value: number } } | null;
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
  const depth = (r: LeaderboardRecord): number => r.settings.pipelineDepth ?? 1;
  // The command's own time from the deepest runs: pipelined, Redis runs warm, as under load; one at a
  // time each command also pays for caches gone cold while Redis slept, which the wake-up carries.
  const deepest = Math.max(...usable.map(depth));
  const warm = usable.filter((r) => depth(r) === deepest);
  const rowOf = (r: LeaderboardRecord): number[] => {
    const c = op(r);
    const search = c === 'ZADD' || c === 'ZREVRANK' || c === 'ZREVRANGE' ? Math.log2(Math.max(2, size(r))) : 0;
    return [1, c === 'ZADD' ? 1 : 0, c === 'ZREVRANK' || c === 'ZSCORE' ? 1 : 0, search, c === 'ZREVRANGE' ? RANGE_RETURNED : 0];
  };
  const own = warm.map((r) => r.cost!.commandstatsUsecPerCall);
  const fit = nonNegativeLeastSquares(warm.map(rowOf), own);
  const [commandUs, zaddMemberUs, rankUs, lookupLog2Us, rangeElementUs] = fit.coefficients;
  const ownAt = (r: LeaderboardRecord): number => rowOf(r).reduce((s, x, j) => s + x * fit.coefficients[j], 0);
  warm.forEach((r, i) => residuals.push(residual(r.id, `${op(r)} µs per call at ${size(r)} members`, own[i], ownAt(r))));
  // One command per iteration (depth 1, one connection): Redis's CPU per command is wake-up + read + the command.
  const single = usable.filter((r) => depth(r) === 1);
  const perIterationUs = median((single.length > 0 ? single : usable).map((r) => r.cost!.redisCpuUsPerOp - ownAt(r)));
  const loopbackRttUs = median((single.length > 0 ? single : usable).map((r) => r.cost!.roundTripMeanMs * 1_000 - r.cost!.redisCpuUsPerOp - (r.cost!.clientCpuUsPerOp ?? 0)));
  log(`Redis: command ${commandUs.toFixed(3)} µs, ZADD member ${zaddMemberUs.toFixed(3)}, rank ${rankUs.toFixed(3)}, search ${lookupLog2Us.toFixed(4)} µs × log2 N, range ${rangeElementUs.toFixed(3)} per element (commandstats at depth ${deepest}); wake-up + read ${perIterationUs.toFixed(1)} µs per iteration (depth 1)`);
  return {
    runs: usable.map((r) => r.id),
    perIterationUs: r3(perIterationUs),
    commandUs: r3(commandUs),
    zaddMemberUs: r3(zaddMemberUs),
    rankUs: r3(rankUs),
    lookupLog2Us: +lookupLog2Us.toFixed(4),
    rangeElementUs: r3(rangeElementUs),
    loopbackRttUs: +loopbackRttUs.toFixed(1),
  };
}

/** Elements a ZREVRANGE of the redis-cost runs returns: the ±5 around a rank. */
const RANGE_RETURNED = 11;

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
  if (rebuilds.length >= 2) {
    // Server and Redis CPU (at the reference speed) on each rebuild's ZADDs, rows and Σ log2 n over
    // the inserts: several batch sizes and two set sizes at least pin the three apart.
    const cpuUs = (r: LeaderboardRecord, what: 'server_cpu_seconds' | 'redis_cpu_seconds'): number => ((r.resources![what] ?? 0) / serverSlowdown(r, reference)) * 1e6;
    const zadds = (r: LeaderboardRecord): number => r.rebuild!.zadds ?? Math.ceil(r.rebuild!.rows / (r.settings.zaddBatch ?? 1));
    const server = nonNegativeLeastSquares(rebuilds.map((r) => [zadds(r), r.rebuild!.rows]), rebuilds.map((r) => cpuUs(r, 'server_cpu_seconds'))).coefficients.map(r3);
    const scanPerRow = rebuilds.map((r) => ((r.resources!.mariadb_cpu_seconds ?? 0) / serverSlowdown(r, reference)) * 1e6 / r.rebuild!.rows);
    const sizes = new Set(rebuilds.map((r) => r.rebuild!.rows));
    const insert = sizes.size >= 2 && rebuilds.length >= 3 ? nonNegativeLeastSquares(rebuilds.map((r) => [zadds(r), ...rebuildInsertTerms(r.rebuild!.rows)]), rebuilds.map((r) => cpuUs(r, 'redis_cpu_seconds'))).coefficients.map(r3) : undefined;
    rebuild = { runs: rebuilds.map((r) => r.id), rebuildZaddUs: server[0], rebuildRowUs: server[1], scanRowUs: r3(median(scanPerRow)), ...(insert ? { redisZaddUs: insert[0], redisMemberUs: insert[1], redisLog2Us: insert[2] } : {}) };
    log(`rebuild: server ${rebuild.rebuildZaddUs} µs per ZADD + ${rebuild.rebuildRowUs} per row, MariaDB scan ${rebuild.scanRowUs} µs per row, Redis ${rebuild.redisZaddUs ?? '(one size: not fitted)'} µs per ZADD + ${rebuild.redisMemberUs ?? '–'} per member + ${rebuild.redisLog2Us ?? '–'} × log2 n (${rebuilds.length} runs)`);
  }

  let memory: LeaderboardCalibration['memory'] = null;
  const mem = records.filter((r) => r.experiment === 'memory' && r.memory);
  if (mem.length > 0) {
    memory = { runs: mem.map((r) => r.id), fixedBytes: median(mem.map((r) => r.memory!.usedMemoryBefore)) };
    log(`memory: empty Redis used_memory ${memory.fixedBytes} bytes (${mem.length} runs)`);
  }

  const partial: LeaderboardCalibration = { runs: records.map((r) => r.id), probeReferenceMs: probed ?? null, redis, app, loops: null, mysql, rebuild, memory, timing: null, residuals };
  if (options.timing === false) return { calibration: partial, params: applyCalibration(params, partial) };
  const loops = loaded.length >= 2 && redis ? fitLoops(loaded, applyCalibration(params, partial), reference, log, residuals) : null;
  const withLoops = { ...partial, loops };
  const timing = fitTiming(records, applyCalibration(params, withLoops), log, residuals);
  const calibration = { ...withLoops, timing };
  return { calibration, params: applyCalibration(params, calibration) };
}

/**
 * A simulated run of a record, at the run's own speed: its loop counts per second, each brought to
 * the run's measured request rate (counts per simulated request × requests measured), so costs are
 * regressed on what the real run did, not on a simulated rate still off.
 */
function simulateRecord(r: LeaderboardRecord, params: LeaderboardParams): { appWarm: number; appCold: number; appReads: number; generatorWarm: number; generatorCold: number; generatorReads: number; redisCpu: number; redisWarm: number; redisCold: number; redisReads: number; redisOwnUsPerCommand: number } {
  const p = atRunSpeed(r, params);
  const sim = simulateLeaderboard(recordScenario(r, p, TIMING_OPS), p);
  const s = sim.windowNs / 1e9;
  const simulated = (sim.reads + sim.writes) / s;
  const measured = r.throughput?.requests ?? simulated;
  const k = simulated > 0 && measured > 0 ? measured / simulated / s : 1 / s;
  const it = sim.iterations;
  return {
    appWarm: (it.app - it.appCold) * k,
    appCold: it.appCold * k,
    appReads: it.appReads * k,
    generatorWarm: (it.generator - it.generatorCold) * k,
    generatorCold: it.generatorCold * k,
    generatorReads: it.generatorReads * k,
    redisCpu: sim.busyNs.redis / sim.windowNs,
    redisWarm: (it.redis - it.redisCold) * k,
    redisCold: it.redisCold * k,
    redisReads: it.redisReads * k,
    redisOwnUsPerCommand: it.redisItemUs / Math.max(1, sim.redis.commands) - p.redis.dispatchUs.value,
  };
}

/**
 * The event loops' costs, which only a simulation can count: the server's CPU is its iterations ×
 * wake-up plus its items (requests, commands, statements, rows — counted by the server itself), so
 * it is regressed on the simulated iterations and the measured items, twice (the iterations depend
 * on the costs); Redis's per-iteration cost (measured one command at a time) is split between the
 * wake-up and the per-connection read by bisection on the runs' Redis CPU.
 */
function fitLoops(runs: LeaderboardRecord[], start: LeaderboardParams, reference: number, log: (l: string) => void, residuals: Residual[]): LeaderboardCalibration['loops'] {
  const p = structuredClone(start);
  const t = (r: LeaderboardRecord): NonNullable<LeaderboardRecord['throughput']> => r.throughput!;
  const serverCpu = runs.map((r) => cpuRate(r, 'server_cpu_seconds', reference));
  let rounds = 0;
  const generatorCpu = runs.map((r) => cpuRate(r, 'load_cpu_seconds', reference));
  const fitServer = (): void => {
    const sims = runs.map((r) => simulateRecord(r, p));
    const slow = runs.map((r) => serverSlowdown(r, reference));
    const rows = runs.map((r, i) => [sims[i].appWarm * slow[i], sims[i].appCold * slow[i], sims[i].appReads * slow[i], t(r).requests ?? 0, t(r).redisCommands ?? 0, t(r).mysqlStatements ?? 0, t(r).mysqlRows ?? 0].map((x) => x / serverCpu[i]));
    const [wake, cold, read, request, command, statement, row] = nonNegativeLeastSquares(rows, runs.map(() => 1)).coefficients;
    p.app.wakeUs.value = r3(wake);
    p.app.coldWakeUs.value = r3(cold);
    p.app.readUs.value = r3(read);
    p.app.requestUs.value = r3(request);
    p.app.redisCommandUs.value = r3(command);
    p.app.mysqlStatementUs.value = r3(statement);
    p.app.mysqlRowUs.value = r3(row);
    // The load generator's CPU (core 0) on its simulated iterations and reads and the requests it made.
    const gen = runs.map((r, i) => [sims[i].generatorWarm * slow[i], sims[i].generatorCold * slow[i], sims[i].generatorReads * slow[i], t(r).requests ?? 0].map((x) => x / generatorCpu[i]));
    const [gWake, gCold, gRead, gRequest] = nonNegativeLeastSquares(gen, runs.map(() => 1)).coefficients;
    p.load.generatorWakeUs.value = r3(gWake);
    p.load.generatorColdWakeUs.value = r3(gCold);
    p.load.generatorReadUs.value = r3(gRead);
    p.load.generatorRequestUs.value = r3(gRequest);
    rounds++;
  };
  const redisMeasured = runs.filter((r) => r.resources?.redis_cpu_utilisation !== undefined);
  const redisCpuRate = redisMeasured.map((r) => cpuRate(r, 'redis_cpu_seconds', reference));
  // Redis's CPU on the server's core: its commands' own time (commandstats, fitted above) plus, by
  // regression on the simulated iterations (warm, and begun on an idle core) and socket reads and the
  // commands counted, the wake-ups, reads and each command's dispatch outside commandstats.
  const fitRedis = (): void => {
    const sims = redisMeasured.map((r) => simulateRecord(r, p));
    const slow = redisMeasured.map((r) => serverSlowdown(r, reference));
    const own = redisMeasured.map((r, i) => (sims[i].redisOwnUsPerCommand * (t(r).redisCommands ?? 0)));
    // Relative weighting by the run's measured Redis CPU (the remainder may be small or negative).
    const y = redisMeasured.map((_, i) => redisCpuRate[i] - own[i]);
    const rows = redisMeasured.map((r, i) => [sims[i].redisWarm * slow[i], sims[i].redisCold * slow[i], sims[i].redisReads * slow[i], t(r).redisCommands ?? 0].map((x) => x / redisCpuRate[i]));
    const [wake, cold, read, dispatch] = nonNegativeLeastSquares(rows, y.map((v, i) => v / redisCpuRate[i])).coefficients;
    p.redis.wakeUs.value = r3(wake);
    p.redis.coldWakeUs.value = r3(cold);
    p.redis.ioUs.value = r3(read);
    p.redis.dispatchUs.value = r3(dispatch);
  };
  fitServer();
  if (redisMeasured.length > 0) fitRedis();
  fitServer();
  if (redisMeasured.length > 0) fitRedis();
  fitServer();
  runs.forEach((r, i) => {
    const sim = simulateRecord(r, p);
    const predicted = (sim.appWarm * p.app.wakeUs.value + sim.appCold * p.app.coldWakeUs.value + sim.appReads * p.app.readUs.value) * serverSlowdown(r, reference) + (t(r).requests ?? 0) * p.app.requestUs.value + (t(r).redisCommands ?? 0) * p.app.redisCommandUs.value + (t(r).mysqlStatements ?? 0) * p.app.mysqlStatementUs.value + (t(r).mysqlRows ?? 0) * p.app.mysqlRowUs.value;
    residuals.push(residual(r.id, 'server CPU µs/s', serverCpu[i], predicted));
    if (r.resources?.redis_cpu_utilisation !== undefined) residuals.push(residual(r.id, 'Redis CPU share', r.resources.redis_cpu_utilisation, sim.redisCpu));
    const generator = (sim.generatorWarm * p.load.generatorWakeUs.value + sim.generatorCold * p.load.generatorColdWakeUs.value + sim.generatorReads * p.load.generatorReadUs.value) * serverSlowdown(r, reference) + (t(r).requests ?? 0) * p.load.generatorRequestUs.value;
    residuals.push(residual(r.id, 'load generator CPU µs/s', generatorCpu[i], generator));
  });
  log(`server loop: wake-up ${p.app.wakeUs.value} µs per iteration (${p.app.coldWakeUs.value} from idle), ${p.app.readUs.value} per socket read, ${p.app.requestUs.value} per request, ${p.app.redisCommandUs.value} per Redis command, ${p.app.mysqlStatementUs.value} per statement, ${p.app.mysqlRowUs.value} per row; Redis on the server's core: wake-up ${p.redis.wakeUs.value} µs (${p.redis.coldWakeUs.value} from idle), ${p.redis.ioUs.value} per socket read, ${p.redis.dispatchUs.value} per command beside commandstats; load generator: ${p.load.generatorWakeUs.value} µs per iteration (${p.load.generatorColdWakeUs.value} from idle), ${p.load.generatorReadUs.value} per socket read, ${p.load.generatorRequestUs.value} per request (${runs.length} runs, ${rounds} rounds)`);
  return { runs: runs.map((r) => r.id), redisWakeUs: p.redis.wakeUs.value, redisIoUs: p.redis.ioUs.value, redisDispatchUs: p.redis.dispatchUs.value, appWakeUs: p.app.wakeUs.value, appColdWakeUs: p.app.coldWakeUs.value, generatorColdWakeUs: p.load.generatorColdWakeUs.value, redisColdWakeUs: p.redis.coldWakeUs.value, appReadUs: p.app.readUs.value, generatorWakeUs: p.load.generatorWakeUs.value, generatorReadUs: p.load.generatorReadUs.value, generatorRequestUs: p.load.generatorRequestUs.value, requestUs: p.app.requestUs.value, redisCommandUs: p.app.redisCommandUs.value, mysqlStatementUs: p.app.mysqlStatementUs.value, mysqlRowUs: p.app.mysqlRowUs.value, rounds };
}

/** Requests simulated per run and step of a timing fit: enough for a mean rate. */
const TIMING_OPS = '4000';

/** Mean log ratio of simulated to measured throughput over `runs` (0 = right on average). */
function rateBias(runs: LeaderboardRecord[], params: LeaderboardParams): number {
  const logs = runs.map((r) => {
    const p = atRunSpeed(r, params);
    const sim = simulateLeaderboard(recordScenario(r, p, TIMING_OPS), p);
    const simulated = r.experiment === 'coalescing' ? sim.applied / (sim.windowNs / 1e9) : (sim.reads + sim.writes) / (sim.windowNs / 1e9);
    const measured = r.experiment === 'coalescing' ? (r.throughput?.updatesApplied ?? NaN) : (r.throughput?.requests ?? NaN);
    return Math.log(simulated / measured);
  });
  return logs.reduce((a, b) => a + b, 0) / logs.length;
}

/**
 * The proxy's own overhead (runs through it) and the local redo-log flush (runs that write to MariaDB), each by bisection so the runs'
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
  // The loopback hop between the cores is measured (redis-cost runs: a client on core 0, Redis on
  // core 1), not fitted: a bisection on it absorbed every other miss of the runs without the proxy.
  const proxied = redisOnly.filter(throughProxy);
  if (proxied.length > 0) {
    const value = bisect((x) => ((p.network.proxyExtraUs.value = x), rateBias(proxied, p)), 0, 0, 20_000, 0.01);
    p.network.proxyExtraUs.value = +value.toFixed(1);
    timing.proxyExtraUs = { runs: proxied.map((r) => r.id), value: p.network.proxyExtraUs.value };
    log(`delay proxy overhead ${p.network.proxyExtraUs.value} µs per round trip (bisection on ${proxied.length} runs' throughput)`);
  }
  const writing = loaded.filter((r) => r.experiment === 'bulk-upsert' && r.settings.mysql !== false);
  if (writing.length > 0) {
    // The device's flush is measured (fsync-probe.py, core awake); what is fitted is how long a
    // flush's completion waits for the shared core when everything on it is waiting (halted vCPU).
    const halted = p.mysql.haltedCoreUs;
    const value = bisect((x) => ((halted.value = x), rateBias(writing, p)), 0, 0, 50_000, 0.01);
    halted.value = +value.toFixed(1);
    timing.haltedCoreUs = { runs: writing.map((r) => r.id), value: halted.value };
    log(`halted core's wake for a flush ${halted.value} µs (bisection on ${writing.length} runs' throughput)`);
  }
  for (const r of [...direct, ...proxied, ...writing]) {
    const q = atRunSpeed(r, p);
    const sim = simulateLeaderboard(recordScenario(r, q, TIMING_OPS), q);
    const coal = r.experiment === 'coalescing';
    residuals.push(residual(r.id, coal ? 'updates applied/s' : 'requests/s', coal ? r.throughput!.updatesApplied! : r.throughput!.requests!, coal ? sim.applied / (sim.windowNs / 1e9) : (sim.reads + sim.writes) / (sim.windowNs / 1e9)));
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
    const src = (what: string): string => `non-negative least squares of INFO commandstats usec_per_call over the deepest-pipelined redis-cost runs (PING, ZADD, ZREVRANK, ZREVRANGE, ZSCORE at three set sizes): ${what}`;
    set(doc.redis.commandUs, c.redis.commandUs, 'fitted', src('the part every command pays'), c.redis.runs, 'per call');
    set(doc.redis.zaddMemberUs, c.redis.zaddMemberUs, 'fitted', src('ZADD beyond the search'), c.redis.runs, 'ZADD');
    set(doc.redis.rankUs, c.redis.rankUs, 'fitted', src('the member lookup of ZREVRANK and ZSCORE'), c.redis.runs, 'per call');
    set(doc.redis.lookupLog2Us, c.redis.lookupLog2Us, 'fitted', src('slope against log2 of the set size'), c.redis.runs, 'per call');
    set(doc.redis.rangeElementUs, c.redis.rangeElementUs, 'fitted', src('per element a ZREVRANGE returns'), c.redis.runs, 'ZREVRANGE');
    const per = 'median over depth-1 redis-cost runs of Redis CPU per command (schedstat) less the command’s fitted own time: one iteration with one read, Redis woken from idle by a client on another core';
    if (c.loops) {
      const src = `linear regression of Redis's CPU (schedstat, at the reference speed) less its commands' commandstats time on its simulated iterations (warm, and begun on an idle core) and socket reads and the commands counted, over ${c.loops.runs.length} runs through the server`;
      set(doc.redis.wakeUs, c.loops.redisWakeUs, 'fitted', src, c.loops.runs, 'Redis CPU');
      set(doc.redis.coldWakeUs, c.loops.redisColdWakeUs, 'fitted', src, c.loops.runs, 'Redis CPU');
      set(doc.redis.ioUs, c.loops.redisIoUs, 'fitted', src, c.loops.runs, 'Redis CPU');
      set(doc.redis.dispatchUs, c.loops.redisDispatchUs, 'fitted', src, c.loops.runs, 'Redis CPU');
    } else {
      set(doc.redis.wakeUs, r3(c.redis.perIterationUs / 2), 'fitted', `${per}, split evenly between wake-up and read (no run through the server)`, c.redis.runs, 'Redis CPU');
      set(doc.redis.coldWakeUs, r3(c.redis.perIterationUs / 2), 'fitted', `${per}, split evenly between wake-up and read (no run through the server)`, c.redis.runs, 'Redis CPU');
      set(doc.redis.ioUs, r3(c.redis.perIterationUs / 2), 'fitted', `${per}, split evenly between wake-up and read (no run through the server)`, c.redis.runs, 'Redis CPU');
    }
    set(doc.network.loopbackRttUs, c.redis.loopbackRttUs, 'measured', 'median over depth-1 redis-cost runs of the client-observed round trip less Redis and client CPU per command', c.redis.runs, 'none');
  }
  if (c.loops) {
    const src = `linear regression of the server's CPU (schedstat, at the reference speed) on its simulated loop iterations and socket reads and its own counts of requests, Redis commands, statements and rows per second, ${c.loops.rounds} rounds`;
    set(doc.app.wakeUs, c.loops.appWakeUs, 'fitted', src, c.loops.runs, 'server CPU');
    set(doc.app.coldWakeUs, c.loops.appColdWakeUs, 'fitted', `${src} (iterations begun on an idle core apart)`, c.loops.runs, 'server CPU');
    set(doc.app.readUs, c.loops.appReadUs, 'fitted', src, c.loops.runs, 'server CPU');
    const gen = `linear regression of the load generator's CPU (schedstat of core 0's process, at the reference speed) on its simulated loop iterations and socket reads and the requests it made per second, ${c.loops.rounds} rounds`;
    set(doc.load.generatorWakeUs, c.loops.generatorWakeUs, 'fitted', gen, c.loops.runs, 'load generator CPU');
    set(doc.load.generatorColdWakeUs, c.loops.generatorColdWakeUs, 'fitted', `${gen} (iterations begun on an idle core apart)`, c.loops.runs, 'load generator CPU');
    set(doc.load.generatorReadUs, c.loops.generatorReadUs, 'fitted', gen, c.loops.runs, 'load generator CPU');
    set(doc.load.generatorRequestUs, c.loops.generatorRequestUs, 'fitted', gen, c.loops.runs, 'load generator CPU');
    set(doc.app.requestUs, c.loops.requestUs, 'fitted', src, c.loops.runs, 'server CPU');
    set(doc.app.redisCommandUs, c.loops.redisCommandUs, 'fitted', src, c.loops.runs, 'server CPU');
    set(doc.app.mysqlStatementUs, c.loops.mysqlStatementUs, 'fitted', src, c.loops.runs, 'server CPU');
    set(doc.app.mysqlRowUs, c.loops.mysqlRowUs, 'fitted', src, c.loops.runs, 'server CPU');
  } else if (c.app) {
    const src = 'non-negative least squares of the server process CPU (schedstat, at the reference speed) on requests, Redis commands, SQL statements and rows per second (no loop iterations: a first guess)';
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
    const srv = "non-negative least squares of the server's CPU (schedstat, at the reference speed) on each rebuild's ZADDs and rows";
    set(doc.app.rebuildZaddUs, c.rebuild.rebuildZaddUs, 'fitted', srv, c.rebuild.runs, 'none');
    set(doc.app.rebuildRowUs, c.rebuild.rebuildRowUs, 'fitted', srv, c.rebuild.runs, 'none');
    set(doc.mysql.scanRowUs, c.rebuild.scanRowUs, 'measured', 'median over rebuild runs of MariaDB CPU per row streamed', c.rebuild.runs, 'none');
    if (c.rebuild.redisZaddUs !== undefined && c.rebuild.redisMemberUs !== undefined && c.rebuild.redisLog2Us !== undefined) {
      const src = "non-negative least squares of Redis's CPU (schedstat, at the reference speed) on each rebuild's ZADDs, rows inserted and Σ log2 n over the inserts, over rebuild runs of two sizes or more";
      set(doc.redis.rebuildZaddUs, c.rebuild.redisZaddUs, 'fitted', src, c.rebuild.runs, 'none');
      set(doc.redis.rebuildMemberUs, c.rebuild.redisMemberUs, 'fitted', src, c.rebuild.runs, 'none');
      set(doc.redis.rebuildLog2Us, c.rebuild.redisLog2Us, 'fitted', src, c.rebuild.runs, 'none');
    }
  }
  const tm = c.timing;
  const bis = (what: string): string => `bisection on ${what} so the runs' simulated throughput matches theirs on average (mean log ratio 0), at the fitted CPU costs`;
  if (tm?.loopbackRttUs) set(doc.network.loopbackRttUs, tm.loopbackRttUs.value, 'fitted', bis('the round trip server ⇄ Redis of runs without the proxy'), tm.loopbackRttUs.runs, '/s');
  if (tm?.proxyExtraUs) set(doc.network.proxyExtraUs, tm.proxyExtraUs.value, 'fitted', bis("the proxy's overhead per round trip beyond its measured hold"), tm.proxyExtraUs.runs, '/s');
  if (tm?.commitFlushUs) set(doc.mysql.commitFlushUs.local, tm.commitFlushUs.value, 'fitted', bis('the local redo-log flush (group commit)'), tm.commitFlushUs.runs, '/s');
  if (tm?.haltedCoreUs) set(doc.mysql.haltedCoreUs, tm.haltedCoreUs.value, 'fitted', bis("the wait of a redo-log flush's completion for the halted shared core (the flush itself measured)"), tm.haltedCoreUs.runs, '/s');
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
