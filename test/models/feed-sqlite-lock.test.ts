import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteFile, type SqliteWriter } from '../../models/feed/sqlite.js';
import { projectPath } from '../../src/config/project-root.js';
import { Simulation } from '../../src/engine/simulation.js';

interface FairnessCase {
  writers: number;
  gapUs: number;
  rows: number;
  seconds: number;
  requests: number;
  lockedOut: number;
  statementMs: { mean: number };
}
const measured = JSON.parse(readFileSync(projectPath('models/feed/sqlite-lock-fairness.json'), 'utf8')) as { batches: Array<{ cases: FairnessCase[] }> };

/** The model's file under the benchmark's loop: `writers` writers, requests of `rows` INSERTs back to back, `gapUs` before each. */
function lockedOutShare(writers: number, lockMs: number, gapUs: number, rows: number, seconds: number): number {
  const sim = new Simulation(1);
  const file = new SqliteFile(sim, { statementNs: Math.round(lockMs * 1e6), busyTimeoutNs: 5e9 });
  let ok = 0;
  let failed = 0;
  for (let w = 0; w < writers; w++) {
    const request = (): void => {
      if (sim.now >= seconds * 1e9) return;
      let left = rows;
      const writer: SqliteWriter = { gone: false, compute: (then) => then(), lockedOut: () => (failed++, request()) };
      const next = (): void => {
        if (left-- === 0) return ok++, request();
        sim.schedule(Math.round(gapUs * 1e3), () => file.insert(writer, next));
      };
      next();
    };
    sim.schedule(w * 1000, request);
  }
  sim.run(600e9);
  return failed / (ok + failed);
}

describe('SQLite busy handler against real SQLite (models/feed/sqlite-lock-fairness.json)', () => {
  // Each batch's one-writer case gives the lock time at that gap: the commit's fsyncs on the disk as it was.
  const pairs = measured.batches.flatMap((b) => b.cases.filter((c) => c.writers > 1).map((c) => ({ c, alone: b.cases.find((x) => x.writers === 1 && x.gapUs === c.gapUs)! })));

  it('starves writers where the lock dwarfs the gap, as real SQLite did (≤ 1 ms of gap against ≥ 18 ms of lock)', () => {
    const starved = pairs.filter(({ c, alone }) => c.gapUs <= 1000 && alone.statementMs.mean >= 18);
    expect(starved.length).toBeGreaterThan(0);
    for (const { c, alone } of starved) {
      const real = c.lockedOut / c.requests;
      expect(real).toBeGreaterThan(0.7);
      // The model may be fairer than the real file (it was, at a 1 ms gap), never by much at a short gap.
      const model = lockedOutShare(c.writers, alone.statementMs.mean, c.gapUs + 30, c.rows, c.seconds);
      expect(model).toBeGreaterThan(0.25);
    }
  });

  it('one writer alone never runs out its busy timeout, in the model as in the real file', () => {
    for (const b of measured.batches) for (const c of b.cases.filter((x) => x.writers === 1)) {
      expect(c.lockedOut).toBe(0);
      expect(lockedOutShare(1, c.statementMs.mean, c.gapUs, c.rows, c.seconds)).toBe(0);
    }
  });
});
