import { loadKtbParams, saveKtbParams, type KtbParams } from '../../models/ktb-chat/params.js';
import { chanceOfMembers } from '../../models/ktb-chat/rooms.js';
import { exactNnls } from '../../src/analysis/nnls.js';
import type { RunRecord } from '../records.js';
import { worstAndMedian } from '../targets.js';
import { fitLoopResidual, type WaitFit } from './fit-wait.js';

/**
 * The app costs the runs can tell apart, each fitted against one per-second count of the generator,
 * and the CPU each process uses per idle second beyond them (`baseVcpu`, against the processes'
 * idle share): in every run the apps' CPU per second rises far less than their messages do (one
 * app, 2 s interval: 0.11 of a core at 77 messages/s, 0.14 at 291), so a fit without it charges all
 * of that floor to the messages and over-predicts the 1 s runs by 60–110 %. It is paid while a loop
 * is idle (waking for timers and polls): an app held at a 10% quota served 370 messages/s in 0.100
 * of a core, less than the messages alone cost with the floor on top.
 */
const TERMS = ['baseVcpu', 'connectUs', 'emitUs', 'writeUs', 'receiveUs'] as const;
/** Decimals kept: µs costs to 0.01 µs, the base to 0.0001 of a core. */
const DECIMALS: Record<(typeof TERMS)[number], number> = { baseVcpu: 4, connectUs: 2, emitUs: 2, writeUs: 2, receiveUs: 2 };
type Term = (typeof TERMS)[number];

export interface KtbCalibration {
  runs: string[];
  /** Seconds of the runs used as rows (the first and last second of each are left out: start-up, close). */
  rows: number;
  app: Record<Term, number>;
  /** Whole-run server CPU seconds, measured against what the fitted costs give, per run. */
  residuals: Array<{ run: string; measured: number; fitted: number; errorPct: number }>;
  /** The event loop's M/G/1 residual, fitted to the same runs' delivery p95 once the costs are set. */
  wait?: WaitFit;
}

interface Row {
  x: number[];
  y: number;
}

/**
 * One row per second of a run: the server CPU the apps used that second (all on one core), less the
 * costs kept as stated (heartbeats, the classic adapter's skipped rooms and its own echo, history
 * loads), against the processes' idle share (C × (1 − the core's busy share)) and the second's counts: joins, messages sent, copies
 * received, and adapter messages reaching another process that holds members of the room
 * (sent × (C − 1) × chance of members).
 */
function rowsOf(r: RunRecord, p: KtbParams): Row[] {
  const s = r.series ?? {};
  const C = Number(r.settings.containers);
  const S = Number(r.settings['room-size']);
  const chance = chanceOfMembers(S, C);
  const classic = r.settings.adapter === 'classic';
  const historyShare = Number(r.settings['history-share']);
  const n = p.node;
  const rows: Row[] = [];
  for (let i = 1; i < (s.server_cpu?.length ?? 0) - 1; i++) {
    const joins = Math.max(0, s.connected[i] - s.connected[i - 1]);
    const sent = s.sent[i];
    const known =
      1e-6 *
      ((s.connected[i] / p.socketio.pingIntervalS.value) * n.heartbeatUs.value +
        sent * n.skipUs.value * (1 + (classic ? (C - 1) * (1 - chance) : 0)) +
        joins * historyShare * n.historyUs.value);
    // The base is paid while a loop is idle: C loops sharing one core, each busy the core's share.
    const idle = C * Math.max(0, 1 - s.server_cpu[i]);
    rows.push({ x: [idle, ...[joins, sent, s.received[i], sent * (C - 1) * chance].map((v) => v * 1e-6)], y: s.server_cpu[i] - known });
  }
  return rows;
}

