import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { REGISTRY } from '../../models/index.js';
import { projectPath } from '../../src/config/project-root.js';
import { flagArgs, modelName, oddValue, smallValue, someFlags } from './arbitraries.js';
import { judge, tally } from './harness.js';
import { runInProcess } from '../cli/in-process.js';

/**
 * Fuzzed command lines of the commands that simulate (predict, sweep, models, reproduce, fit, load,
 * report), run in-process. Commands that would write into the project or start real servers (fit,
 * reproduce, load and report with good input) are only given input that some part makes bad, so the
 * fuzz judges their refusals; predict and sweep get small runs that may succeed.
 */
let dir: string;
let gitStatus: string;
const out = () => join(dir, 'out');
const status = () => execFileSync('git', ['status', '--porcelain'], { cwd: projectPath(), encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capsim-fuzz-'));
  gitStatus = status();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Flags that keep a run short when the fuzz leaves them out, per model. */
const SMALL: Record<string, string[]> = {
  chat: ['--users', '3', '--iterations', '1', '--session', '1s'],
  feed: ['--vus', '3', '--duration', '2s', '--fanout', '5'],
  highscore: ['--users', '3', '--duration', '3s', '--items', '10'],
  leaderboard: ['--players', '1000', '--ops', '200'],
};
const withSmall = (model: string, args: string[]): string[] => {
  const small = SMALL[model] ?? [];
  const rest: string[] = [];
  for (let i = 0; i < small.length; i += 2) if (!args.some((a) => a === small[i] || a.startsWith(`${small[i]}=`))) rest.push(small[i], small[i + 1]);
  return [...args, ...rest];
};
const known = (flag: string) => REGISTRY.models.some((m) => flag in m.flags);
const OPTS = { seed: 22, endOnFailure: true } as const;
/** Thousands of in-process runs: 2,000 predict lines took 223 s with eight test suites sharing two cores. */
const FUZZ_TIMEOUT_MS = 900_000;
const BAD_MODEL = fc.constantFrom('nosuch', '', 'CHAT', '-1', '../chat', 'chat/');

describe('fuzzed command lines: exit 0 with output, or exit 2 with one line naming the flag or file', () => {
  it('predict: 2,000 command lines', async () => {
    await fc.assert(
      fc.asyncProperty(modelName, someFlags, fc.boolean(), fc.oneof(fc.constant(undefined), fc.constantFrom('c.svg', 'c.txt', '', 'no/such/dir/c.svg')), async (model, flags, json, chart) => {
        const args = withSmall(model, ['predict', model, ...flags, ...(json ? ['--json'] : []), ...(chart === undefined ? [] : ['--chart', chart === '' ? '' : join(out(), chart)])]);
        await judge(args, out(), json && chart === undefined);
      }),
      { ...OPTS, numRuns: 2_000 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('sweep: 800 command lines', async () => {
    const axis = fc.tuple(fc.constantFrom('users', 'vus', 'tasks', 'iterations', 'seed', 'nosuch'), fc.oneof(fc.constantFrom('1,2', '1..3', '1..3:1', '3..1', '1..2:0', '1,,2', '1..100000:1', '2,2'), oddValue));
    await fc.assert(
      fc.asyncProperty(modelName, fc.array(axis, { maxLength: 2 }), someFlags, fc.constantFrom('1', '2', '0', 'x', '-1', '100000'), fc.constantFrom(undefined, 'r.json', '', '.'), async (model, axes, flags, reps, file) => {
        const args = withSmall(model, ['sweep', model, ...axes.flatMap(([f, v]) => [`--${f}`, v]), ...flags, '--replications', reps, '--jobs', '1', ...(file === undefined ? [] : ['--out', file === '' ? '' : join(out(), file)])]);
        await judge(args, out(), file === undefined);
      }),
      { ...OPTS, numRuns: 800 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('models: 400 command lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(modelName, { nil: undefined }), fc.subarray(['--json', '--markdown']), someFlags, async (model, switches, flags) => {
        const args = ['models', ...(model === undefined ? [] : [model]), ...switches, ...flags.filter((f) => !known(f.replace(/^--|=.*$/g, '')))];
        await judge(args, out(), switches.includes('--json') && !switches.includes('--markdown'));
      }),
      { ...OPTS, numRuns: 400 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('reproduce, fit, load and report with some part bad: 1,600 command lines, all refused', async () => {
    const line = fc.oneof(
      fc.tuple(BAD_MODEL, someFlags).map(([m, f]) => ['reproduce', m, ...f]),
      fc.tuple(modelName, oddValue).map(([m, s]) => ['reproduce', m, '--seed', s === '' || /^\d+$/.test(s) ? 'x' : s]),
      fc.tuple(BAD_MODEL, someFlags).map(([m, f]) => ['fit', m, ...f]),
      fc.tuple(BAD_MODEL, someFlags).map(([m, f]) => ['load', m, ...f]),
      fc.tuple(fc.constantFrom('chat', 'feed', 'highscore'), flagArgs).map(([m, f]) => ['load', m, '--id', 'a/b', ...f]),
      fc.tuple(fc.constantFrom('0', '-1', 'x', '', '1001'), someFlags).map(([r, f]) => ['report', '--replications', r, '--out', join(dir, 'reports'), ...f]),
      fc.tuple(BAD_MODEL, smallValue).map(([m, r]) => ['report', '--model', m, '--replications', r, '--out', join(dir, 'reports')]),
    );
    await fc.assert(
      fc.asyncProperty(line, async (args) => {
        const r = await judge(args, out());
        expect(r.code, `capsim ${JSON.stringify(args)}`).toBe(2);
      }),
      { ...OPTS, numRuns: 1_600 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('plan with some part bad: 600 command lines over its own flags as --help lists them, all refused', async () => {
    // plan's own flags (the "Options:" group of its help), so flags added to plan join the fuzz unasked.
    const help = (await runInProcess(['plan', '--help'])).stdout;
    const own = [...help.slice(help.indexOf('\nOptions:')).split('\nExamples:')[0].matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== 'help' && f !== 'version' && f !== 'slo');
    expect(own).toEqual(expect.arrayContaining(['replications', 'boundary', 'jobs', 'shard', 'json', 'chart']));
    const planFlag = fc
      .tuple(fc.constantFrom(...own), fc.oneof({ weight: 3, arbitrary: oddValue }, smallValue, fc.constantFrom('c.svg', 'c.txt', '1/2', '3/2', '250,500')), fc.constantFrom('space', 'equals', 'bare'))
      .map(([flag, value, form]) => (form === 'space' ? [`--${flag}`, value] : form === 'equals' ? [`--${flag}=${value}`] : [`--${flag}`]));
    const planFlags = fc.array(planFlag, { maxLength: 4 }).map((l) => l.flat().map((a) => (/^(c\.(svg|txt))$/.test(a) ? join(out(), a) : a)));
    // Clauses no model accepts: no metric, no threshold, an unknown metric or unit, an empty clause.
    const badSlo = fc.constantFrom('', 'p95', 'p95<', 'nosuch<1s', 'p95<1x', 'p95<1s,,', 'p95 ~ 1s', '<1s', 'p95<-1s', 'p95<NaNms');
    const goodSlo = fc.constantFrom('p95<1s', 'checks>=0.99', 'rps>=1');
    const line = fc.oneof(
      fc.tuple(BAD_MODEL, goodSlo, planFlags, someFlags).map(([m, slo, p, f]) => ['plan', m, '--slo', slo, ...p, ...f]),
      fc.tuple(modelName, badSlo, planFlags, someFlags).map(([m, slo, p, f]) => ['plan', m, '--slo', slo, ...p, ...f]),
      // A good SLO and no load flag typed: plan needs the load it plans for.
      fc.tuple(modelName, goodSlo, planFlags).map(([m, slo, p]) => ['plan', m, '--slo', slo, ...p]),
    );
    await fc.assert(
      fc.asyncProperty(line, async (args) => {
        const r = await judge(args, out());
        expect(r.code, `capsim ${JSON.stringify(args)}`).toBe(2);
      }),
      { ...OPTS, numRuns: 600 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('ran at least 5,400 invocations, and the project is untouched', () => {
    process.stdout.write(`fuzz (run commands): ${tally.invocations} invocations, ${tally.refused} refused, ${tally.succeeded} succeeded\n`);
    expect(tally.invocations).toBeGreaterThanOrEqual(5_400);
    expect(status()).toBe(gitStatus);
  });
});
