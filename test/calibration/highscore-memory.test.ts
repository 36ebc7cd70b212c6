import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitMemory, saveMemoryFit } from '../../calibration/highscore/memory.js';
import type { RunRecord } from '../../calibration/records.js';
import { loadHighscoreParams } from '../../models/highscore/params.js';

const params = loadHighscoreParams();
/** A one-worker in-place record whose worker's RSS peaks at `peakMiB`. */
const inPlace = (users: number, peakMiB: number, workers = '1'): RunRecord =>
  ({ id: `inplace-u${users}-w${workers}`, settings: { update: 'inplace', users: String(users), items: '100', workers }, series: { api_rss_mb: [0, peakMiB - 3, peakMiB, peakMiB - 1] }, machine: {} }) as unknown as RunRecord;

describe("highscore: the API's memory from the runs' resident sizes (fitMemory)", () => {
  it('recovers the worker and the per-connection memory from in-place runs whose peak RSS is worker + users × connection', () => {
    fc.assert(
      fc.property(fc.double({ min: 20, max: 200, noNaN: true }), fc.double({ min: 5, max: 200, noNaN: true }), fc.uniqueArray(fc.integer({ min: 10, max: 2000 }), { minLength: 2, maxLength: 6 }), (worker, kib, users) => {
        const f = fitMemory(users.map((u) => inPlace(u, worker + (u * kib) / 1024)), params);
        expect(f.workerMiB).toBeCloseTo(worker, 0);
        expect(f.connectionKiB).toBeCloseTo(kib, 0);
        expect(f.baseRuns).toHaveLength(users.length);
      }),
      { numRuns: 50 },
    );
  });

  it('leaves out two-worker runs (their record also counts the uvicorn parent) and keeps the committed values when the runs cannot tell', () => {
    const f = fitMemory([inPlace(100, 50), inPlace(900, 90, '2')], params);
    expect(f.baseRuns).toEqual([]);
    expect(f.workerMiB).toBe(params.memory.workerMiB.value);
    expect(f.connectionKiB).toBe(params.memory.connectionKiB.value);
    expect(f.decodedBytesPerItem).toBe(params.memory.decodedBytesPerItem.value);
    expect(f.documentRuns).toEqual([]);
  });

  it('writes what it fitted into params with the runs as provenance, and nothing it did not fit', () => {
    const doc = structuredClone(params);
    saveMemoryFit(doc, fitMemory([inPlace(100, 50), inPlace(900, 80)], params));
    expect(doc.memory.workerMiB.provenance.kind).toBe('measured');
    expect(doc.memory.workerMiB.provenance.fittedTo).toEqual(['inplace-u100-w1', 'inplace-u900-w1']);
    expect(doc.memory.decodedBytesPerItem).toEqual(params.memory.decodedBytesPerItem);
  });
});
