import { levenbergMarquardt, norm2, stepsText } from '../levenberg-marquardt.js';
import { nonNegativeLeastSquares } from '../least-squares.js';
import { bySetting, type RunRecord } from '../records.js';
import { loadFeedParams, saveFeedParams, num, type FeedParams, type Param } from '../../models/feed/params.js';
import { worstAndMedian } from '../targets.js';
import type { SpeedProbe } from '../load/speed-probe.js';
import { cpuSecondsAtReference, measuredSettingFigures, predictedSettingFigures, settingLabel, type MetricName } from './validate.js';

/**
 * What local runs calibrate: Django's CPU costs on this machine's core (per request, per ORM
 * create() over PyMySQL, per technical 500 page), the CPU lost per runnable thread beyond the
 * core (`switchCost`), and the local MariaDB's speed against its mariadb-slap USL. The cloud
 * figures (Fargate speed, t4g.medium speed, SQLite commit cost) are `capsim fit feed`'s.
 */
export const CALIBRATED = ['requestUs', 'createUs', 'errorPageMeasuredUs', 'switchCost', 'mysqlSpeedLocal'] as const;
type Calibrated = (typeof CALIBRATED)[number];
/** Where Levenberg–Marquardt starts the switch cost: from none to more than any fit has found. */
const SWITCH_COST_STARTS = [0.0005, 0.002, 0.008];

export interface FeedCalibration {
  runs: string[];
  /** Settings among the runs: a run and its repeats are fitted as one mean. */
  settings: number;
  rounds: number;
  values: Record<Calibrated, number>;
  /** The linear first guess: server CPU = requests · a + statements · b + error pages · c. */
  firstGuess: { requestUs: number; createUs: number; errorPageMeasuredUs: number };
  /** The median speed probe of the runs (ms), if they were probed. */
  probeReferenceMs?: number;
  /** Per setting (`run` is its label) and fitted figure; `error` is in % for CPU and rate, in points for the success ratio. */
  residuals: Array<{ run: string; metric: FittedMetric; measured: number; predicted: number; error: number }>;
}

/** What the fit minimises per setting, in the units a person reads: relative errors, and points for a share. */
const FITTED = {
  'server CPU utilisation': { unit: '%', error: (p: number, m: number): number => (100 * (p - m)) / m },
  'http_reqs/s': { unit: '%', error: (p: number, m: number): number => (100 * (p - m)) / m },
  'success ratio': { unit: ' points', error: (p: number, m: number): number => 100 * (p - m) },
} as const satisfies Partial<Record<MetricName, { unit: string; error: (predicted: number, measured: number) => number }>>;
type FittedMetric = keyof typeof FITTED;
const FITTED_METRICS = Object.keys(FITTED) as FittedMetric[];

function slot(p: FeedParams, key: Calibrated): Param {
  return key === 'mysqlSpeedLocal' ? p.mysql.speed.local : (p.app[key] as Param);
}

/**
 * What a run's server did, counted from its record: requests, INSERTs, 500s logged, and error
 * pages in units of the reference page (a run without `error-page-bytes` is simulated with the
 * seed's page size).
 */
export function workDone(r: RunRecord, pageRefBytes: number, defaultPageBytes: number): { requests: number; statements: number; logged: number; pages: number } {
  const m = r.metrics;
  const requests = m.http_reqs.count;
  const succeeded = Math.round((m.checks?.value ?? 0) * requests);
  const pageBytes = Number(r.settings['error-page-bytes'] ?? defaultPageBytes);
  const logged = (m.errors_1040?.count ?? 0) + (m.errors_500_other?.count ?? 0);
  return { requests, statements: succeeded * (1 + Number(r.settings.fanout)), logged, pages: logged * (pageBytes / pageRefBytes) };
}

/**
 * Non-negative least squares on each run's server CPU for a first guess of the three costs (the
 * PyMySQL connect and the log of a 500 are charged at their assumed and measured costs), then
 * Levenberg–Marquardt on all five values against relative residuals of server CPU seconds and
 * request rate and the success ratio's difference, per setting: the mean over its runs, each
 * re-simulated with its exact settings.
 */
