import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../calibration/import/csv.js';
import { importK6Summary } from '../../calibration/import/k6-summary.js';
import { importLocustCsv } from '../../calibration/import/locust-csv.js';
import { buildRecord, defaultRunId } from '../../calibration/import/run-record.js';
import { parseSettings } from '../../calibration/import/settings.js';
import { loadRecord } from '../../calibration/records.js';
import { validate } from '../../src/config/schema.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { expectUsageExit } from '../cli/usage-exit.js';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const K6_FILE = fixture('k6/chat-case-a.summary.json');
const LOCUST_PREFIX = fixture('locust/highscore-350');
const k6Doc = () => JSON.parse(readFileSync(K6_FILE, 'utf8')) as Record<string, unknown>;
const SCHEMA = 'calibration/run-record.schema.json';

const dir = mkdtempSync(join(tmpdir(), 'capsim-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a Locust CSV pair (or just _stats.csv) under a fresh prefix in the temp dir. */
let prefixes = 0;
function locustFiles(stats: string, history?: string): string {
  const prefix = join(dir, `case${++prefixes}`);
  writeFileSync(`${prefix}_stats.csv`, stats);
  if (history !== undefined) writeFileSync(`${prefix}_stats_history.csv`, history);
  return prefix;
}
const STATS_HEADER = 'Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n';
const pct = (p50: number) => [p50, p50, p50, p50, 2 * p50, 3 * p50, 3 * p50, 4 * p50, 5 * p50, 5 * p50, 5 * p50].join(',');

function usageMessage(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffType,Name\r\nGET,"/a, b"\r\n,"say ""hi"""\n"",\"two\nlines\"\r\n';
    expect(parseCsv(text)).toEqual([['Type', 'Name'], ['GET', '/a, b'], ['', 'say "hi"'], ['', 'two\nlines']]);
  });

  it('reads back whatever Python\'s csv.writer would write: any fields, quoted where they must be, \\r\\n rows', () => {
    // Python's QUOTE_MINIMAL: a field with a comma, quote or line break is quoted, its quotes doubled.
    const field = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
    const row = fc.array(fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', 'é', '1') }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row.filter((r) => !(r.length === 1 && r[0] === '')), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = rows.map((r) => r.map(field).join(',') + '\r\n').join('');
        expect(parseCsv(text)).toEqual(rows);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('keeps an empty last field and rejects an unterminated quote', () => {
    expect(parseCsv('a,b,\n1,,')).toEqual([['a', 'b', ''], ['1', '', '']]);
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });
});

describe('parseSettings (--set key=value)', () => {
  const flags = { users: {}, interval: {}, profile: { array: true } };

  it('keeps values as strings, sorted by flag; an array flag is always an array', () => {
    expect(parseSettings(['users=100', 'interval=1s', 'profile=app=local'], flags, 'chat')).toEqual({ interval: '1s', profile: ['app=local'], users: '100' });
    expect(Object.keys(parseSettings(['users=1', 'interval=1s'], flags))).toEqual(['interval', 'users']);
    expect(parseSettings(['profile=app=local', 'profile=redis=local'], flags).profile).toEqual(['app=local', 'redis=local']);
  });

  it('without known flags, accepts any flag name and makes a repeated one an array', () => {
    expect(parseSettings(['users=350', 'wait=between(1,5)', 'wait=x'])).toEqual({ users: '350', wait: ['between(1,5)', 'x'] });
  });

  it.each([
    [['users'], /--set must be key=value.*"users"/],
    [['=5'], /--set must be key=value/],
    [['Users=5'], /--set must be key=value/],
    [['users='], /--set users= needs a value/],
    [['bogus=1'], /--set bogus: not a flag of the chat model; its flags: users, interval, profile/],
    [['users=1', 'users=2'], /--set users given 2 times/],
  ])('rejects %j', (pairs, message) => {
    expect(usageMessage(() => parseSettings(pairs, flags, 'chat'))).toMatch(message);
  });
});

describe('k6 --summary-export → run record', () => {
  const run = importK6Summary(k6Doc(), K6_FILE);

  it('takes the duration from state.testRunDurationMs and keeps counters with their rates', () => {
    expect(run.duration_s).toBe(69.5341273);
    expect(run.metrics.ws_msgs_received).toEqual({ count: 395_696, rate: expect.closeTo(5690.7, 1) });
    expect(run.metrics.ws_msgs_received.rate.toFixed(1)).toBe('5690.7');
    expect(run.metrics.ws_msgs_sent.count).toBe(5741);
    expect(run.metrics.ws_msgs_sent.rate.toFixed(2)).toBe('82.56');
    expect(run.metrics.ws_sessions.count).toBe(600);
    for (const [name, m] of Object.entries(run.metrics)) if ('count' in m) expect(m.rate * run.duration_s, name).toBeCloseTo(m.count, 6);
  });

  it('copies trends in ms; seed case a\'s published session durations (s) come back', () => {
    const s = run.metrics.ws_session_duration;
    const published = { avg: '11.57', min: '10.16', med: '11.78', max: '12.19', 'p(90)': '12.11', 'p(95)': '12.18' };
    for (const [stat, seconds] of Object.entries(published)) expect((s[stat] / 1000).toFixed(2), stat).toBe(seconds);
  });

  it('strips thresholds, drops gauges (and says so) and keeps only k6-shaped fields', () => {
    expect(run.metrics.checks).toEqual({ fails: 0, passes: 600, value: 1 });
    expect(Object.keys(run.metrics.ws_connecting)).toEqual(['avg', 'max', 'med', 'min', 'p(90)', 'p(95)']);
    expect(run.metrics.vus).toBeUndefined();
    expect(run.metrics.vus_max).toBeUndefined();
    expect(run.notes.join(' ')).toMatch(/Dropped .*: vus, vus_max\./);
    expect(Object.keys(run.metrics)).toEqual([...Object.keys(run.metrics)].sort());
  });

  it('without state.testRunDurationMs, derives the duration from the largest counter', () => {
    const doc = k6Doc();
    delete doc.state;
    const derived = importK6Summary(doc, 'old.json');
    expect(derived.duration_s).toBeCloseTo(69.5341273, 9);
    expect(derived.notes.join(' ')).toMatch(/duration = data_received count ÷ rate/);
  });

  it('also reads handleSummary data ({type, values}, a rate\'s ratio named "rate")', () => {
    const doc = {
      metrics: {
        http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.25, passes: 1, fails: 3 }, thresholds: { 'rate<0.5': { ok: true } } },
        http_reqs: { type: 'counter', contains: 'default', values: { count: 4, rate: 2 } },
        vus: { type: 'gauge', contains: 'default', values: { value: 1, min: 1, max: 2 } },
      },
      state: { testRunDurationMs: 2000 },
    };
    const r = importK6Summary(doc, 'handle-summary.json');
    expect(r.metrics).toEqual({ http_req_failed: { fails: 3, passes: 1, value: 0.25 }, http_reqs: { count: 4, rate: 2 } });
    expect(r.duration_s).toBe(2);
  });

  it.each([
    [[1, 2], /not a k6 --summary-export file/],
    [{ metrics: 'x' }, /not a k6 --summary-export file/],
    [{ metrics: { vus: { value: 1, min: 1, max: 1 } } }, /no counter, rate or trend metrics/],
    [{ metrics: { t: { avg: 1, min: 1, med: 1, max: 1, 'p(90)': 1, 'p(95)': 1 } } }, /no state.testRunDurationMs and no counter/],
  ])('rejects %j', (doc, message) => {
    expect(usageMessage(() => importK6Summary(doc, 'bad.json'))).toMatch(message);
  });
});

