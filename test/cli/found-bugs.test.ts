import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../../src/config/project-root.js';
import { countingRegistry, runInProcess } from './in-process.js';
import { expectRefused } from './usage-line.js';

/** The inputs issue 22 found mishandled, each refused in one line naming its flag or file. */
let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const k6Summary = projectPath('test/fixtures/k6/chat-case-a.summary.json');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capsim-found-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Locust history whose Timestamp jumps', () => {
  it.each([
    ['one row stamped 0', (stamp: number, i: number) => (i === 2 ? 0 : stamp)],
    ['one row stamped 99999999999', (stamp: number, i: number) => (i === 2 ? 99999999999 : stamp)],
  ])('%s: exit 2, one line naming the history file (was a V8 "invalid size" crash, SIGTRAP)', (_label, restamp) => {
    const prefix = join(dir, 'jump');
    copyFileSync(projectPath('test/fixtures/locust/highscore-350_stats.csv'), `${prefix}_stats.csv`);
    const lines = readFileSync(projectPath('test/fixtures/locust/highscore-350_stats_history.csv'), 'utf8').trimEnd().split('\n');
    const rows = lines.slice(1).map((line, i) => {
      const [stamp, ...rest] = line.split(',');
      return [String(restamp(Number(stamp), i)), ...rest].join(',');
    });
    writeFileSync(`${prefix}_stats_history.csv`, [lines[0], ...rows].join('\n') + '\n');
    const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'import', 'locust', prefix, '--model', 'highscore', '--set', 'users=350', '--out', join(dir, 'runs')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.signal).toBeNull();
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/jump_stats_history\.csv: its Timestamps span/);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  }, 120_000);
});

describe('internal errors become one line naming the flag or file', () => {
  it('predict chat --interval 1ns (was "cannot schedule into the past")', async () => {
    expectRefused(await runInProcess(['predict', 'chat', '--interval', '1ns']), /^capsim: --interval must be at least 1ms/);
  });

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[1, 2]'],
  ])('chart on %s (was "Cannot read properties of null")', async (_label, text) => {
    const input = file('odd.json', text);
    expectRefused(await runInProcess(['chart', input, '--out', join(dir, 'o.svg')]), /odd\.json: not a capsim sweep result/);
    expect(existsSync(join(dir, 'o.svg'))).toBe(false);
  });

  it('chart on a run record', async () => {
    const r = await runInProcess(['chart', projectPath('calibration/runs/chat-n10-i1s-pc-b100.json'), '--out', join(dir, 'o.svg')]);
    expectRefused(r, /chat-n10-i1s-pc-b100\.json/);
  });

  it.each(['calibrate', 'validate'])('%s --runs on deeply nested JSON (was "Maximum call stack size exceeded", naming no file)', async (command) => {
    const deep = file('deep.json', '['.repeat(100_000) + ']'.repeat(100_000));
    expectRefused(await runInProcess([command, 'chat', '--runs', deep]), /deep\.json: \(document\): nested 65 levels deep/);
  });

  it.each([
    ['sweep', ['sweep', 'chat', '--users', '5,10', '--out', '']],
    ['merge', ['merge', 'x.json', '--out', '']],
    ['chart', ['chart', 'x.json', '--out', '']],
  ])("%s --out '' (was ENOENT … open '')", async (_label, args) => {
    expectRefused(await runInProcess(args), /^capsim: --out needs a file name, got ""/);
  });
});

describe('negative numbers are values of the flag before them, not flags', () => {
  it.each([
    [['predict', 'chat', '--interval', '-1s'], /^capsim: --interval must be a duration/],
    [['predict', 'chat', '--users', '-Infinity'], /^capsim: --users must be a whole number/],
    [['predict', 'chat', '--users', '-3'], /^capsim: --users must be a whole number/],
    [['predict', 'feed', '--vus', '-.5'], /^capsim: --vus must be a whole number/],
    [['sweep', 'chat', '--users', '5,10', '--shard', '-1/4'], /^capsim: --shard must be i\/n/],
  ])('%j', async (args, message) => {
    expectRefused(await runInProcess(args), message);
  });
});

