import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { projectPath } from '../../src/config/project-root.js';
import { INTERNAL } from '../cli/usage-line.js';
import { fileText, flagArgs, modelName, oddValue, someFlags } from './arbitraries.js';
import { inputFile, judge, tally } from './harness.js';

/**
 * Fuzzed files and command lines of the commands that read files (import, chart, merge, calibrate,
 * validate) and of capsim itself, in-process; then a handful of real processes.
 */
let dir: string;
let gitStatus: string;
const out = () => join(dir, 'out');
const inputs = () => join(dir, 'in');
const status = () => execFileSync('git', ['status', '--porcelain'], { cwd: projectPath(), encoding: 'utf8' });
const OPTS = { seed: 22, endOnFailure: true } as const;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capsim-fuzz-files-'));
  gitStatus = status();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real k6 summary with one field replaced by a fuzzed value. */
const k6Summary = readFileSync(projectPath('test/fixtures/k6/chat-case-a.summary.json'), 'utf8');
const mutatedSummary = fc.tuple(fc.constantFrom('state', 'metrics', 'root_group', 'testRunDurationMs'), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => {
  const doc = JSON.parse(k6Summary) as Record<string, unknown> & { state: Record<string, unknown> };
  if (key === 'testRunDurationMs') doc.state.testRunDurationMs = value;
  else (doc as Record<string, unknown>)[key] = value;
  return JSON.stringify(doc);
});
const setPair = fc.tuple(fc.constantFrom('users', 'interval', 'tasks', 'session', 'nosuch', 'vus', ''), oddValue).map(([k, v]) => ['--set', `${k}=${v}`]);

describe('fuzzed files: exit 0 with output, or exit 2 with one line naming the flag or file', () => {
  it('import: 1,500 command lines and files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('k6', 'locust', 'K6', 'csv', ''), fc.oneof(fileText, mutatedSummary), fc.option(fileText, { nil: undefined }), modelName, fc.array(setPair, { maxLength: 3 }), someFlags, async (format, text, history, model, sets, flags) => {
        const file = inputFile(inputs(), 'run.summary.json', text);
        const prefix = join(inputs(), 'run');
        inputFile(inputs(), 'run_stats.csv', text);
        if (history !== undefined) inputFile(inputs(), 'run_stats_history.csv', history);
        const args = ['import', format, format === 'locust' ? prefix : file, '--model', model, ...sets.flat(), ...flags.filter((f) => !f.startsWith('--out')), '--out', out()];
        await judge(args, out());
        rmSync(inputs(), { recursive: true, force: true });
      }),
      { ...OPTS, numRuns: 1_500 },
    );
  });

  it('chart: 1,200 command lines and files', async () => {
    await fc.assert(
      fc.asyncProperty(fileText, fc.constantFrom('c.svg', 'c.png', 'c.html', 'c.txt', 'c', '', 'no/dir/c.svg'), fc.array(fc.constantFrom('capacity', 'delivery', 'utilisation', 'x', ''), { maxLength: 2 }), async (text, name, kinds) => {
        const input = inputFile(inputs(), 'doc.json', text);
        await judge(['chart', input, '--out', name === '' ? '' : join(out(), name), ...kinds.flatMap((k) => ['--kind', k])], out());
      }),
      { ...OPTS, numRuns: 1_200 },
    );
  });

  it('merge: 800 command lines and files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fileText, { minLength: 1, maxLength: 3 }), fc.constantFrom(undefined, 'm.json', ''), async (texts, name) => {
        const files = texts.map((t, i) => inputFile(inputs(), `part${i}.json`, t));
        await judge(['merge', ...files, ...(name === undefined ? [] : ['--out', name === '' ? '' : join(out(), name)])], out(), name === undefined);
      }),
      { ...OPTS, numRuns: 800 },
    );
  });

  it('calibrate and validate --runs: 1,200 command lines and files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('calibrate', 'validate'), modelName, fc.array(fileText, { minLength: 1, maxLength: 2 }), fc.boolean(), async (command, model, texts, json) => {
        const files = texts.map((t, i) => inputFile(inputs(), `record${i}.json`, t));
        await judge([command, model, '--runs', ...files, ...(json && command === 'validate' ? ['--json'] : [])], out());
      }),
      { ...OPTS, numRuns: 1_200 },
    );
  });

  it('capsim itself: 500 command lines (no command, unknown commands, help, stray arguments)', async () => {
    const line = fc.oneof(
      fc.constant([] as string[]),
      fc.tuple(fc.constantFrom('nosuch', 'predic', '', '-1', '--', 'help'), someFlags).map(([c, f]) => [c, ...f]),
      fc.tuple(fc.constantFrom('predict', 'sweep', 'models', 'reproduce', 'fit', 'load', 'import', 'calibrate', 'validate', 'chart', 'merge', 'report', 'plan'), fc.constantFrom('--help', '-h')).map((a) => [...a]),
      fc.tuple(flagArgs, flagArgs).map(([a, b]) => [...a, ...b]),
    );
    await fc.assert(
      fc.asyncProperty(line, async (args) => {
        await judge(args, out());
      }),
      { ...OPTS, numRuns: 500 },
    );
  });

  it('ran at least 5,200 invocations in-process, and the project is untouched', () => {
    process.stdout.write(`fuzz (file commands): ${tally.invocations} invocations, ${tally.refused} refused, ${tally.succeeded} succeeded\n`);
    expect(tally.invocations).toBeGreaterThanOrEqual(5_200);
    expect(status()).toBe(gitStatus);
  });
});

describe('a handful of real processes: no signal, exit 0 or 2, one line', () => {
  const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
  it.each([
    [['predict', 'chat', '--users', '-Infinity']],
    [['predict', 'chat', '--interval', '1ns']],
    [['sweep', 'chat', '--users', '1..100000:1']],
    [['chart', '/dev/null', '--out', '/tmp/x.svg']],
    [['merge', '/nonexistent.json']],
    [['import', 'locust', '/nonexistent', '--model', 'highscore']],
    [['validate', 'chat', '--runs', '/dev/null']],
    [['nosuch']],
  ])('%j', (args) => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
    tally.invocations++;
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(INTERNAL);
  }, 120_000);
});