describe('Locust --csv → run record', () => {
  const run = importLocustCsv(LOCUST_PREFIX);

  it('maps the Aggregated row to http_reqs (sum of the rows), http_req_failed and http_req_duration', () => {
    expect(run.duration_s).toBeCloseTo(300, 9); // 32,280 requests ÷ 107.6/s
    expect(run.metrics.http_reqs.count).toBe(10_650 + 10_890 + 10_740);
    expect(run.metrics.http_reqs.rate).toBe(107.6);
    // k6 counts a failed request as a pass of http_req_failed; the fixture has no failures.
    expect(run.metrics.http_req_failed).toEqual({ fails: 32_280, passes: 0, value: 0 });
    expect(run.metrics.http_req_duration).toEqual({ avg: expect.closeTo(258.58, 2), max: 1893.60512, med: 240, min: 29.81077, 'p(90)': 400, 'p(95)': 470, 'p(99)': 660 });
  });

  it('maps each named row to tagged metrics with the published medians and rates', () => {
    const published = { add: [260, 35.5], edit: [230, 36.3], delete: [220, 35.8] };
    for (const [name, [median, rps]] of Object.entries(published)) {
      expect(run.metrics[`http_req_duration{name:${name}}`].med, name).toBe(median);
      expect(run.metrics[`http_reqs{name:${name}}`].rate, name).toBeCloseTo(rps, 9);
      expect(run.metrics[`http_reqs{name:${name}}`].count, name).toBe(Math.round(rps * 300));
    }
    const tagged = Object.entries(run.metrics).filter(([k]) => k.startsWith('http_reqs{'));
    expect(tagged.reduce((s, [, m]) => s + m.count, 0)).toBe(run.metrics.http_reqs.count);
    expect(run.metrics['http_req_duration{name:add}']['p(99)']).toBe(700);
  });

  it('builds per-second series from the history: counts from running totals, a skipped second shared', () => {
    const s = run.series!;
    expect(Object.keys(s).sort()).toEqual(['http_req_failures', 'http_reqs', 'vus']);
    expect(s.http_reqs).toHaveLength(301);
    expect(s.vus).toHaveLength(301);
    expect(s.http_reqs.reduce((a, b) => a + b, 0)).toBe(32_280);
    expect(s.http_reqs.slice(0, 2)).toEqual([0, 350]);
    expect(s.vus.slice(0, 3)).toEqual([0, 350, 350]);
    expect(s.http_reqs[150]).toBe(s.http_reqs[151]); // second 150 has no row
    expect(s.http_req_failures.every((f) => f === 0)).toBe(true);
  });

  it('counts failures as passes of http_req_failed and tags a name used with two methods by both', () => {
    const prefix = locustFiles(
      STATS_HEADER +
        `PATCH,/items/[id],100,5,20,22.5,3.1,90.2,10.0,10.0,0.5,${pct(20)}\r\n` +
        `DELETE,/items/[id],50,0,10,11.0,2.0,40.0,0.0,5.0,0.0,${pct(10)}\r\n` +
        `POST,"/items, bulk",50,45,30,31.0,4.0,60.0,3.0,5.0,4.5,${pct(30)}\r\n` +
        `,Aggregated,200,50,20,21.0,2.0,90.2,6.0,20.0,5.0,${pct(20)}\r\n`,
    );
    const r = importLocustCsv(prefix);
    expect(r.duration_s).toBe(10);
    expect(r.metrics.http_req_failed).toEqual({ fails: 150, passes: 50, value: 0.25 });
    expect(r.metrics['http_reqs{name:/items/[id],method:PATCH}']).toEqual({ count: 100, rate: 10 });
    expect(r.metrics['http_reqs{name:/items/[id],method:DELETE}']).toEqual({ count: 50, rate: 5 });
    expect(r.metrics['http_req_failed{name:/items, bulk}']).toEqual({ fails: 5, passes: 45, value: 0.9 });
    expect(r.metrics['http_req_duration{name:/items, bulk}'].med).toBe(30);
    expect(r.series).toBeUndefined();
  });

  it('without running totals in the history, falls back to Locust\'s Requests/s and says so', () => {
    const prefix = locustFiles(
      STATS_HEADER + `GET,/,20,0,5,5.0,1.0,9.0,1.0,2.0,0.0,${pct(5)}\n,Aggregated,20,0,5,5.0,1.0,9.0,1.0,2.0,0.0,${pct(5)}\n`,
      'Timestamp,User Count,Type,Name,Requests/s,Failures/s\n100,1,,Aggregated,0.000000,0.000000\n101,2,,Aggregated,1.500000,0.000000\n103,2,,Aggregated,2.000000,0.500000\n',
    );
    const r = importLocustCsv(prefix);
    expect(r.series).toEqual({ http_req_failures: [0, 0, 0, 0.5], http_reqs: [0, 1.5, 1.5, 2], vus: [1, 2, 2, 2] });
    expect(r.notes.join(' ')).toMatch(/no Total Request Count column/);
  });

  it.each([
    [['Type,Name\n,Aggregated\n'], /missing columns "Request Count", .*"99%"/],
    [[STATS_HEADER + `GET,/,1,0,5,5.0,1.0,9.0,1.0,2.0,0.0,${pct(5)}\n`], /no "Aggregated" row/],
    [[STATS_HEADER + `,Aggregated,0,0,0,0,0,0,0,0.0,0.0,${'N/A,'.repeat(10)}N/A\n`], /has no requests/],
    [[STATS_HEADER + `,Aggregated,ten,0,5,5.0,1.0,9.0,1.0,2.0,0.0,${pct(5)}\n`], /"Request Count" must be a number, got "ten"/],
    [[STATS_HEADER + `,Aggregated,10,0\n`], /data row 1 has 4 fields, the header has 22/],
    [[STATS_HEADER + `,Aggregated,10,0,5,5.0,1.0,9.0,1.0,2.0,0.0,${pct(5)}\n`, 'Timestamp,Name\n'], /_stats_history.csv: missing columns "User Count"/],
  ])('rejects %#', (files, message) => {
    const prefix = locustFiles(files[0], files[1]);
    expect(usageMessage(() => importLocustCsv(prefix))).toMatch(message);
  });

  it('rejects a prefix without _stats.csv', () => {
    expect(usageMessage(() => importLocustCsv(join(dir, 'nothing')))).toMatch(/nothing_stats.csv: cannot read file \(ENOENT\)/);
  });
});

