import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CALIBRATORS } from '../../calibration/index.js';
import { loadRecord } from '../../calibration/records.js';
import { TARGETS_SOURCE } from '../../calibration/targets.js';
import { findModel } from '../../models/index.js';
import { reproduce } from '../../src/cli/commands/reproduce.js';
import { projectPath } from '../../src/config/project-root.js';
import { validate } from '../../src/config/schema.js';
import { expectUsageExit } from './usage-exit.js';

/**
 * Every command that writes into the project (calibrate, fit, validate, report) runs in a copy of
 * it, so no test touches a committed file. The copy holds the compiled CLI (npm test builds dist/
 * first) and node_modules is linked, not copied.
 */
let copy: string;
let scratch: string;
const capsim = (...args: string[]) => spawnSync(process.execPath, [join(copy, 'bin/capsim.js'), ...args], { cwd: copy, encoding: 'utf8', timeout: 240_000 });
const committed = (file: string): string => readFileSync(projectPath(file), 'utf8');
const copied = (file: string): string => readFileSync(join(copy, file), 'utf8');

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'capsim-project-'));
  scratch = mkdtempSync(join(tmpdir(), 'capsim-out-'));
  const skip = new Set(['node_modules', '.git', 'reports']);
  cpSync(projectPath(), copy, { recursive: true, preserveTimestamps: true, filter: (src) => !skip.has(relative(projectPath(), src).split('/')[0]) });
  symlinkSync(projectPath('node_modules'), join(copy, 'node_modules'));
});

