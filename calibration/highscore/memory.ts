import { median } from 'mathjs';
import { nonNegativeLeastSquares } from '../least-squares.js';
import type { RunRecord } from '../records.js';
import { documentBytes } from '../../models/highscore/costs.js';
import type { HighscoreParams } from '../../models/highscore/params.js';
import { simulateRecord } from './runs.js';

const MIB = 1024 * 1024;
/** Documents this large or larger show their decoded objects above the scatter of the connections' memory (≥ 100 KiB of JSON each). */
const MIN_DOCUMENT_ITEMS = 1000;

/** The API's memory as the runs' resident sizes show it (`series.api_rss_mb`, the uvicorn worker's RSS each second). */
export interface MemoryFit {
  workerMiB: number;
  connectionKiB: number;
  /** One-worker in-place runs (nothing decoded in Python) the two above are fitted to; none when they could not be (fewer than two user counts). */
  baseRuns: string[];
  decodedBytesPerItem: number;
  /** One-worker read-modify-write runs of ≥ MIN_DOCUMENT_ITEMS items it is the median over, and its range there. */
  documentRuns: string[];
  decodedRange: [number, number];
}

const round = (x: number, d = 0): number => +x.toFixed(d);
const peakRss = (r: RunRecord): number => Math.max(0, ...(r.series?.api_rss_mb ?? []));

/**
 * Fits the API's memory to one-worker runs' peak RSS (Python keeps its high-water mark):
 * - in place nothing is decoded, so peak RSS = worker + users × connection (least squares over the runs);
 * - read-modify-write adds the documents held in Python at the peak: the simulated run's peak count
 *   (memory.peakDocumentsHeld) of documents decoded into items × decodedBytesPerItem plus twice
 *   their bytes (text in, text out), solved per run, the median taken.
 * A run without the series, or with another worker count, is left out. Values that the runs cannot
 * give keep `params`' value.
 */
export function fitMemory(runs: RunRecord[], params: HighscoreParams): MemoryFit {
  const oneWorker = runs.filter((r) => String(r.settings.workers ?? '1') === '1' && peakRss(r) > 0);
  const inPlace = oneWorker.filter((r) => String(r.settings.update) === 'inplace' || String(r.settings.update) === 'in-place');
  const users = (r: RunRecord): number => Number(r.settings.users);
  let workerMiB = params.memory.workerMiB.value;
  let connectionKiB = params.memory.connectionKiB.value;
  const fitBase = inPlace.length >= 2 && new Set(inPlace.map(users)).size >= 2;
  if (fitBase) {
    const [base, perUser] = nonNegativeLeastSquares(
      inPlace.map((r) => [1, users(r)]),
      inPlace.map(peakRss),
    ).coefficients;
    workerMiB = round(base, 1);
    connectionKiB = round(perUser * 1024, 1);
  }
  const items = (r: RunRecord): number => Number(r.settings['doc-items'] ?? r.settings.items);
  const rmw = oneWorker.filter((r) => String(r.settings.update) === 'rmw' && items(r) >= MIN_DOCUMENT_ITEMS);
  const perItem = rmw.flatMap((r) => {
    const held = simulateRecord(r, params).memory.peakDocumentsHeld;
    const documentsMiB = peakRss(r) - workerMiB - (users(r) * connectionKiB) / 1024;
    if (!(held > 0 && documentsMiB > 0)) return [];
    return [{ id: r.id, bytes: ((documentsMiB * MIB) / held - 2 * documentBytes(params, items(r))) / items(r) }];
  });
  const decoded = perItem.map((p) => p.bytes);
  return {
    workerMiB,
    connectionKiB,
    baseRuns: fitBase ? inPlace.map((r) => r.id) : [],
    decodedBytesPerItem: decoded.length > 0 ? round(median(decoded) as number) : params.memory.decodedBytesPerItem.value,
    documentRuns: perItem.map((p) => p.id),
    decodedRange: decoded.length > 0 ? [round(Math.min(...decoded)), round(Math.max(...decoded))] : [0, 0],
  };
}

/** Writes the memory fit into params with the runs it came from. */
export function saveMemoryFit(doc: HighscoreParams, f: MemoryFit): void {
  const rss = "the uvicorn worker's resident size (the record's series.api_rss_mb, /proc/<pid>/status VmRSS each second; its peak, Python keeping its high-water mark)";
  if (f.baseRuns.length >= 2) {
    const source = `capsim calibrate highscore (calibration/highscore/memory.ts): least squares of the peak of ${rss} on the users, over the ${f.baseRuns.length} one-worker in-place runs (nothing decoded in Python): worker = intercept, connection = slope`;
    doc.memory.workerMiB = { ...doc.memory.workerMiB, value: f.workerMiB, provenance: { kind: 'measured', source, fittedTo: f.baseRuns } };
    doc.memory.connectionKiB = { ...doc.memory.connectionKiB, value: f.connectionKiB, provenance: { kind: 'measured', source, fittedTo: f.baseRuns } };
  }
  if (f.documentRuns.length > 0)
    doc.memory.decodedBytesPerItem = {
      ...doc.memory.decodedBytesPerItem,
      value: f.decodedBytesPerItem,
      provenance: {
        kind: 'fitted',
        source: `capsim calibrate highscore (calibration/highscore/memory.ts): per one-worker read-modify-write run of ${MIN_DOCUMENT_ITEMS} items or more, the peak of ${rss} less the worker and its connections (memory.workerMiB, connectionKiB), over the documents the simulated run held at its peak, less twice each document's bytes, per item; median of ${f.documentRuns.length} runs. The bundled app decodes with json.loads into dicts (calibration/apps/highscore/app.py)`,
        fittedTo: f.documentRuns,
        residual: `per run ${f.decodedRange[0]} to ${f.decodedRange[1]} B`,
      },
    };
}
