import { nonNegativeLeastSquares } from '../least-squares.js';
import { worstAndMedian } from '../targets.js';
import type { RunRecord } from '../records.js';
import type { SpeedProbe } from '../load/speed-probe.js';
import { loadHighscoreParams, saveHighscoreParams, type HighscoreParams, type Param } from '../../models/highscore/params.js';
import { measuredWork, runSlowdown, simulateRecord, type MeasuredWork } from './runs.js';
import { fitHost, saveHostFit, type HostFit } from './host.js';
import { fitMemory, saveMemoryFit, type MemoryFit } from './memory.js';

export interface RunResidual {
  run: string;
  measured: number;
  predicted: number;
  errorPct: number;
}

export interface HighscoreCalibration {
  runs: string[];
  /** Median speed probe of the runs (ms), at which the fitted costs hold; null without probes. */
  probeReferenceMs: number | null;
  api: { fixedUs: number; requestUs: number; dpopUs: number; dbCallUs: number; itemUs: number; wakeUpUs: number };
  store: { opUs: number; usPerKB: number; inPlaceUsPerKB: number; largeDocUs: number };
  host: HostFit;
  /** The API's memory from the runs' resident sizes. */
  memory?: MemoryFit;
  /** Costs the runs could not tell apart, kept at their previous value. */
  notIdentified: string[];
  apiResiduals: RunResidual[];
  storeResiduals: RunResidual[];
}

const round = (x: number, d = 2): number => +x.toFixed(d);

function probeReference(runs: RunRecord[]): number | null {
  const ms = runs.flatMap((r) => Object.values((r.machine.speedProbe as SpeedProbe | undefined) ?? {}).flat()).sort((a, b) => a - b);
  return ms.length === 0 ? null : round(ms[Math.floor(ms.length / 2)], 3);
}

/** Non-negative least squares on relative residuals: each run counts by its error in %, not in µs. */
function relativeFit(rows: number[][], y: number[]): number[] {
  return nonNegativeLeastSquares(
    rows.map((r, i) => r.map((x) => x / y[i])),
    y.map(() => 1),
  ).coefficients;
}

/**
 * Whether a column is (nearly) a fixed multiple of another in every run, so the two cannot be told
 * apart: within 1% (an add finds one item fewer than an edit, so item counts follow the request mix).
 */
const proportional = (a: number[], b: number[]): boolean => a.every((x, i) => Math.abs(x * b[0] - b[i] * a[0]) <= 0.01 * Math.abs(x * b[0]));

/**
 * Fits the API's and the store's CPU costs to the CPU seconds of real runs, counted against what
 * each run did (Locust's request counts per endpoint × what one request of that endpoint does):
 *   API CPU = requests × (fixed part incl. DPoP) + store commands × driver cost + items handled in Python × per-item cost
 *   store CPU = commands × per-command cost + KiB read, parsed or rewritten × per-KiB cost
 * Each run's CPU is first brought to the reference core speed by its speed probe. DPoP's own share
 * of the fixed part stays as params.json holds it (measured apart); the rest is the request's.
 */
