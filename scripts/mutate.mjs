#!/usr/bin/env node
// npm run mutate [-- folder …] [--concurrency n] [--files a.ts,b.ts [--tag name]] [--summary] [--force]
// Runs Stryker once per folder (default: src/engine, src/components, src/workload, every
// models/<name>) at nice 19, then prints each folder's mutation score from its JSON report.
// --summary prints the table from the reports already in reports/mutation/ without running;
// --survivors also lists each surviving or uncovered mutant (file:line, mutator, replacement);
// --files mutates only those files of the one folder named (to see a file's survivors quickly); its
// report is reports/mutation/<folder>-files.json, so the folder's own report and table stay whole;
// --tag names such a report apart (reports/mutation/<folder>-files-<tag>.json), so two batches of
// one folder can run at once;
// --skip-tests a.test.ts,b.test.ts leaves those test files out of the run (a mutant only they would
// kill counts as survived: the score can only be lower for it);
// --force (and any other flag) goes to Stryker: --force retests every mutant, ignoring the
// incremental file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mutationFolders, reportName } from './mutation-folders.mjs';

const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const summaryOnly = args.includes('--summary') || listSurvivors;
const at = args.indexOf('--concurrency');
const concurrency = at >= 0 ? args[at + 1] : process.env.MUTATE_CONCURRENCY ?? '2';
const filesAt = args.indexOf('--files');
const tagAt = args.indexOf('--tag');
const skipAt = args.indexOf('--skip-tests');
const skipTests = skipAt >= 0 ? args[skipAt + 1] ?? '' : undefined;
const tag = tagAt >= 0 ? args[tagAt + 1] ?? '' : undefined;
const files = filesAt >= 0 ? (args[filesAt + 1] ?? '').split(',').filter(Boolean) : undefined;
const isValue = (i) => (at >= 0 && i === at + 1) || (filesAt >= 0 && i === filesAt + 1) || (tagAt >= 0 && i === tagAt + 1) || (skipAt >= 0 && i === skipAt + 1);
const named = args.filter((a, i) => !a.startsWith('--') && !isValue(i)).map((f) => f.replace(/\/+$/, ''));
const strykerFlags = args.filter((a) => a.startsWith('--') && !['--summary', '--survivors', '--concurrency', '--files', '--tag', '--skip-tests'].includes(a));
const known = mutationFolders();
for (const f of named) {
  if (!known.includes(f)) {
    console.error(`mutate: unknown folder ${f} (one of ${known.join(', ')})`);
    process.exit(2);
  }
}
const folders = named.length ? named : known;
if (files) {
  const outside = files.filter((f) => !existsSync(f) || !f.startsWith(`${folders[0]}/`));
  if (named.length !== 1 || files.length === 0 || outside.length > 0) {
    console.error(`mutate: --files needs one folder and existing files inside it${outside.length ? `; not in ${folders[0]}: ${outside.join(', ')}` : ''}`);
    process.exit(2);
  }
}
if (tag !== undefined && !/^[\w-]+$/.test(tag)) {
  console.error(`mutate: --tag must be letters, digits, - or _, got ${JSON.stringify(tag)}`);
  process.exit(2);
}
const filesSuffix = (files ? '-files' : '') + (tag ? `-${tag}` : '');

if (!summaryOnly) {
  for (const folder of folders) {
    console.log(`\n== mutate ${folder} (concurrency ${concurrency}) ==`);
    const run = spawnSync('nice', ['-n', '19', 'npx', 'stryker', 'run', 'stryker.config.mjs', ...strykerFlags], {
      stdio: 'inherit',
      env: { ...process.env, MUTATE_FOLDER: folder, MUTATE_CONCURRENCY: concurrency, ...(files ? { MUTATE_FILES: files.join(',') } : {}), ...(tag ? { MUTATE_TAG: tag } : {}), ...(skipTests ? { MUTATE_SKIP_TESTS: skipTests } : {}) },
    });
    if (run.status !== 0) console.error(`mutate: stryker exited ${run.status} on ${folder}`);
  }
}

const STATUSES = ['Killed', 'Survived', 'Timeout', 'NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'];

/** Stryker's score: detected ÷ (detected + undetected), from mutant results. */
function tally(mutants, planned) {
  const n = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const m of mutants) n[m.status] = (n[m.status] ?? 0) + 1;
  const detected = n.Killed + n.Timeout;
  const valid = detected + n.Survived + n.NoCoverage;
  return { ...n, mutants, tested: mutants.length, planned, score: valid ? (100 * detected) / valid : NaN };
}

/** A folder's figures from its last run: the JSON report, or the events of a run stopped early. */
function score(folder) {
  const name = reportName(folder) + filesSuffix;
  const file = `reports/mutation/${name}.json`;
  const events = `reports/mutation/${name}-events`;
  const age = (path) => (existsSync(path) ? statSync(path).mtimeMs : -Infinity);
  if (existsSync(file) && age(file) >= age(events)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const mutants = Object.entries(report.files).flatMap(([fileName, f]) => f.mutants.map((m) => ({ ...m, fileName })));
    return tally(mutants, mutants.length);
  }
  if (!existsSync(events)) return undefined;
  const files = readdirSync(events);
  const read = (f) => JSON.parse(readFileSync(`${events}/${f}`, 'utf8'));
  const plan = files.find((f) => f.endsWith('-onMutationTestingPlanReady.json'));
  const planned = plan ? read(plan).mutantPlans.length : NaN;
  return tally(files.filter((f) => f.endsWith('-onMutantTested.json')).map(read), planned);
}

console.log('\nfolder            score   killed  timeout  survived  no-cov  errors  mutants');
for (const folder of folders) {
  const s = score(folder);
  if (!s) {
    console.log(`${folder.padEnd(16)}  not measured (no reports/mutation/${reportName(folder)}${filesSuffix}.json)`);
    continue;
  }
  const cells = [s.Killed, s.Timeout, s.Survived, s.NoCoverage, s.CompileError + s.RuntimeError, s.tested];
  const partial = s.tested < s.planned ? `  (stopped: ${s.tested} of ${s.planned} tested)` : '';
  console.log(`${folder.padEnd(16)} ${s.score.toFixed(2).padStart(6)}% ${cells.map((c, i) => String(c).padStart([8, 9, 10, 8, 8, 9][i])).join('')}${partial}`);
}
if (listSurvivors) {
  for (const folder of folders) {
    for (const m of score(folder)?.mutants ?? []) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const file = m.fileName.replace(`${process.cwd()}/`, '');
      console.log(`${m.status.padEnd(10)} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '').slice(0, 90)}`);
    }
  }
}
