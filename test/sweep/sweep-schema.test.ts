import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findModel } from '../../models/index.js';
import { readResult } from '../../src/cli/commands/merge.js';
import { SWEEP_SCHEMA } from '../../src/cli/commands/sweep.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { validate } from '../../src/config/schema.js';
import { mergeShards } from '../../src/sweep/merge.js';
import { sweepJson, type SweepResult } from '../../src/sweep/result.js';
import { runSweep, type SweepOptions } from '../../src/sweep/sweep.js';

const chat = findModel('chat')!;
// Two points × two seeds of very short sessions: well under a second.
const flags = { users: '4,8', iterations: '1', session: '2s', interval: '500ms', profile: ['app=local'] };
const opts: SweepOptions = { replications: 2, confidence: 0.95, workers: 1 };
// Each shard is run once for the whole file; tests clone what they break.
const shards: SweepResult[] = [];
beforeAll(async () => {
  for (const index of [1, 2]) shards.push(await runSweep(chat, flags, { ...opts, shard: { index, count: 2 } }));
});
const shard = async (index: number): Promise<SweepResult> => structuredClone(shards[index - 1]);
const writeShard = (dir: string, name: string, r: SweepResult): string => {
  const file = join(dir, name);
  writeFileSync(file, sweepJson(r));
  return file;
};

describe('sweep result schema', () => {
  it('a sweep, its shards and their merge validate', async () => {
    const [s1, s2] = [await shard(1), await shard(2)];
    for (const r of [await runSweep(chat, flags, opts), s1, s2, mergeShards([{ file: 'a', result: s1 }, { file: 'b', result: s2 }])]) {
      expect(() => validate(SWEEP_SCHEMA, r, 'sweep')).not.toThrow();
    }
  });

  it('rejects a broken result, naming the field', async () => {
    const r = structuredClone(await shard(1));
    (r.points[0].runs[1] as { seed: unknown }).seed = 'seven';
    expect(() => validate(SWEEP_SCHEMA, r, 'sweep')).toThrow(/^sweep: points\[0\]\.runs\[1\]\.seed: must be integer/);
    const noSummary: Record<string, unknown> = { ...(await shard(1)).points[0] };
    delete noSummary.summary;
    expect(() => validate(SWEEP_SCHEMA, { ...r, points: [noSummary] }, 'sweep')).toThrow(/points\[0\]\.summary: required field is missing/);
  });
});

describe('capsim merge reads shards through the schema', () => {
  it('a shard with a broken field is a UsageError naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-merge-schema-'));
    const good = await shard(1);
    expect(readResult(writeShard(dir, 'good.json', good))).toEqual(JSON.parse(sweepJson(good)));
    const broken = structuredClone(good);
    broken.points[0].summary.delivered_per_s.mean = 'lots' as unknown as number;
    const file = writeShard(dir, 'broken.json', broken);
    expect(() => readResult(file)).toThrow(UsageError);
    expect(() => readResult(file)).toThrow(`${file}: points[0].summary.delivered_per_s.mean: must be number`);
  });

  it('on the command line: exit 2, one line naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-merge-schema-'));
    const broken = structuredClone(await shard(2));
    delete (broken as Partial<SweepResult>).seeds;
    const file = writeShard(dir, 'p2.json', broken);
    const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'merge', file], { encoding: 'utf8', timeout: 240_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`capsim: ${file}: seeds: required field is missing`);
  }, 240_000);
});