describe('run records', () => {
  const input = (run = importK6Summary(k6Doc(), 'chat-case-a.summary.json')) => ({
    model: 'chat', id: 'chat-case-a', source: 'k6 summary-export' as const, settings: { users: '100' }, run, from: 'chat-case-a.summary.json', createdAt: '2024-01-01T00:00:00.000Z',
  });

  it('both fixtures become schema-valid records, byte-identical when built twice', () => {
    const k6 = buildRecord(input());
    expect(validate(SCHEMA, k6, 'k6')).toBe(k6);
    expect(JSON.stringify(buildRecord(input()))).toBe(JSON.stringify(k6));
    const locust = buildRecord({ ...input(importLocustCsv(LOCUST_PREFIX)), source: 'locust csv', model: 'highscore', id: 'highscore-350' });
    expect(validate(SCHEMA, locust, 'locust')).toBe(locust);
    expect(locust.series?.vus).toHaveLength(301);
  });

  it('reports a record the schema refuses, and a bad id, as bad input', () => {
    const run = importK6Summary(k6Doc(), 'x.json');
    run.metrics.checks = { fails: 0, passes: 600, value: 1.5 };
    expect(usageMessage(() => buildRecord(input(run)))).toMatch(/run record: metrics.checks/);
    expect(usageMessage(() => buildRecord({ ...input(), id: 'a b' }))).toMatch(/--id may hold only/);
  });

  it.each([
    ['chat-case-a.summary.json', 'chat-case-a'],
    ['/tmp/runs/k6_summary-export.json', 'k6'],
    ['results/highscore-350', 'highscore-350'],
    ['my run (2).json', 'my-run-2'],
  ])('default id of %s is %s', (file, id) => {
    expect(defaultRunId(file)).toBe(id);
  });
});