describe('silently wrong runs are refused', () => {
  it('--users with no value', async () => {
    expectRefused(await runInProcess(['predict', 'chat', '--users']), /^capsim: --users must be a whole number from 1 to 100,000, got ""/);
  });

  it.each([
    [['predict', 'chat', '--session', '20m', '--iterations', '1']],
    [['predict', 'chat', '--iterations', '100', '--users', '10']],
  ])("%j: k6's maxDuration would cut the sessions (was 0 iterations, or 600 of 1,000 sessions under a header of 100)", async (args) => {
    expectRefused(await runInProcess(args), /^capsim: --iterations × --session must stay under k6's maxDuration of 10m/);
  });

  it('chart on a sweep holding "NaN" strings (was an SVG 1.8e308 wide, exit 0)', async () => {
    const sweep = join(dir, 'sweep.json');
    const made = await runInProcess(['sweep', 'chat', '--users', '5,10', '--iterations', '1', '--session', '2s', '--jobs', '1', '--out', sweep]);
    expect(made.code, made.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(sweep, 'utf8'));
    doc.points[0].runs[0].values.delivered_per_s = 'NaN';
    const nan = file('nan.json', JSON.stringify(doc));
    expectRefused(await runInProcess(['chart', nan, '--out', join(dir, 'nan.svg')]), /nan\.json: points\[0\]\.runs\[0\]\.values\.delivered_per_s: must be number/);
    expect(existsSync(join(dir, 'nan.svg'))).toBe(false);
  });
});

describe('a doomed command simulates nothing', () => {
  it.each([
    [['predict', 'chat', '--users', '10', '--chart', '/nonexistent-dir/x.svg'], /^capsim: --chart: the folder \/nonexistent-dir does not exist/],
    [['predict', 'chat', '--users', '10', '--chart', 'x.txt'], /^capsim: --chart: the chart file must end in \.svg, \.png or \.html/],
    [['predict', 'chat', '--users', '10', '--chart', '/etc/passwd/x.svg'], /^capsim: --chart: .*is not a folder/],
    [['sweep', 'chat', '--users', '5,10', '--out', '/nonexistent-dir/r.json'], /^capsim: --out: the folder \/nonexistent-dir does not exist/],
    [['sweep', 'chat', '--users', '5,10', '--out', '/tmp'], /^capsim: --out: \/tmp is a folder; name a file/],
    [['report', '--model', 'chat', '--out', '/etc/passwd/reports'], /^capsim: --out: .*is a file, not a directory/],
    // Found again on re-checking issue 22: plan printed its plan, re-planned at three more loads, then failed to write.
    [['plan', 'chat', '--users', '10', '--slo', 'p95<1s', '--jobs', '1', '--chart', '/nonexistent-dir/cost.svg'], /^capsim: --chart: the folder \/nonexistent-dir does not exist/],
    [['plan', 'chat', '--users', '10', '--slo', 'p95<1s', '--jobs', '1', '--chart', ''], /^capsim: --chart needs a file name/],
  ])('%j', async (args, message) => {
    const { registry, predictions } = countingRegistry();
    expectRefused(await runInProcess(args, registry), message);
    expect(predictions()).toBe(0);
  });
});

describe('unbounded work is bounded, the message says the limit and why', () => {
  it.each([
    [['predict', 'feed', '--duration', '100000h'], /^capsim: --duration must be at most 1h \(an hour takes about a minute to simulate/],
    [['predict', 'feed', '--vus', '100000'], /^capsim: --vus must be a whole number from 1 to 10,000/],
    [['predict', 'highscore', '--duration', '100000h'], /^capsim: --duration must be at most 1h/],
    [['predict', 'chat', '--users', '10000', '--interval', '10ms'], /^capsim: --users × --iterations × \(--session ÷ --interval\) is 60,000,000 messages; at most 2,000,000/],
    [['sweep', 'chat', '--users', '1..100000:1'], /^capsim: the sweep asks for 100,000 runs .*at most 10,000 per invocation/],
    [['sweep', 'chat', '--users', '1..1000:1', '--replications', '20'], /^capsim: the sweep asks for 20,000 runs \(1,000 points × 20 replications\)/],
  ])('%j', async (args, message) => {
    // Refused while the flags are read, before the model builds its network.
    expectRefused(await runInProcess(args), message);
  });
});

describe('imports are checked against the model and the record schema, and say where they wrote', () => {
  const out = () => join(dir, 'imported');
  it.each([
    [['--model', 'nope'], /^capsim: --model: no model "nope"; known models: chat, feed/],
    [['--model', 'chat', '--set', 'users=-3'], /^capsim: --set users must be a whole number/],
    [['--model', 'chat', '--set', 'interval=1x'], /^capsim: --set interval must be a duration/],
    [['--model', 'chat', '--set', 'nosuch=1'], /^capsim: --set nosuch: not a flag of the chat model/],
  ])('import k6 … %j is refused and writes nothing', async (args, message) => {
    expectRefused(await runInProcess(['import', 'k6', k6Summary, ...args, '--out', out()]), message);
    expect(existsSync(out())).toBe(false);
  });

  it('a summary whose run lasted 1e-303 s is refused', async () => {
    const doc = JSON.parse(readFileSync(k6Summary, 'utf8'));
    doc.state.testRunDurationMs = 1e-300;
    const tiny = file('tiny.summary.json', JSON.stringify(doc));
    expectRefused(await runInProcess(['import', 'k6', tiny, '--model', 'chat', '--out', out()]), /duration_s/);
    expect(existsSync(out())).toBe(false);
  });

  it('a good import names the file it wrote', async () => {
    const r = await runInProcess(['import', 'k6', k6Summary, '--model', 'chat', '--set', 'users=100', '--set', 'interval=1s', '--out', out()]);
    expect(r.code, r.stderr).toBe(0);
    const written = readdirSync(out());
    expect(written).toEqual(['chat-case-a.json']);
    expect(r.stdout).toContain(join(out(), 'chat-case-a.json'));
    rmSync(out(), { recursive: true });
  });
});

describe('one convention for JSON files', () => {
  it('a BOM-prefixed sweep result is read as JSON (chart draws it)', async () => {
    const sweep = join(dir, 'bom-src.json');
    const made = await runInProcess(['sweep', 'chat', '--users', '5,10', '--iterations', '1', '--session', '2s', '--jobs', '1', '--out', sweep]);
    expect(made.code, made.stderr).toBe(0);
    const bom = file('bom.json', '\ufeff' + readFileSync(sweep, 'utf8'));
    const r = await runInProcess(['chart', bom, '--out', join(dir, 'bom.svg')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'bom.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it.each([
    ['calibrate', (f: string) => ['calibrate', 'chat', '--runs', f]],
    ['validate', (f: string) => ['validate', 'chat', '--runs', f]],
    ['chart', (f: string) => ['chart', f, '--out', join(dir, 'x.svg')]],
    ['merge', (f: string) => ['merge', f]],
  ])('invalid JSON is exit 2 in %s, one line naming the file', async (_label, args) => {
    const bad = file('bad.json', '{"a": 1,\n\n "b": }\n');
    expectRefused(await runInProcess(args(bad)), /bad\.json: \(document\): invalid JSON/);
  });
});

describe('help names what a numeric flag holds (was [string] for every flag that takes units)', () => {
  const COMMANDS = ['predict', 'models', 'reproduce', 'sweep', 'merge', 'chart', 'report', 'fit', 'load', 'import', 'calibrate', 'validate', 'plan'];
  /** Each flag's block of help lines (its own line and the wrapped ones under it). */
  const blocks = (help: string): Map<string, string> => {
    const out = new Map<string, string>();
    let flag: string | undefined;
    for (const line of help.split('\n')) {
      const m = /^\s+(?:-\w, )?--([\w-]+)/.exec(line);
      if (m) flag = m[1];
      else if (/^\S/.test(line)) flag = undefined;
      if (flag) out.set(flag, (out.get(flag) ?? '') + line + '\n');
    }
    return out;
  };
  const looksNumeric = (v: unknown) => typeof v === 'string' && /^\d+(\.\d+)?([a-zµ]{1,2}|[KMG])?$/.test(v);

  it.each(COMMANDS)('capsim %s --help: no flag whose default is a number, a duration or a size shows [string]', async (command) => {
    const r = await runInProcess([command, '--help']);
    expect(r.code).toBe(0);
    const { REGISTRY } = await import('../../models/index.js');
    const defaults = new Map(REGISTRY.models.flatMap((m) => Object.entries(m.flags).map(([k, s]) => [k, s.default] as const)));
    for (const [flag, block] of blocks(r.stdout)) {
      const shown = /\[default: "?([^"\]]*)"?\]/.exec(block)?.[1] ?? defaults.get(flag);
      if (looksNumeric(shown)) expect(block, `--${flag}`).not.toContain('[string]');
    }
  });

  it.each([
    ['predict', 'users', 'number'],
    ['predict', 'interval', 'duration'],
    ['predict', 'buffer-pool', 'size'],
    ['predict', 'redis-egress', 'rate'],
    ['predict', 'message-bytes', 'number'],
    ['load', 'max-connections', 'number'],
    ['load', 'duration', 'duration'],
    ['sweep', 'replications', 'number'],
    ['plan', 'boundary', 'number'],
  ])('capsim %s --help shows --%s as [%s]', async (command, flag, kind) => {
    const block = blocks((await runInProcess([command, '--help'])).stdout).get(flag);
    expect(block).toContain(`[${kind}]`);
  });
});

describe('help without contradictions', () => {
  it('merge --help: its files are required, with no "[default: []]" beside it (yargs gives variadic positionals one)', async () => {
    const r = await runInProcess(['merge', '--help']);
    expect(r.stdout).toMatch(/files .*\[required\]/s);
    expect(r.stdout).not.toContain('[default: []]');
  });
});

describe('load feed and predict feed share one --max-connections default (was 151 and 150)', () => {
  it('both helps and a run without the flag use the model default', async () => {
    const { feedFlags, DEFAULT_MAX_CONNECTIONS } = await import('../../models/feed/flags.js');
    const { feedRunSettings } = await import('../../calibration/load/feed-settings.js');
    expect(feedFlags['max-connections'].default).toBe(DEFAULT_MAX_CONNECTIONS);
    expect(feedRunSettings({}).settings['max-connections']).toBe(DEFAULT_MAX_CONNECTIONS);
    expect((await runInProcess(['load', '--help'])).stdout.replace(/\s+/g, ' ')).toContain(`--max-connections ${DEFAULT_MAX_CONNECTIONS} `);
    expect((await runInProcess(['predict', '--help'])).stdout).toMatch(new RegExp(`--max-connections[^\\n]*\\n?[^\\n]*\\[default: "${DEFAULT_MAX_CONNECTIONS}"\\]`));
  });
});
