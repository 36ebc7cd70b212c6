import { nonNegativeLeastSquares } from '../least-squares.js';
import { worstAndMedian } from '../targets.js';
import { levenbergMarquardt, stepsText } from '../levenberg-marquardt.js';
import type { RunRecord } from '../records.js';
import { loadChatParams, saveChatParams, type ChatParams, type Param } from '../../models/chat/params.js';
import { simulateChat, type ChatRun } from '../../models/chat/model.js';
import { probeReference, recordScenario } from './run-speed.js';

/**
 * App costs fitted from server CPU time. The rest stay as given: connection set-up is too rare per
 * run to identify, and the per-iteration wake-up moves in step with reads at light load, so fitting
 * it as well trades it off against the read cost (seen on synthetic runs).
 */
const APP_TERMS = [
  { param: 'readUs', work: 'reads' },
  { param: 'parseUs', work: 'parses' },
  { param: 'writeUs', work: 'writes' },
  { param: 'inboundUs', work: 'inbound' },
  // Bytes cost CPU too (issue 21): separable once the runs span message sizes.
  { param: 'parsePerKBUs', work: 'parsedKB' },
  { param: 'writePerKBUs', work: 'writtenKB' },
] as const;
type AppParam = (typeof APP_TERMS)[number]['param'];
const PER_KB: ReadonlySet<AppParam> = new Set(['parsePerKBUs', 'writePerKBUs']);
/** Where every fit starts, for each fitted app cost: a round figure of the order of a Python call, µs. */
const FIRST_COST_US = 10;
/** Redis's costs for the first simulation, before they are fitted: cheap enough not to limit it, µs. */
const FIRST_REDIS_COST_US = 1;
const FIXED_TERMS = [
  { param: 'wakeUs', work: 'iterations' },
  { param: 'acceptUs', work: 'accepts' },
  { param: 'handshakeUs', work: 'handshakes' },
  { param: 'closeUs', work: 'closes' },
] as const;

export interface RunResidual {
  run: string;
  measured: number;
  predicted: number;
  errorPct: number;
}

export interface ChatCalibration {
  runs: string[];
  rounds: number;
  app: Record<string, number>;
  redis: Record<string, number>;
  appResiduals: RunResidual[];
  redisResiduals: RunResidual[];
  collinear: string[];
  /** The median speed probe of the runs (ms), when they carry probes: the speed the costs hold at. */
  probeReferenceMs?: number;
}

const usOf = (p: ChatParams['app'], name: string): number => (p[name] as Param).value;

function residuals(records: RunRecord[], measured: number[], predicted: number[]): RunResidual[] {
  return records.map((r, i) => ({ run: r.id, measured: +measured[i].toFixed(3), predicted: +predicted[i].toFixed(3), errorPct: +((100 * (predicted[i] - measured[i])) / measured[i]).toFixed(1) }));
}

/**
 * Fits the app's CPU costs per Redis read, message parsed and frame written to the server CPU
 * seconds measured in real runs, and Redis's per-PUBLISH and per-copy costs to Redis CPU seconds.
 * `start` gives the costs that stay fixed. The fitted ones always start from FIRST_COST_US (app)
 * and a Redis fit at those, so the result depends on the records and the fixed costs alone.
 */
