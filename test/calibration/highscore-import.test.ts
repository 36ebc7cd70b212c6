import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importLocustCsv } from '../../calibration/import/locust-csv.js';

// A 15 s Locust 2.12.1 run of the highscore locustfile (see test/fixtures/README.md): _stats.csv and
// _stats_history.csv as Locust left them, _final_stats.csv and _final.json from the exit hook.
const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/locust/${p}`, import.meta.url));
const SMOKE = fixture('highscore-smoke');
const COMPLETE = fixture('highscore-350');
const dir = mkdtempSync(join(tmpdir(), 'capsim-hs-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Copies some of the smoke run's files under a fresh prefix. */
let n = 0;
function smokeWith(...suffixes: string[]): string {
  const prefix = join(dir, `p${++n}`);
  for (const s of suffixes) copyFileSync(`${SMOKE}_${s}`, `${prefix}_${s}`);
  return prefix;
}

describe('Locust import: the final flush and files that end before their run did', () => {
  it('takes the totals from _final_stats.csv and says that _stats.csv and the history trail the run', () => {
    const r = importLocustCsv(SMOKE);
    expect(r.metrics.http_reqs.count).toBe(108);
    expect(r.metrics['http_reqs{name:add}'].count).toBe(42);
    expect(r.metrics['http_reqs{name:edit}'].count).toBe(38);
    expect(r.metrics['http_reqs{name:delete}'].count).toBe(28);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings?.[0]).toMatch(/highscore-smoke_stats\.csv ends before its run did: it counts 105 of the run's 108 requests/);
    expect(r.warnings?.[1]).toMatch(/highscore-smoke_stats_history\.csv ends before its run did: its rows cover 10 s of a 14\.5 s run/);
    // Warnings stay in the record's notes too.
    for (const w of r.warnings ?? []) expect(r.notes).toContain(w);
  });

  it('without the final flush, takes _stats.csv as it is and compares it with _final.json', () => {
    const r = importLocustCsv(smokeWith('stats.csv', 'stats_history.csv', 'final.json'));
    expect(r.metrics.http_reqs.count).toBe(105);
    expect(r.warnings?.[0]).toMatch(/_stats\.csv ends before its run did: it counts 105 of the run's 108 requests \(.*_final\.json/);
  });

  it('with only the run time known, warns when the requests span less than the run', () => {
    const prefix = smokeWith('stats.csv');
    // _stats.csv's requests span 14.0 s: within 2 s of a 15 s run, not of a 20 s one.
    expect(importLocustCsv(prefix, { runTimeS: 15 }).warnings).toBeUndefined();
    expect(importLocustCsv(prefix, { runTimeS: 20 }).warnings?.[0]).toMatch(/_stats\.csv ends before its run did: its requests span 14 s of a 20 s run/);
    expect(importLocustCsv(prefix).warnings).toBeUndefined();
  });

  it('says nothing of a complete run', () => {
    expect(importLocustCsv(COMPLETE, { runTimeS: 300 }).warnings).toBeUndefined();
  });

  it('drops a history row cut off mid-write and says so', () => {
    const prefix = smokeWith('stats.csv', 'final_stats.csv', 'final.json');
    const history = readFileSync(`${SMOKE}_stats_history.csv`, 'utf8');
    writeFileSync(`${prefix}_stats_history.csv`, history.slice(0, history.length - 20));
    const whole = importLocustCsv(SMOKE).series!;
    const cut = importLocustCsv(prefix);
    expect(cut.notes.join(' ')).toMatch(/stops inside its last row/);
    expect(cut.series!['http_reqs{name:delete}'].length).toBeLessThanOrEqual(whole['http_reqs{name:delete}'].length);
  });
});

describe('capsim import locust (CLI) warns on stderr', { timeout: 60_000 }, () => {
  const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
  it('prints each "ends before its run did" warning and still writes the record', () => {
    const prefix = smokeWith('stats.csv', 'stats_history.csv');
    const r = spawnSync(process.execPath, [bin, 'import', 'locust', prefix, '--model', 'highscore', '--set', 'duration=20s', '--out', join(dir, 'out')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/capsim: warning: .*_stats\.csv ends before its run did: its requests span 14 s of a 20 s run/);
    expect(r.stderr).toMatch(/capsim: warning: .*_stats_history\.csv ends before its run did/);
    const record = JSON.parse(readFileSync(join(dir, 'out', `${prefix.split('/').pop()}.json`), 'utf8')) as { notes: string };
    expect(record.notes).toMatch(/ends before its run did/);
  });
});
