import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { calibrateLeaderboard, leaderboardFittedRuns } from '../../calibration/leaderboard/calibrate.js';
import { committedLeaderboardRecords } from '../../calibration/leaderboard/records.js';
import { LEADERBOARD_PARAMS_FILE, loadLeaderboardParams, saveLeaderboardParams, type LeaderboardParams } from '../../models/leaderboard/params.js';
import { fitLogLaw } from '../../models/leaderboard/fit.js';
import { projectPath } from '../../src/config/project-root.js';

// The leaderboard's fit, in this process (test/cli runs `capsim calibrate` in a child, which
// per-test coverage cannot see). `capsim fit leaderboard` has nothing to fit (every published
// result is withheld); its local costs are fitted by `capsim calibrate leaderboard` to the
// committed runs params.json names. The least-squares part (no simulation) runs here in
// milliseconds; the round trips' bisection is covered by leaderboard-calibration.test.ts.

const committed = loadLeaderboardParams();
const dir = mkdtempSync(join(tmpdir(), 'capsim-leaderboard-fit-'));
// params files are named relative to the project root.
const copy = relative(projectPath(), join(dir, 'params.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every parameter of a params document by its dotted name. */
function entries(doc: LeaderboardParams): Map<string, { value: unknown; provenance: { kind: string; fittedTo?: string[] } }> {
  const out = new Map<string, { value: unknown; provenance: { kind: string; fittedTo?: string[] } }>();
  const walk = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null) return;
    if ('value' in v && 'provenance' in v) out.set(path, v as { value: unknown; provenance: { kind: string } });
    else for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(doc, '');
  return out;
}

describe('capsim calibrate leaderboard, least squares only, on the committed runs', () => {
  const ids = leaderboardFittedRuns(committed);
  const records = committedLeaderboardRecords().filter((r) => ids.includes(r.id));

  it('finds every run params.json says it was fitted to', () => {
    expect(ids.length).toBeGreaterThan(10);
    expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('gives back the committed Redis per-command laws, MariaDB, rebuild and memory figures, each fitted to the same runs', () => {
    const { calibration, params } = calibrateLeaderboard(records, () => {}, { timing: false });
    const fitted = entries(params);
    const before = entries(committed);
    // The laws no simulation feeds back into: fitted from the records alone.
    const direct = ['redis.commandUs', 'redis.zaddMemberUs', 'redis.rankUs', 'redis.lookupLog2Us', 'redis.rangeElementUs', 'mysql.statementUs', 'mysql.rowUs', 'app.rebuildZaddUs', 'app.rebuildRowUs', 'mysql.scanRowUs', 'memory.fixedBytes'];
    let compared = 0;
    for (const name of direct) {
      const p = before.get(name)!;
      // Only the entries the committed calibration fitted (a later model change may set one by hand).
      if (!['fitted', 'measured'].includes(p.provenance.kind) || !p.provenance.fittedTo) continue;
      expect(fitted.get(name), name).toEqual(p);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
    expect(calibration.redis).not.toBeNull();
    expect(calibration.probeReferenceMs).toBe(committed.app.probeReferenceMs.value);
    // Redis's cost against the set's size is the log law of fit.ts over the runs' set sizes.
    expect(params.redis.lookupLog2Us.value).toBeGreaterThanOrEqual(0);
  });
});

describe('fit.ts: the log law Redis’s costs are fitted with', () => {
  it('least squares of µs on log2 N: slope and base by hand, never a negative slope', () => {
    // log2 N = 1, 3, 5 with µs 2, 3, 7: x̄ 3, ȳ 4, Sxy = (−2)(−2) + 0 + 2·3 = 10, Sxx = 8: slope 1.25, base 4 − 3.75.
    expect(fitLogLaw([{ setSize: 2, us: 2 }, { setSize: 8, us: 3 }, { setSize: 32, us: 7 }])).toEqual({ baseUs: 0.25, perLog2Us: 1.25 });
    // Costs that fall with the size: a flat law at their mean.
    expect(fitLogLaw([{ setSize: 2, us: 7 }, { setSize: 8, us: 3 }, { setSize: 32, us: 2 }])).toEqual({ baseUs: 4, perLog2Us: 0 });
  });
});

describe('saving the leaderboard’s parameters', () => {
  it('writes the document to the file named, checked against the schema, leaving params.json alone', () => {
    copyFileSync(projectPath(LEADERBOARD_PARAMS_FILE), projectPath(copy));
    const doc = loadLeaderboardParams(copy);
    doc.redis.commandUs.value = 0.4321;
    doc.redis.commandUs.provenance = { kind: 'fitted', source: 'test', fittedTo: ['run-x'] };
    saveLeaderboardParams(doc, copy);
    const after = loadLeaderboardParams(copy);
    expect(after.redis.commandUs).toEqual({ ...committed.redis.commandUs, value: 0.4321, provenance: { kind: 'fitted', source: 'test', fittedTo: ['run-x'] } });
    expect({ ...after, redis: { ...after.redis, commandUs: null } }).toEqual({ ...committed, redis: { ...committed.redis, commandUs: null } });
    expect(readFileSync(projectPath(LEADERBOARD_PARAMS_FILE), 'utf8')).not.toContain('0.4321');
    // A document the schema refuses is not written.
    const bad = structuredClone(doc) as unknown as { redis: { commandUs: { provenance: { kind: string } } } };
    bad.redis.commandUs.provenance.kind = 'guessed';
    expect(() => saveLeaderboardParams(bad as unknown as LeaderboardParams, copy)).toThrow();
    expect(loadLeaderboardParams(copy).redis.commandUs.value).toBe(0.4321);
  });
});