export function calibrateFeed(records: RunRecord[], log: (line: string) => void = () => {}, start: FeedParams = loadFeedParams()): { calibration: FeedCalibration; params: FeedParams } {
  const usable = records.filter((r) => r.resources?.server_cpu_seconds !== undefined && r.settings.db === 'mysql' && r.metrics.http_reqs?.count > 0);
  if (usable.length < 3) throw new Error(`calibrate feed needs at least 3 MySQL runs with measured server CPU, got ${usable.length}`);
  const fanouts = new Set(usable.map((r) => r.settings.fanout));
  if (fanouts.size < 2) log('calibrate feed: every run has the same fan-out, so the per-request and per-statement costs are not told apart');
  const params: FeedParams = structuredClone(start);
  const probed = probeReference(usable);
  if (probed !== undefined) params.app.probeReferenceMs.value = probed;
  const reference = num(params.app.probeReferenceMs);
  const pageRef = num(params.app.errorPageMeasuredBytes);
  const connectUs = num(params.app.connectUs);
  const errorLogUs = num(params.app.errorLogUs);

  const work = usable.map((r) => workDone(r, pageRef, num(params.http.errorPageBytes)));
  const linear = nonNegativeLeastSquares(
    work.map((w) => [w.requests, w.statements, w.pages]),
    usable.map((r, i) => cpuSecondsAtReference(r, reference) * 1e6 - connectUs * work[i].requests - errorLogUs * work[i].logged),
  ).coefficients;
  const firstGuess = { requestUs: +linear[0].toFixed(1), createUs: +linear[1].toFixed(2), errorPageMeasuredUs: +linear[2].toFixed(0) };
  log(`first guess (least squares on server CPU): request ${firstGuess.requestUs} µs, create() ${firstGuess.createUs} µs, error page ${firstGuess.errorPageMeasuredUs} µs`);

  const set = (x: number[]): void => CALIBRATED.forEach((k, i) => (slot(params, k).value = +x[i].toPrecision(5)));
  // A setting's runs and repeats are fitted as one: their mean figures, each run at its own speed.
  const settings = bySetting(usable);
  const measured = settings.map((g) => measuredSettingFigures(g.runs));
  const figures = () => settings.map((g) => predictedSettingFigures(g.runs, params));
  // Every fit starts from the same points, so the result depends on the records alone.
  // The simulated figures jump with the inputs (which request gets a connection), so the fit is
  // local: it starts from each switch cost in SWITCH_COST_STARTS and keeps the smallest residual.
  const residual = (x: number[]): number[] => {
    set(x);
    return figures().flatMap((f, i) => FITTED_METRICS.map((k) => FITTED[k].error(f[k], measured[i][k]) / 100));
  };
  const fits = SWITCH_COST_STARTS.map((switchCost) => {
    const first: Record<Calibrated, number> = { requestUs: Math.max(firstGuess.requestUs, 50), createUs: Math.max(firstGuess.createUs, 10), errorPageMeasuredUs: Math.max(firstGuess.errorPageMeasuredUs, 1000), switchCost, mysqlSpeedLocal: 1 };
    const fit = levenbergMarquardt(residual, CALIBRATED.map((k) => first[k]), 10, 0.1);
    log(`  from switch cost ${switchCost}: ${stepsText(fit.iterations)}, squared residual ${norm2(fit.residuals).toFixed(4)}`);
    return fit;
  });
  const fit = fits.reduce((best, f) => (norm2(f.residuals) < norm2(best.residuals) ? f : best));
  set(fit.x);
  const values = Object.fromEntries(CALIBRATED.map((k) => [k, slot(params, k).value])) as Record<Calibrated, number>;
  log(`refined in ${stepsText(fit.iterations)}: ${CALIBRATED.map((k) => `${k}=${values[k]}`).join(' ')}`);

  const final = figures();
  const residuals = settings.flatMap((g, i) =>
    FITTED_METRICS.map((metric) => ({ run: settingLabel(g.setting, g.runs.length), metric, measured: +measured[i][metric].toFixed(4), predicted: +final[i][metric].toFixed(4), error: +FITTED[metric].error(final[i][metric], measured[i][metric]).toFixed(1) })),
  );
  return { calibration: { runs: usable.map((r) => r.id), settings: settings.length, rounds: fit.iterations, values, firstGuess, residuals, probeReferenceMs: probed }, params };
}