export function calibrateHighscore(records: RunRecord[], log: (line: string) => void = () => {}, start: HighscoreParams = loadHighscoreParams()): { calibration: HighscoreCalibration; params: HighscoreParams } {
  const usable = records.filter((r) => r.resources?.server_cpu_seconds !== undefined && r.resources?.db_cpu_seconds !== undefined);
  if (usable.length < 2) throw new Error(`capsim calibrate highscore needs at least 2 runs with measured API and database CPU, got ${usable.length}`);
  const params: HighscoreParams = structuredClone(start);
  const reference = probeReference(usable);
  if (reference !== null) params.api.probeReferenceMs.value = reference;
  const work: MeasuredWork[] = usable.map((r) => measuredWork(r, params));
  const slow = usable.map((r) => runSlowdown(r, params));
  const apiUs = usable.map((r, i) => (r.resources!.server_cpu_seconds! / slow[i].api) * 1e6);
  const storeUs = usable.map((r, i) => (r.resources!.db_cpu_seconds! / slow[i].store) * 1e6);
  const notIdentified: string[] = [];
  const requests = work.map((w) => w.requests);
  const commands = work.map((w) => w.storeCommands);
  const items = work.map((w) => w.itemsInPython);

  // The driver's cost shows only against runs that differ in commands per request apart from the
  // document work: both update modes, and read-modify-write runs of two document sizes at least.
  // (Token requests carry no command, but are too few to separate it.) The per-item cost shows only
  // when items per request differ between runs; with one document size and one mode it cannot be
  // told from the fixed part, and the fixed part (assumed) is kept while the items take the rest.
  const a = params.api;
  const taskRequests = work.map((w) => w.taskRequests);
  const rmwSizes = new Set(usable.filter((_, i) => commands[i] > taskRequests[i]).map((r) => String(r.settings['doc-items'] ?? r.settings.items)));
  const fitDriver = !proportional(taskRequests, commands) && rmwSizes.size >= 2;
  const withItems = items.some((n) => n > 0);
  const fitFixed = !withItems || !proportional(taskRequests, items);
  if (!fitDriver) notIdentified.push('api.dbCallUs');
  if (!fitFixed) notIdentified.push('api.requestUs');
  const startApi = structuredClone(a);
  /** The API's costs by NNLS; with each run's simulated wake-ups (they fold as the load rises) a per-wake-up cost too. */
  const fitApi = (wakeUps: number[] | undefined): void => {
    Object.assign(a, structuredClone(startApi));
    const fixedUs = a.requestUs.value + a.dpopUs.value;
    const y = apiUs.map((v, i) => v - (fitDriver ? 0 : commands[i] * a.dbCallUs.value) - (fitFixed ? 0 : requests[i] * fixedUs));
    const columns = usable.map((_, i) => [...(fitFixed ? [requests[i]] : []), ...(fitDriver ? [commands[i]] : []), ...(withItems ? [items[i]] : []), ...(wakeUps ? [wakeUps[i]] : [])]);
    const x = relativeFit(columns, y);
    if (fitFixed) a.requestUs.value = round(Math.max(0, x.shift()! - a.dpopUs.value));
    if (fitDriver) a.dbCallUs.value = round(x.shift()!);
    if (withItems) a.itemUs.value = round(x.shift()!, 3);
    a.wakeUpUs.value = wakeUps ? round(x.shift()!) : 0;
    log(`API: fixed ${round(a.requestUs.value + a.dpopUs.value)} µs per request (DPoP ${a.dpopUs.value} of it), ${a.dbCallUs.value} µs per store command, ${a.itemUs.value} µs per item in Python, ${a.wakeUpUs.value} µs per wake-up`);
  };
  fitApi(undefined);
  if (!withItems) notIdentified.push('api.itemUs');

  // PostgreSQL's CPU per KiB differs by mode: SELECT prints jsonb as text and UPDATE parses it back
  // (read-modify-write), while an operator detoasts, searches and rewrites the value (in place).
  const kib = work.map((w) => w.storeKiB);
  const inPlaceKib = work.map((w) => w.inPlaceKiB);
  const ds = params.docstore;
  const modes = [kib, inPlaceKib].filter((k) => k.some((v) => v > 0));
  // One document size and mode: KiB are a fixed multiple of commands; the per-command cost (assumed) is kept.
  const fitOp = !modes.every((k) => proportional(commands, k));
  if (!fitOp) notIdentified.push('docstore.opUs');
  // The step past docstore.largeDocKiB shows only beside read-modify-write runs below it.
  const large = work.map((w) => w.largeDocUpdates);
  const fitLarge = large.some((v) => v > 0) && usable.some((_, i) => kib[i] > 0 && large[i] === 0);
  if (!fitLarge) notIdentified.push('docstore.largeDocUs');
  const x2 = relativeFit(
    usable.map((_, i) => [...(fitOp ? [commands[i]] : []), ...modes.map((k) => k[i]), ...(fitLarge ? [large[i]] : [])]),
    storeUs.map((v, i) => v - (fitOp ? 0 : commands[i] * ds.opUs.value) - (fitLarge ? 0 : large[i] * ds.largeDocUs.value)),
  );
  if (fitOp) ds.opUs.value = round(x2.shift()!);
  if (kib.some((v) => v > 0)) ds.usPerKB.value = round(x2.shift()!, 3);
  else notIdentified.push('docstore.usPerKB');
  if (inPlaceKib.some((v) => v > 0)) ds.inPlaceUsPerKB.value = round(x2.shift()!, 3);
  else notIdentified.push('docstore.inPlaceUsPerKB');
  if (fitLarge) ds.largeDocUs.value = round(x2.shift()!);
  log(`store: ${ds.opUs.value} µs per command, ${ds.usPerKB.value} µs per KiB read-modify-write, ${ds.inPlaceUsPerKB.value} µs per KiB in place, ${ds.largeDocUs.value} µs per read-modify-write UPDATE above ${ds.largeDocKiB.value} KiB`);

  const host = fitHost(usable, params, log);
  // Runs without the series a part of the host needs (schedstat waits, Locust's CPU) keep its value.
  if (host.apiRuns.length > 0) params.host.apiWakeWaitUs.value = host.apiWakeWaitUs;
  if (host.storeRuns.length > 0) params.host.storeWakeWaitUs.value = host.storeWakeWaitUs;
  if (host.locustRuns.length > 0) params.host.locustUs.value = host.locustUs;
  params.host.walFlushUs.value = host.walFlushUs;
  // Wake-ups per run as the host makes them (at the host's waits and the first fit's costs); then the costs again.
  fitApi(usable.map((r) => simulateRecord(r, params).host.apiWakeUps));

  const runs = usable.map((r) => simulateRecord(r, params));
  const memory = fitMemory(usable, params);
  log(`memory: ${memory.workerMiB} MiB per worker, ${memory.connectionKiB} KiB per connection (${memory.baseRuns.length} in-place runs), ${memory.decodedBytesPerItem} B per decoded item (median of ${memory.documentRuns.length} runs)`);
  const residuals = (measured: number[], predicted: number[]): RunResidual[] =>
    usable.map((r, i) => ({ run: r.id, measured: round(measured[i], 3), predicted: round(predicted[i], 3), errorPct: round((100 * (predicted[i] - measured[i])) / measured[i], 1) }));
  return {
    calibration: {
      runs: usable.map((r) => r.id),
      probeReferenceMs: reference,
      api: { fixedUs: round(a.requestUs.value + a.dpopUs.value), requestUs: a.requestUs.value, dpopUs: a.dpopUs.value, dbCallUs: a.dbCallUs.value, itemUs: a.itemUs.value, wakeUpUs: a.wakeUpUs.value },
      store: { opUs: params.docstore.opUs.value, usPerKB: params.docstore.usPerKB.value, inPlaceUsPerKB: params.docstore.inPlaceUsPerKB.value, largeDocUs: params.docstore.largeDocUs.value },
      host,
      memory,
      notIdentified,
      apiResiduals: residuals(usable.map((r) => r.resources!.server_cpu_seconds!), runs.map((s) => s.work.apiCpuSeconds)),
      storeResiduals: residuals(usable.map((r) => r.resources!.db_cpu_seconds!), runs.map((s) => s.work.storeCpuSeconds)),
    },
    params,
  };
}

