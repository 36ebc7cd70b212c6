import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Coalescer, type Update } from '../../calibration/apps/leaderboard/coalescer.js';
import { compositeScore, scoreOf } from '../../calibration/apps/leaderboard/ranking.js';
import { summarise } from '../../calibration/load/leaderboard-client.js';
import { projectPath } from '../../src/config/project-root.js';
import { validate } from '../../src/config/schema.js';

const SCHEMA = 'calibration/load/leaderboard-run.schema.json';

/** A coalescer whose writer holds every started update until the test finishes it. */
function harness(enabled: boolean) {
  const started: Array<{ u: Update; finish: () => void }> = [];
  const c = new Coalescer(enabled, (u, finish) => started.push({ u, finish }));
  return { c, started };
}

describe('the per-player coalescing queue', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant('submit' as const), player: fc.integer({ min: 0, max: 3 }), score: fc.integer({ min: 0, max: 1000 }) }),
    fc.record({ kind: fc.constant('finish' as const), index: fc.nat() }),
  );

  it('keeps at most one update in progress per player, answers every update once, and lands the newest score last', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const { c, started } = harness(true);
        const answers: boolean[] = [];
        const last = new Map<number, number>();
        const landed = new Map<number, number>();
        const running = new Set<number>();
        const open: Array<{ u: Update; finish: () => void }> = [];
        let seen = 0;
        const sync = (): void => {
          for (; seen < started.length; seen++) {
            expect(running.has(started[seen].u.player)).toBe(false);
            running.add(started[seen].u.player);
            open.push(started[seen]);
          }
        };
        const finishAt = (i: number): void => {
          const [s] = open.splice(i, 1);
          running.delete(s.u.player);
          landed.set(s.u.player, s.u.score);
          s.finish();
          sync();
        };
        for (const s of steps) {
          if (s.kind === 'submit') {
            c.submit(s.player, s.score, 0, (sup) => answers.push(sup));
            last.set(s.player, s.score);
            sync();
          } else if (open.length > 0) finishAt(s.index % open.length);
        }
        while (open.length > 0) finishAt(0);
        expect(answers.length).toBe(c.received);
        expect(c.applied + c.replaced).toBe(c.received);
        expect(answers.filter(Boolean).length).toBe(c.replaced);
        for (const [p, score] of last) expect(landed.get(p)).toBe(score);
        expect(c.inProgress).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('replaces the pending update: three updates of one player while the first is in progress write twice', () => {
    const { c, started } = harness(true);
    for (const score of [1, 2, 3]) c.submit(7, score, 0, () => undefined);
    expect(started.map((s) => s.u.score)).toEqual([1]);
    started[0].finish();
    expect(started.map((s) => s.u.score)).toEqual([1, 3]);
    expect(c.replaced).toBe(1);
  });

  it('without coalescing sends every update to the writer', () => {
    const { c, started } = harness(false);
    for (const score of [1, 2, 3]) c.submit(7, score, 0, () => undefined);
    expect(started.length).toBe(3);
    expect(c.replaced).toBe(0);
  });
});

describe('the sorted-set score', () => {
  it('orders by score, then earlier update first, and gives the score back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 2 }), fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), (a, b, t) => {
        const hi = Math.max(a, b + 1);
        const lo = Math.min(a, b);
        if (hi > lo) expect(compositeScore(hi, t + 3_600_000)).toBeGreaterThan(compositeScore(lo, t));
        expect(scoreOf(compositeScore(a, t))).toBe(a);
        const sameSecond = Math.floor(t / 1000) % 2 ** 22 < 2 ** 22 - 1;
        if (sameSecond) expect(compositeScore(a, t)).toBeGreaterThan(compositeScore(a, t + 1000));
      }),
    );
  });
});

describe('latency summary', () => {
  it('takes percentiles at floor(q·(n−1)) of the sorted samples', () => {
    const s = summarise(Array.from({ length: 101 }, (_, i) => 100 - i));
    expect(s).toMatchObject({ count: 101, p50: 50, p90: 90, p99: 99, max: 100, mean: 50 });
  });
});

describe('leaderboard run records', () => {
  const files = readdirSync(projectPath('calibration', 'runs')).filter((f) => f.startsWith('leaderboard-') && f.endsWith('.json'));

  it('every committed record is valid against its schema and named by its id', () => {
    for (const f of files) {
      const r = validate<{ id: string; machine: { pinning: Record<string, string>; speedProbe: Record<string, number[]> } }>(SCHEMA, JSON.parse(readFileSync(projectPath('calibration', 'runs', f), 'utf8')), f);
      expect(f).toBe(`leaderboard-${r.id}.json`);
      expect(Object.keys(r.machine.speedProbe).length).toBeGreaterThan(0);
      expect(r.machine.pinning['redis-server']).toBeDefined();
    }
  });

  it('the schema rejects a record without its machine', () => {
    expect(() => validate(SCHEMA, { kind: 'capsim-leaderboard-run', id: 'x', experiment: 'pool', createdAt: '', settings: {}, duration_s: 1 }, 'x')).toThrow(/machine/);
  });

  it('bad input exits 2 before anything starts', () => {
    const script = spawnSync(projectPath('calibration', 'leaderboard-runs.sh'), ['nonsense'], { encoding: 'utf8' });
    expect(script.status).toBe(2);
    expect(script.stderr).toMatch(/unknown group 'nonsense'/);
    const run = spawnSync(process.execPath, [projectPath('dist', 'calibration', 'load', 'leaderboard-run.js'), '--experiment', 'nope'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--experiment/);
  });
});