export function calibrateKtb(records: RunRecord[], log: (line: string) => void = () => {}): { calibration: KtbCalibration; params: KtbParams } {
  const params = structuredClone(loadKtbParams());
  const perRun = records.map((r) => rowsOf(r, params));
  const rows = perRun.flat();
  if (rows.length < TERMS.length) throw new Error(`calibrate ktb-chat: ${rows.length} run seconds are too few for ${TERMS.length} costs`);
  // The exact solver: the greedy one (calibration/least-squares.ts) dropped writeUs for good once
  // it came out negative beside connectUs, leaving the room-20 run's copies at 0 µs.
  const fit = exactNnls(
    rows.map((r) => r.x),
    rows.map((r) => r.y),
  );
  const app = Object.fromEntries(TERMS.map((t, j) => [t, +fit.coefficients[j].toFixed(DECIMALS[t])])) as Record<Term, number>;
  const residuals = records.map((r, k) => {
    const measured = perRun[k].reduce((a, row) => a + row.y, 0);
    const fitted = perRun[k].reduce((a, row) => a + row.x.reduce((b, x, j) => b + x * app[TERMS[j]], 0), 0);
    return { run: r.id, measured: +measured.toFixed(3), fitted: +fitted.toFixed(3), errorPct: +((100 * (fitted - measured)) / measured).toFixed(1) };
  });
  for (const res of residuals) log(`${res.run}: server CPU ${res.measured} s measured (stated costs removed), ${res.fitted} s from the fitted costs (${res.errorPct}%)`);
  const calibration: KtbCalibration = { runs: records.map((r) => r.id), rows: rows.length, app, residuals };
  applyKtbCalibration(params, calibration);
  calibration.wait = fitLoopResidual(records, params);
  for (const w of calibration.wait.p95) log(`${w.run}: delivery p95 ${w.measured} ms measured, ${w.fitted} ms with R = ${calibration.wait.loopResidualMs} ms (${w.errorPct}%)`);
  applyWaitFit(params, calibration);
  return { calibration, params };
}

/** Writes the fitted costs into the parameters with their provenance (inbound and publish keep their stated 4 : 1 split). */
export function applyKtbCalibration(doc: KtbParams, c: KtbCalibration): void {
  const source = (what: string): string =>
    `capsim calibrate ktb-chat: non-negative least squares (exact: ml-fcnnls) of the apps' CPU per second (/proc, one core) on the generator's per-second ${what}, over ${c.rows} seconds of ${c.runs.length} local runs (calibration/runs); heartbeats, skipped rooms and history loads kept as stated`;
  const fitted = (value: number, what: string) => ({ kind: 'fitted' as const, source: source(what), fittedTo: c.runs, residual: worstAndMedian(c.residuals.map((r) => r.errorPct)) });
  const n = doc.node;
  n.baseVcpu.value = c.app.baseVcpu;
  n.baseVcpu.provenance = fitted(c.app.baseVcpu, "processes' idle share, C × (1 − CPU) (the CPU an app uses per idle second beyond its counts)");
  n.connectUs.value = c.app.connectUs;
  n.connectUs.provenance = fitted(c.app.connectUs, 'joins (Δ connected)');
  const inbound = n.inboundUs.value / (n.inboundUs.value + n.publishUs.value);
  n.inboundUs.value = +(c.app.emitUs * inbound).toFixed(2);
  n.inboundUs.provenance = fitted(c.app.emitUs, `messages sent (with publishUs: ${c.app.emitUs} µs per message, split ${(100 * inbound).toFixed(0)} : ${(100 - 100 * inbound).toFixed(0)} as stated)`);
  n.publishUs.value = +(c.app.emitUs * (1 - inbound)).toFixed(2);
  n.publishUs.provenance = fitted(c.app.emitUs, `messages sent (with inboundUs: ${c.app.emitUs} µs per message, split as stated)`);
  n.writeUs.value = c.app.writeUs;
  n.writeUs.provenance = fitted(c.app.writeUs, 'copies received by clients');
  n.receiveUs.value = c.app.receiveUs;
  n.receiveUs.provenance = fitted(c.app.receiveUs, 'adapter messages reaching another process with members of the room');
}

/** Writes the fitted event-loop residual into the parameters with its provenance. */
export function applyWaitFit(doc: KtbParams, c: KtbCalibration): void {
  if (!c.wait) return;
  doc.node.loopResidualMs.value = c.wait.loopResidualMs;
  doc.node.loopResidualMs.provenance = {
    kind: 'fitted',
    source: `capsim calibrate ktb-chat: golden-section search of the M/G/1 residual minimising the squared log error of the delivery p95 over ${c.runs.length} local runs (calibration/runs), after the CPU costs`,
    fittedTo: c.runs,
    residual: worstAndMedian(c.wait.p95.map((w) => w.errorPct)),
  };
}

export function saveKtbCalibration(params: KtbParams): void {
  saveKtbParams(params);
}