/** Writes the fitted costs into models/highscore/params.json with the runs and residuals as provenance. */
export function saveHighscoreCalibration(c: HighscoreCalibration): void {
  const doc = loadHighscoreParams();
  const worst = (rs: RunResidual[]): string => worstAndMedian(rs.map((r) => r.errorPct));
  const source = (what: string): string =>
    `capsim calibrate highscore: non-negative least squares (relative residuals) of the measured ${what} CPU seconds, brought to the reference core by each run's speed probe, on what each run did by Locust's counts; ${c.runs.length} local runs (FastAPI + asyncpg + PostgreSQL jsonb, calibration/apps/highscore)`;
  const set = (p: Param, value: number, what: string, residuals: RunResidual[]): void => {
    p.value = value;
    p.provenance = { kind: 'fitted', source: source(what), fittedTo: c.runs, residual: worst(residuals) };
  };
  if (!c.notIdentified.includes('api.requestUs')) {
    set(doc.api.requestUs, c.api.requestUs, 'API', c.apiResiduals);
    doc.api.requestUs.provenance.source += `; the fixed part fitted is ${c.api.fixedUs} µs, of which DPoP's ${c.api.dpopUs} µs (api.dpopUs) is taken out`;
  }
  if (!c.notIdentified.includes('api.dbCallUs')) set(doc.api.dbCallUs, c.api.dbCallUs, 'API', c.apiResiduals);
  if (!c.notIdentified.includes('api.itemUs')) set(doc.api.itemUs, c.api.itemUs, 'API', c.apiResiduals);
  set(doc.api.wakeUpUs, c.api.wakeUpUs, 'API', c.apiResiduals);
  doc.api.wakeUpUs.provenance.source += `; the regressor is each run's wake-ups of the worker as simulated at the host's waits (they fold into fewer as the load rises, so the CPU per request falls)`;
  if (!c.notIdentified.includes('docstore.opUs')) set(doc.docstore.opUs, c.store.opUs, 'database', c.storeResiduals);
  if (!c.notIdentified.includes('docstore.usPerKB')) set(doc.docstore.usPerKB, c.store.usPerKB, 'database', c.storeResiduals);
  if (!c.notIdentified.includes('docstore.inPlaceUsPerKB')) set(doc.docstore.inPlaceUsPerKB, c.store.inPlaceUsPerKB, 'database', c.storeResiduals);
  if (!c.notIdentified.includes('docstore.largeDocUs')) {
    set(doc.docstore.largeDocUs, c.store.largeDocUs, 'database', c.storeResiduals);
    doc.docstore.largeDocUs.provenance.source += `; the regressor is each run's read-modify-write UPDATEs of a document above docstore.largeDocKiB (${doc.docstore.largeDocKiB.value} KiB)`;
  }
  saveHostFit(doc, c.host);
  if (c.memory) saveMemoryFit(doc, c.memory);
  if (c.probeReferenceMs !== null) {
    doc.api.probeReferenceMs.value = c.probeReferenceMs;
    doc.api.probeReferenceMs.provenance = {
      kind: 'measured',
      source: `capsim calibrate highscore: median of the speed probes (calibration/load/speed-probe.ts, both cores, before and after) of its ${c.runs.length} runs; the local costs hold on a core this fast, and each recorded run is simulated at its own probe's speed`,
    };
  }
  saveHighscoreParams(doc);
}