afterAll(() => {
  for (const dir of [copy, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The runs chat's saved costs say they were fitted to, as files. */
const chatFittedRuns = (): string[] =>
  CALIBRATORS.chat.fittedRuns().map((id) => [`calibration/runs/${id}.json`, `calibration/repeats/${id}.json`].find((f) => existsSync(projectPath(f)))!);

describe('capsim calibrate and fit reproduce the committed parameters from the committed data', () => {
  it('capsim calibrate chat on the runs params.json names rewrites it byte-identically, and prints a report its schema accepts', () => {
    const r = capsim('calibrate', 'chat', '--runs', ...chatFittedRuns());
    expect(r.status, r.stderr).toBe(0);
    expect(() => validate('calibration/chat/report.schema.json', JSON.parse(r.stdout), 'report')).not.toThrow();
    expect(copied('models/chat/params.json')).toBe(committed('models/chat/params.json'));
  }, 240_000);

  it('capsim fit chat refits case a and c to within 0.1% and rewrites params.json byte-identically', () => {
    const r = capsim('fit', 'chat');
    expect(r.status, r.stderr).toBe(0);
    const fit = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    for (const k of ['a', 'c']) expect(Math.abs(fit.residuals[k].errorPct)).toBeLessThan(0.1);
    expect(copied('models/chat/params.json')).toBe(committed('models/chat/params.json'));
  }, 240_000);

  it.each([
    [['calibrate', 'chat', '--runs', 'calibration/runs/feed-sqlite-v10-w3x32-F50.json'], /--runs: feed-sqlite-v10-w3x32-F50 is a feed run, not chat/],
    [['calibrate', 'nosuch', '--runs', 'calibration/runs/chat-n10-i1s-pc-b100.json'], /no calibration for model "nosuch"/],
    [['fit', 'nosuch'], /no fit for model "nosuch"/],
    [['validate', 'nosuch'], /no calibration for model "nosuch"/],
    [['reproduce', 'nosuch'], /no published cases for model "nosuch"/],
    [['report', '--model', 'nosuch'], /unknown model "nosuch"/],
    [['report', '--replications', '0'], /--replications/],
    [['chart', 'whatever.json', '--out', 'chart.txt'], /chart file must end in .svg, .png or .html/],
  ])('%j exits 2 with one line', (args, message) => {
    expectUsageExit(capsim(...args), message);
  }, 240_000);
});

describe('capsim validate', () => {
  it('without --runs re-simulates the held-out runs, exits 1 for the rows outside target, and saves what is committed', () => {
    rmSync(join(copy, 'calibration/validation/chat.json'));
    const unsaved = capsim('validate', 'chat', '--json');
    expect(unsaved.status).toBe(1);
    expect(existsSync(join(copy, 'calibration/validation/chat.json')), 'validate writes nothing without --save').toBe(false);
    const r = capsim('validate', 'chat', '--save');
    const doc = JSON.parse(copied('calibration/validation/chat.json'));
    expect(doc.failed).toBeGreaterThan(0);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${doc.passed} of ${doc.passed + doc.failed} judged rows within target, ${doc.failed} outside, ${doc.reported} reported only`);
    expect(doc.passed + doc.failed + doc.reported).toBe(doc.rows.length);
    expect(doc.reported, 'chat reports p50s and credits without a target').toBeGreaterThan(0);
    expect(r.stdout).toContain(TARGETS_SOURCE);
    expect(copied('calibration/validation/chat.json')).toBe(committed('calibration/validation/chat.json'));
    expect(unsaved.stdout).toBe(committed('calibration/validation/chat.json'));
  }, 240_000);

  it('--runs judges the runs given, as the library does, exit 0 when all are within target; a fitted run is warned about', () => {
    const run = 'calibration/runs/chat-n100-i500ms-pp-b100.json';
    const r = capsim('validate', 'chat', '--runs', run, '--json');
    const rows = CALIBRATORS.chat.validate([loadRecord(projectPath(run))]);
    expect(rows.every((x) => x.pass)).toBe(true);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual(rows);
    const fitted = capsim('validate', 'chat', '--runs', chatFittedRuns()[0], '--json');
    expect(fitted.stderr).toMatch(/were used for fitting; they are not validation/);
  }, 240_000);
});

describe('capsim reproduce', () => {
  it('--json is what the library computes; the table gives each figure its target and says where targets come from', () => {
    const json = capsim('reproduce', 'chat', '--json');
    // Exit 1 exactly when a judged figure is outside its target, as validate; the text says how many.
    const chatText = capsim('reproduce', 'chat');
    const outside = Number(/^\d+ of \d+ judged figures within target, (\d+) outside$/m.exec(chatText.stdout)?.[1]);
    expect(Number.isInteger(outside), chatText.stdout).toBe(true);
    expect([json.status, chatText.status]).toEqual(outside > 0 ? [1, 1] : [0, 0]);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(reproduce(findModel('chat')!, '1'))));
    const text = capsim('reproduce', 'feed');
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toContain('| case | metric | unit | published | predicted | error (%) | role | target | within target |');
    expect(text.stdout).toMatch(/\| b \| http_reqs\.count \| count \| 19,611 \| [\d,]+ \| [-+][\d.]+% \| fitted \| ±1% \| yes \|/);
    expect(text.stdout).toMatch(/^\d+ of \d+ judged figures within target, [1-9]\d* outside$/m);
    expect(text.stdout).not.toMatch(/\| reported \| (yes|NO) \|/);
    expect(text.stdout).toContain(TARGETS_SOURCE);
  }, 240_000);
});

describe('capsim chart and report', () => {
  it('capsim chart draws a predict --json document as SVG with marks', () => {
    const doc = join(scratch, 'p.json');
    const p = capsim('predict', 'chat', '--users', '10', '--interval', '1s', '--iterations', '1', '--json');
    expect(p.status, p.stderr).toBe(0);
    writeFileSync(doc, p.stdout);
    const svg = join(scratch, 'p.svg');
    const r = capsim('chart', doc, '--out', svg);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg/);
    expect(text).toMatch(/role-mark/);
    expect(capsim('chart', svg, '--out', join(scratch, 'again.svg')).status).toBe(2);
  }, 240_000);

  it('capsim report writes one page per model and an index linking it, outside the repo', () => {
    const out = join(scratch, 'reports');
    // An earlier report of feed stays listed; highscore, never reported here, is not.
    mkdirSync(join(out, 'feed'), { recursive: true });
    writeFileSync(join(out, 'feed', 'index.html'), '<html></html>');
    const r = capsim('report', '--model', 'chat', '--replications', '1', '--jobs', '1', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="chat/index.html"');
    expect(index).toMatch(/href="feed\/index.html".*\d+ of \d+ judged rows within target/);
    expect(index).not.toContain('href="highscore/index.html"');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('- [feed](feed/README.md)');
    for (const f of ['README.md', 'capacity.png', 'sweep.csv', 'timeline-a.png']) expect(existsSync(join(out, 'chat', f)), f).toBe(true);
    expect(readFileSync(join(out, 'chat', 'README.md'), 'utf8')).toContain('| a | ws_msgs_received.count |');
  }, 240_000);
});

describe('bin/capsim.js runs what the sources say', () => {
  it('compiles first when a source is newer than dist/ (a pull or an install that skipped prepare), then runs; a fresh build is not compiled again', () => {
    const built = join(copy, 'dist/models/index.js');
    const longAgo = new Date('2020-01-01T00:00:00Z');
    utimesSync(built, longAgo, longAgo);
    const stale = capsim('models', '--json');
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toMatch(/^capsim: compiling \(dist\/ is older than the sources\)/);
    expect(statSync(built).mtimeMs).toBeGreaterThan(longAgo.getTime());
    const fresh = capsim('models', '--json');
    expect([fresh.status, fresh.stderr]).toEqual([0, '']);
    expect(fresh.stdout).toBe(stale.stdout);
  }, 240_000);
});