/** The median of the runs' speed probes (both cores, before and after): the speed the calibrated costs hold at. */
function probeReference(runs: RunRecord[]): number | undefined {
  const ms = runs.flatMap((r) => Object.values((r.machine.speedProbe as SpeedProbe | undefined) ?? {}).flat()).sort((a, b) => a - b);
  return ms.length === 0 ? undefined : +ms[Math.floor(ms.length / 2)].toFixed(2);
}

const PROVENANCE: Record<Calibrated, string> = {
  requestUs: 'Django request/response around the view on this machine\'s core (gunicorn gthread, HTTP parsing, middleware), besides the assumed PyMySQL connect',
  createUs: 'one Model.objects.create() over PyMySQL to MariaDB on this machine\'s core: ORM, protocol encoding, two socket syscalls',
  errorPageMeasuredUs: 'the technical 500 page of a failed connect, at app.errorPageMeasuredBytes, on this machine\'s core',
  switchCost: 'share of the core lost per runnable gunicorn thread beyond the core (context switches, GIL hand-offs); it is what makes a saturated Django spend more CPU per request',
  mysqlSpeedLocal: 'scales the local MariaDB USL (mariadb-slap) to Django\'s connection-per-request INSERTs with the load generator on the same core',
};

/**
 * Writes the calibrated values into models/feed/params.json with the runs and residuals as
 * provenance; `also` sets more of the document first (the SQLite costs), so all is written at once.
 */
export function saveFeedCalibration(c: FeedCalibration, also: (doc: FeedParams) => void = () => {}): void {
  const doc = loadFeedParams();
  const residual = FITTED_METRICS.map((k) => `${k}: ${worstAndMedian(c.residuals.filter((r) => r.metric === k).map((r) => r.error), FITTED[k].unit)}`).join('; ');
  const first = `first guess by non-negative least squares on server CPU: request ${c.firstGuess.requestUs} µs, create() ${c.firstGuess.createUs} µs, error page ${c.firstGuess.errorPageMeasuredUs} µs`;
  for (const key of CALIBRATED) {
    const p = slot(doc, key);
    p.value = c.values[key];
    p.provenance = {
      kind: 'fitted',
      source: `capsim calibrate feed: ${first}; then Levenberg–Marquardt (${stepsText(c.rounds)}; best of ${SWITCH_COST_STARTS.length} starts of the switch cost) of all five calibrated values on server CPU, http_reqs/s and success ratio (mean of seeds 1–3) of ${c.settings} settings, each the mean of its runs (${c.runs.length} local runs: calibration/feed-runs.sh and feed-repeats.sh) re-simulated with their exact settings and speed probes. ${PROVENANCE[key]}`,
      fittedTo: c.runs,
      residual,
    };
  }
  if (c.probeReferenceMs !== undefined) {
    doc.app.probeReferenceMs.value = c.probeReferenceMs;
    doc.app.probeReferenceMs.provenance = {
      kind: 'derived',
      source: `capsim calibrate feed: median of the speed probes (calibration/load/speed-probe.ts, both cores, before and after) of its ${c.runs.length} runs; the local costs above hold on a core this fast, and each recorded run is simulated at its own probe's speed`,
      fittedTo: c.runs,
    };
  }
  also(doc);
  // One write of the whole document: the MySQL and SQLite costs are saved together or not at all.
  saveFeedParams(doc);
}
