import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { projectPath } from '../config/project-root.js';
import { UsageError } from '../cli/usage-error.js';

/** Options of `capsim sweep` that the Slurm jobs set themselves, so they are dropped from the line each job runs. */
const OWN_OPTIONS = ['slurm', 'slurm-args', 'slurm-wait', 'out', 'shard', 'jobs', 'j'];

/** Drops `--name value` / `--name=value` (and boolean `--slurm-wait`) for the options the jobs set. */
export function sweepArgsForJobs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([^=]+)(=.*)?$/.exec(args[i]);
    if (m && OWN_OPTIONS.includes(m[1])) {
      const takesValue = m[1] !== 'slurm-wait' && m[2] === undefined;
      if (takesValue) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface SlurmPlan {
  dir: string;
  arrayScript: string;
  mergeScript: string;
}

/**
 * Two sbatch scripts beside the result: a job array whose task i runs `capsim sweep … --shard i/n`
 * (SLURM_ARRAY_TASK_ID is 1-based here, as --shard is), and a merge job that joins the parts into
 * `out` exactly as a single run writes it.
 */
export function writeSlurmScripts(sweepArgs: readonly string[], shards: number, out: string): SlurmPlan {
  const dir = resolve(`${out}.slurm`);
  mkdirSync(dir, { recursive: true });
  const node = quote(process.execPath);
  const capsim = quote(projectPath('bin', 'capsim.js'));
  const args = sweepArgs.map(quote).join(' ');
  const arrayScript = join(dir, 'array.sh');
  writeFileSync(
    arrayScript,
    [
      '#!/bin/sh',
      `#SBATCH --job-name=capsim-sweep`,
      `#SBATCH --array=1-${shards}`,
      `#SBATCH --output=${quote(join(dir, 'shard-%a.log'))}`,
      '# One shard of the grid per array task; --jobs follows the CPUs Slurm gave the task.',
      `exec ${node} ${capsim} ${args} --shard "$SLURM_ARRAY_TASK_ID/${shards}" --jobs "\${SLURM_CPUS_PER_TASK:-1}" --out ${quote(join(dir, 'part-'))}"$SLURM_ARRAY_TASK_ID.json"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const parts = Array.from({ length: shards }, (_, i) => quote(join(dir, `part-${i + 1}.json`))).join(' ');
  const mergeScript = join(dir, 'merge.sh');
  writeFileSync(
    mergeScript,
    ['#!/bin/sh', '#SBATCH --job-name=capsim-merge', `#SBATCH --output=${quote(join(dir, 'merge.log'))}`, `exec ${node} ${capsim} merge ${parts} --out ${quote(resolve(out))}`, ''].join('\n'),
    { mode: 0o755 },
  );
  mkdirSync(dirname(resolve(out)), { recursive: true });
  return { dir, arrayScript, mergeScript };
}

function sbatch(args: string[]): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
  if (r.error) throw new UsageError(`--slurm: cannot run sbatch (${r.error.message}); is Slurm installed and SLURM_CONF set?`);
  if (r.status !== 0) throw new Error(`sbatch ${args.join(' ')} failed: ${r.stderr.trim()}`);
  // --parsable prints "jobid" or "jobid;cluster".
  return r.stdout.trim().split(';')[0];
}

/**
 * Submits the array, then the merge with `--dependency=afterok:<array>` (it runs once every task
 * succeeded; a failed task leaves it pending: cancel it). With `wait`, blocks until the merge ends.
 */
export function submitSlurm(plan: SlurmPlan, extra: readonly string[], wait: boolean): { arrayJob: string; mergeJob: string } {
  const arrayJob = sbatch([...extra, plan.arrayScript]);
  const mergeJob = sbatch([...extra, `--dependency=afterok:${arrayJob}`, ...(wait ? ['--wait'] : []), plan.mergeScript]);
  return { arrayJob, mergeJob };
}