// Each case spawns node; on a busy machine that takes seconds.
describe('capsim import (CLI)', { timeout: 240_000 }, () => {
  const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
  const capsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 });

  it('k6: writes <out>/<id>.json, a valid record with the --set flags, and says where', () => {
    const out = join(dir, 'cli-k6');
    const r = capsim('import', 'k6', K6_FILE, '--model', 'chat', '--set', 'users=100', '--set', 'interval=1s', '--set', 'profile=app=fargate-1vcpu', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const file = join(out, 'chat-case-a.json');
    expect(r.stdout).toBe(`wrote ${file} (k6 summary-export, 10 metrics, 69.53 s)\n`);
    const record = loadRecord(file);
    expect(record.source).toBe('k6 summary-export');
    expect(record.settings).toEqual({ interval: '1s', profile: ['app=fargate-1vcpu'], users: '100' });
    expect(record.metrics.ws_msgs_received.count).toBe(395_696);
    expect(record.duration_s).toBe(69.5341273);
  });

  it('locust: writes the record under --id; a model no one registered is refused (its flags could not be checked)', () => {
    const out = join(dir, 'cli-locust');
    const unregistered = capsim('import', 'locust', LOCUST_PREFIX, '--model', 'highscore-fixture', '--set', 'users=350', '--out', out);
    expect(unregistered.status).toBe(2);
    expect(unregistered.stderr).toMatch(/^capsim: --model: no model "highscore-fixture"; known models: /);
    const r = capsim('import', 'locust', LOCUST_PREFIX, '--model', 'highscore', '--set', 'users=350', '--id', 'hs-350-before', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*hs-350-before\.json \(locust csv, 12 metrics, 300 s\)\n$/);
    const record = loadRecord(join(out, 'hs-350-before.json'));
    expect(record.metrics.http_reqs.count).toBe(32_280);
    expect(record.series?.http_reqs).toHaveLength(301);
  });

  it('keeps an existing record unless --force', () => {
    const out = join(dir, 'cli-force');
    const args = ['import', 'k6', K6_FILE, '--model', 'chat', '--out', out];
    expect(capsim(...args).status).toBe(0);
    const again = capsim(...args);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/chat-case-a\.json already exists; choose another --id or pass --force/);
    expect(capsim(...args, '--force').status).toBe(0);
  });

  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, '{ "metrics": ');
  const notSummary = join(dir, 'not-summary.json');
  writeFileSync(notSummary, '{ "hello": 1 }');

  it.each([
    [['import', 'k6', join(dir, 'missing.json'), '--model', 'chat'], /missing\.json: cannot read file \(ENOENT\)/],
    [['import', 'k6', notJson, '--model', 'chat'], /not\.json: invalid JSON/],
    [['import', 'k6', notSummary, '--model', 'chat'], /not a k6 --summary-export file/],
    [['import', 'locust', join(dir, 'nope'), '--model', 'highscore'], /nope_stats\.csv: cannot read file/],
    [['import', 'k6', K6_FILE, '--model', 'chat', '--set', 'users'], /--set must be key=value/],
    [['import', 'k6', K6_FILE, '--model', 'chat', '--set', 'bogus=1'], /--set bogus: not a flag of the chat model/],
    [['import', 'k6', K6_FILE, '--model', 'chat', '--set', 'users=1', '--set', 'users=2'], /--set users given 2 times/],
    [['import', 'k6', K6_FILE, '--model', 'chat', '--id', '../escape'], /--id may hold only/],
    [['import', 'k6', K6_FILE, '--model', 'Chat!'], /--model must be a model name/],
    [['import', 'k6', K6_FILE], /Missing required argument: model/],
    [['import', 'jmeter', K6_FILE, '--model', 'chat'], /the format must be k6 or locust, got "jmeter"/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = capsim(...args);
    expectUsageExit(r, message);
    expect(r.stdout).toBe('');
  });
});
