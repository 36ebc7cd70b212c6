#!/usr/bin/env node
// npm run mutate [-- folder …] [--concurrency n] [--summary] [--force]
// Runs Stryker once per folder (default: src/engine, src/components, src/workload, every
// models/<name>) at nice 19, then prints each folder's mutation score from its JSON report.
// --summary prints the table from the reports already in reports/mutation/ without running;
// --force (and any other flag) goes to Stryker: --force retests every mutant, ignoring the
// incremental file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mutationFolders, reportName } from './mutation-folders.mjs';

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const at = args.indexOf('--concurrency');
const concurrency = at >= 0 ? args[at + 1] : process.env.MUTATE_CONCURRENCY ?? '2';
const named = args.filter((a, i) => !a.startsWith('--') && !(at >= 0 && i === at + 1)).map((f) => f.replace(/\/+$/, ''));
const strykerFlags = args.filter((a) => a.startsWith('--') && a !== '--summary' && a !== '--concurrency');
const known = mutationFolders();
for (const f of named) {
  if (!known.includes(f)) {
    console.error(`mutate: unknown folder ${f} (one of ${known.join(', ')})`);
    process.exit(2);
  }
}
const folders = named.length ? named : known;

if (!summaryOnly) {
  for (const folder of folders) {
    console.log(`\n== mutate ${folder} (concurrency ${concurrency}) ==`);
    const run = spawnSync('nice', ['-n', '19', 'npx', 'stryker', 'run', 'stryker.config.mjs', ...strykerFlags], {
      stdio: 'inherit',
      env: { ...process.env, MUTATE_FOLDER: folder, MUTATE_CONCURRENCY: concurrency },
    });
    if (run.status !== 0) console.error(`mutate: stryker exited ${run.status} on ${folder}`);
  }
}

/** Counts by Stryker status, and the score Stryker reports: detected ÷ (detected + undetected). */
function score(folder) {
  const file = `reports/mutation/${reportName(folder)}.json`;
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const n = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  for (const f of Object.values(report.files)) for (const m of f.mutants) n[m.status] = (n[m.status] ?? 0) + 1;
  const detected = n.Killed + n.Timeout;
  const valid = detected + n.Survived + n.NoCoverage;
  return { ...n, total: valid, score: valid ? (100 * detected) / valid : NaN };
}

console.log('\nfolder            score   killed  timeout  survived  no-cov  errors  mutants');
for (const folder of folders) {
  const s = score(folder);
  if (!s) {
    console.log(`${folder.padEnd(16)}  not measured (no reports/mutation/${reportName(folder)}.json)`);
    continue;
  }
  const cells = [s.Killed, s.Timeout, s.Survived, s.NoCoverage, s.CompileError + s.RuntimeError, s.total];
  console.log(`${folder.padEnd(16)} ${s.score.toFixed(2).padStart(6)}% ${cells.map((c, i) => String(c).padStart([8, 9, 10, 8, 8, 9][i])).join('')}`);
}