export function calibrateChat(
  records: RunRecord[],
  log: (line: string) => void = () => {},
  start: ChatParams = loadChatParams(),
): { calibration: ChatCalibration; params: ChatParams } {
  const usable = records.filter((r) => r.resources?.server_cpu_seconds !== undefined && r.resources?.redis_cpu_seconds !== undefined);
  // Runs at one message size cannot tell a cost per byte from a cost per message: those stay as given.
  const spansSizes = new Set(usable.map((r) => String(r.settings['message-bytes']))).size > 1;
  const terms = APP_TERMS.filter((t) => spansSizes || !PER_KB.has(t.param));
  if (usable.length < terms.length) throw new Error(`calibrate needs at least ${terms.length} runs with measured server and Redis CPU, got ${usable.length}`);
  const params: ChatParams = structuredClone(start);
  const measured = usable.map((r) => r.resources!.server_cpu_seconds!);
  // Costs hold at the median probe of the runs; each run is simulated at its own probe's speed.
  const probed = probeReference(usable);
  if (probed !== undefined) params.app.probeReferenceMs.value = probed;
  const simulate = (): ChatRun[] =>
    usable.map((r) => {
      const run = recordScenario(r, params);
      return simulateChat(run.scenario, run.params);
    });
  // Redis: CPU is linear in PUBLISHes and copies, which do not depend on Redis's own costs.
  const fitRedis = (runs: ChatRun[]): void => {
    const redisFit = nonNegativeLeastSquares(runs.map((s) => [s.redisWork.publishes, s.redisWork.copies]), usable.map((r) => r.resources!.redis_cpu_seconds! * 1e6));
    params.redis.publishBaseUs.value = +redisFit.coefficients[0].toFixed(3);
    params.redis.publishPerSubscriberUs.value = +redisFit.coefficients[1].toFixed(3);
  };
  for (const t of terms) (params.app[t.param] as Param).value = FIRST_COST_US;
  params.redis.publishBaseUs.value = params.redis.publishPerSubscriberUs.value = FIRST_REDIS_COST_US;
  fitRedis(simulate());
  // Per-connection runs parse and write every message once each, so only their sum shows; with
  // per-process runs in the set (one parse, many writes) the two separate. A column is a set of
  // costs fitted as one number and split evenly.
  let runs = simulate();
  const collinear = runs.every((s) => s.appWork.parses === s.appWork.writes) ? ['parseUs/writeUs', 'parsePerKBUs/writePerKBUs'] : [];
  const allColumns: AppParam[][] =
    collinear.length > 0 ? [['readUs'], ['parseUs', 'writeUs'], ['inboundUs'], ['parsePerKBUs', 'writePerKBUs']] : APP_TERMS.map((t) => [t.param]);
  const columns = spansSizes ? allColumns : allColumns.filter((col) => !col.some((p) => PER_KB.has(p)));
  const fitted = columns.flat();
  const cost = (p: AppParam): Param => params.app[p] as Param;
  const setCosts = (x: number[]): void =>
    columns.forEach((col, j) => col.forEach((p) => (cost(p).value = +(x[j] / col.length).toFixed(2))));
  const current = (): number[] => columns.map((col) => col.reduce((a, p) => a + cost(p).value, 0));
  const workOf = (s: ChatRun, col: AppParam[]): number =>
    col.reduce((a, p) => a + s.appWork[APP_TERMS.find((t) => t.param === p)!.work], 0) / col.length;
  const show = (): string => APP_TERMS.map((t) => `${t.param}=${cost(t.param).value}`).join(' ');

  // 1. A linear estimate: regress measured CPU on the work the simulation counted at the costs,
  //    weighted by 1/y so a 10-user run counts as much, relatively, as a 150-user run; twice,
  //    since the work counts depend on the costs (batching).
  const linear = (runs: ChatRun[]): void => {
    const fixedUs = runs.map(
      (s) =>
        FIXED_TERMS.reduce((acc, t) => acc + s.appWork[t.work] * usOf(params.app, t.param), 0) +
        APP_TERMS.filter((t) => !fitted.includes(t.param)).reduce((acc, t) => acc + s.appWork[t.work] * cost(t.param).value, 0),
    );
    const y = measured.map((m, i) => m * 1e6 - fixedUs[i]);
    const rows = runs.map((s, i) => columns.map((col) => workOf(s, col) / y[i]));
    setCosts(nonNegativeLeastSquares(rows, y.map(() => 1)).coefficients.map((c) => Math.max(c, 0.1)));
  };
  linear(runs);
  linear(simulate());
  log(`linear estimate: ${show()}`);

  // 2. The work counts themselves depend on the costs (dearer reads → more batching → fewer
  //    reads), so refine on the simulated CPU directly: Levenberg–Marquardt on relative residuals.
  const fit = levenbergMarquardt((x) => {
    setCosts(x);
    return simulate().map((s, i) => s.appWork.cpuSeconds / measured[i] - 1);
  }, current());
  setCosts(fit.x);
  const rounds = fit.iterations;
  log(`refined in ${stepsText(rounds)}: ${show()}`);

  // 3. Redis once more, at the fitted app costs.
  fitRedis(simulate());
  runs = simulate();
  const calibration: ChatCalibration = {
    runs: usable.map((r) => r.id),
    rounds,
    app: Object.fromEntries(fitted.map((p) => [p, cost(p).value])),
    redis: { publishBaseUs: params.redis.publishBaseUs.value, publishPerSubscriberUs: params.redis.publishPerSubscriberUs.value },
    appResiduals: residuals(usable, usable.map((r) => r.resources!.server_cpu_seconds!), runs.map((s) => s.appWork.cpuSeconds)),
    redisResiduals: residuals(usable, usable.map((r) => r.resources!.redis_cpu_seconds!), runs.map((s) => s.redisWork.cpuSeconds)),
    collinear,
    ...(probed === undefined ? {} : { probeReferenceMs: probed }),
  };
  return { calibration, params };
}

/** Writes the fitted costs into models/chat/params.json with the runs and residuals as provenance. */
export function saveChatCalibration(c: ChatCalibration): void {
  const doc = loadChatParams();
  const worst = (rs: RunResidual[]): string => worstAndMedian(rs.map((r) => r.errorPct));
  const method = (what: string): string =>
    what === 'server'
      ? `linear least squares of measured server CPU seconds on simulated work, refined by Levenberg–Marquardt on the simulated CPU (${stepsText(c.rounds)})`
      : 'non-negative least squares of measured Redis CPU seconds on simulated PUBLISHes and copies';
  const source = (what: string, collinear: boolean): string =>
    `capsim calibrate chat: ${method(what)}, ${c.runs.length} local runs` +
    (collinear ? '; per-connection runs alone cannot separate parse from write: the per-delivery cost is split evenly' : '');
  for (const t of APP_TERMS.filter((x) => x.param in c.app)) {
    const p = doc.app[t.param] as Param;
    p.value = c.app[t.param];
    p.provenance = { kind: 'fitted', source: source('server', c.collinear.length > 0 && t.param !== 'readUs' && t.param !== 'inboundUs'), fittedTo: c.runs, residual: worst(c.appResiduals) };
  }
  for (const k of ['publishBaseUs', 'publishPerSubscriberUs'] as const) {
    doc.redis[k].value = c.redis[k];
    doc.redis[k].provenance = { kind: 'fitted', source: source('Redis', false), fittedTo: c.runs, residual: worst(c.redisResiduals) };
  }
  if (c.probeReferenceMs !== undefined) {
    doc.app.probeReferenceMs.value = c.probeReferenceMs;
    doc.app.probeReferenceMs.provenance = {
      kind: 'derived',
      source: `capsim calibrate chat: the probe (calibration/load/speed-probe.ts, core 0) a run without one would have shown, from settings made again with a probe: repeat's probe × CPU seconds of the original ÷ CPU seconds of the repeat, median over the pairs; the local costs hold on a core this fast, and each recorded run is simulated at its own probe's speed (a run without a probe at this one)`,
      fittedTo: c.runs,
    };
  }
  saveChatParams(doc);
}
