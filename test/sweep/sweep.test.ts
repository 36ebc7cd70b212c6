import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, REGISTRY, findModel } from '../../models/index.js';
import { SWEEP_OPTIONS } from '../../src/cli/commands/sweep.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { sweepCsv } from '../../src/sweep/csv.js';
import { mergeShards } from '../../src/sweep/merge.js';
import { sweepJson, type SweepResult } from '../../src/sweep/result.js';
import { recordOf } from '../../src/sweep/run-record.js';
import { runSweep, type SweepOptions } from '../../src/sweep/sweep.js';
import { expectUsageExit } from '../cli/usage-exit.js';

const chat = findModel('chat')!;
// Short sessions and few users: a grid of 6 points × 2 seeds runs in about a second.
const flags = { users: '4,8,12', tasks: '1,2', iterations: '1', session: '2s', interval: '500ms', seed: '7' };
const opts: SweepOptions = { replications: 2, confidence: 0.95, workers: 1 };

describe('capsim sweep', () => {
  it('runs the grid in order, R seeds per point, with a summary per point', async () => {
    const r = await runSweep(chat, flags, opts);
    expect(r.axes).toEqual([
      { flag: 'users', values: ['4', '8', '12'] },
      { flag: 'tasks', values: ['1', '2'] },
    ]);
    expect(r.fixed).toEqual({ interval: '500ms', session: '2s', iterations: '1' });
    expect(r.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.seeds[0]).toBe(7);
    for (const p of r.points) {
      expect(p.runs.map((run) => run.seed)).toEqual(r.seeds);
      expect(p.summary.delivered_per_s.mean).toBeGreaterThan(0);
      expect(p.summary.delivered_per_s.lo).not.toBeNull();
      expect(p.resources.map((x) => x.name)).toContain('Redis egress');
    }
  });

  it('replication 0 of a point is exactly capsim predict with the base seed', async () => {
    const r = await runSweep(chat, flags, opts);
    const p = r.points[3];
    const direct = recordOf(chat, chat.predict({ ...r.fixed, ...p.values, seed: '7' }), 7);
    expect(p.runs[0]).toEqual(direct);
  });

  it('parallel (this thread beside 1 or 3 warm worker threads) is byte-identical to serial, and reports every run once', async () => {
    const serial = sweepJson(await runSweep(chat, flags, opts));
    for (const workers of [2, 4]) {
      const seen: number[] = [];
      const parallel = sweepJson(await runSweep(chat, flags, { ...opts, workers, modelsModule: REGISTRY.module, onProgress: (done) => seen.push(done) }));
      expect(parallel).toBe(serial);
      expect(seen).toEqual(seen.map((_, i) => i + 1));
      expect(seen.length).toBe(JSON.parse(serial).points.length * opts.replications);
    }
  }, 240_000);

  it('shards merged in any order are byte-identical to one run, JSON and CSV', async () => {
    const whole = await runSweep(chat, flags, opts);
    const shards = await Promise.all([1, 2, 3, 4].map((i) => runSweep(chat, flags, { ...opts, shard: { index: i, count: 4 } })));
    expect(shards.map((s) => s.points.length)).toEqual([2, 2, 1, 1]);
    const merged = mergeShards([3, 0, 2, 1].map((i) => ({ file: `part${i + 1}.json`, result: JSON.parse(sweepJson(shards[i])) as SweepResult })));
    expect(sweepJson(merged)).toBe(sweepJson(whole));
    expect(sweepCsv(merged)).toBe(sweepCsv(whole));
  }, 240_000);

  it('merge refuses gaps, overlaps and shards of another sweep', async () => {
    const s1 = await runSweep(chat, flags, { ...opts, shard: { index: 1, count: 2 } });
    const s2 = await runSweep(chat, flags, { ...opts, shard: { index: 2, count: 2 } });
    const other = await runSweep(chat, { ...flags, iterations: '2' }, { ...opts, shard: { index: 2, count: 2 } });
    expect(() => mergeShards([{ file: 'a', result: s1 }])).toThrow(/missing shards: 2\/2/);
    expect(() => mergeShards([{ file: 'a', result: s1 }, { file: 'b', result: s1 }])).toThrow(/more than one input/);
    expect(() => mergeShards([{ file: 'a', result: s1 }, { file: 'c', result: other }])).toThrow(/different sweep/);
    expect(() => mergeShards([{ file: 'a', result: s1 }, { file: 'b', result: s2 }])).not.toThrow();
  });

  it('bad values fail as UsageError before or during the run', async () => {
    await expect(runSweep(chat, { ...flags, users: '10..5' }, opts)).rejects.toThrow(UsageError);
    await expect(runSweep(chat, { ...flags, seed: '1,2' }, opts)).rejects.toThrow(/--replications/);
    await expect(runSweep(chat, { ...flags, tasks: '1,0' }, { ...opts, workers: 2, modelsModule: REGISTRY.module })).rejects.toThrow(UsageError);
  });

  it('the CSV has one row per point with the swept values and the bottleneck', async () => {
    const csv = sweepCsv(await runSweep(chat, flags, opts)).trimEnd().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[0]).toMatch(/^index,users,tasks,replications,bottleneck,offered_per_s,offered_per_s ci95_lo,offered_per_s ci95_hi,/);
    expect(csv[1]).toMatch(/^0,4,1,2,/);
  });
});

const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
const capsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('capsim sweep and merge on the command line', () => {
  it.each(MODELS.map((m) => [m.name, m]))('no flag of %s shadows an option of sweep or predict --chart', (_, model) => {
    for (const option of [...SWEEP_OPTIONS, 'chart']) expect(Object.keys(model.flags)).not.toContain(option);
  });

  const small = ['--users', '4,8', '--tasks', '1,2', '--iterations', '1', '--session', '2s'];

  it('writes JSON and CSV; two shards merged are the same bytes as one run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-sweep-'));
    const run = (...extra: string[]) => {
      const r = capsim('sweep', 'chat', ...small, ...extra);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/\r/); // no progress bar when stderr is not a terminal
    };
    run('--out', join(dir, 'whole.json'), '--jobs', '2');
    run('--out', join(dir, 'p1.json'), '--shard', '1/2', '--jobs', '1');
    run('--out', join(dir, 'p2.json'), '--shard', '2/2');
    const merged = capsim('merge', join(dir, 'p2.json'), join(dir, 'p1.json'), '--out', join(dir, 'merged.json'));
    expect(merged.status, merged.stderr).toBe(0);
    expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'));
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(readFileSync(join(dir, 'whole.csv'), 'utf8'));
  }, 240_000);

  it.each([
    [['sweep', 'chat', '--users', '10..5'], /--users/],
    [['sweep', 'chat', '--users', '4,8', '--shard', '3/2'], /--shard/],
    [['merge', '/nonexistent/part.json'], /cannot read/],
  ])('%j exits 2 with one line', (args, message) => {
    expectUsageExit(capsim(...args), message);
  }, 240_000);

  it('merge refuses a lone shard, naming the missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-merge-'));
    expect(capsim('sweep', 'chat', ...small, '--shard', '1/2', '--out', join(dir, 'p1.json')).status).toBe(0);
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    const r = capsim('merge', join(dir, 'p1.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing shards: 2\/2/);
    expect(capsim('merge', join(dir, 'junk.json')).stderr).toMatch(/not a capsim sweep result/);
  }, 240_000);
});
