import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { projectPath } from '../../src/config/project-root.js';

/**
 * The cluster examples run here as their runners would run them: each shard's command with the
 * runner's index variables set, then the merge; the result must be byte-identical to one local
 * sweep. The example's grid is swapped for a small one so the check takes seconds.
 */
const EXAMPLE_GRID = '--users 10..300:10 --tasks 1,2,4 --replications 3';
const SMALL_GRID = '--users 4,8,12 --tasks 1,2 --iterations 1 --session 2s --interval 500ms --replications 2';
const root = projectPath();
const sh = (command: string, env: Record<string, string> = {}): string =>
  execFileSync('sh', ['-c', command], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000, stdio: ['ignore', 'pipe', 'pipe'] });

function localSweep(dir: string): string {
  sh(`node bin/capsim.js sweep chat ${SMALL_GRID} --seed 1 --jobs 1 --out ${dir}/local.json`);
  return readFileSync(join(dir, 'local.json'), 'utf8');
}

describe('cluster examples (scripts/cluster)', () => {
  it('the Kubernetes Indexed Job: JOB_COMPLETION_INDEX 0..n−1 → shards 1..n, merged byte-identical to a local sweep', () => {
    const docs = parseAllDocuments(readFileSync(projectPath('scripts/cluster/k8s-indexed-job.yaml'), 'utf8')).map((d) => d.toJS());
    const job = docs.find((d) => d.kind === 'Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const n = job.spec.completions as number;
    const container = job.spec.template.spec.containers[0];
    expect(container.env.find((e: { name: string }) => e.name === 'SHARDS').value).toBe(String(n));
    const shardCommand = (container.command as string[])[2];
    expect(shardCommand).toContain(EXAMPLE_GRID);
    const dir = mkdtempSync(join(tmpdir(), 'capsim-k8s-'));
    const command = shardCommand.replace(EXAMPLE_GRID, SMALL_GRID).replaceAll('/results', dir);
    for (let k = 0; k < n; k++) sh(command, { JOB_COMPLETION_INDEX: String(k), SHARDS: String(n) });
    const merge = parse(readFileSync(projectPath('scripts/cluster/k8s-merge-job.yaml'), 'utf8')).spec.template.spec.containers[0].command[2] as string;
    sh(merge.replaceAll('/results', dir));
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(localSweep(dir));
  }, 600_000);

  it('the GitHub Actions matrix: shard i of strategy.job-total, then the merge job, byte-identical to a local sweep', () => {
    const wf = parse(readFileSync(projectPath('scripts/cluster/github-actions-sweep.yml'), 'utf8'));
    const shards = wf.jobs.shard.strategy.matrix.shard as number[];
    expect(wf.jobs.merge.needs).toBe('shard');
    const run = (wf.jobs.shard.steps as Array<{ run?: string }>).find((s) => s.run?.includes('--shard'))!.run!;
    expect(run).toContain('--tasks 1,2,4 --replications 3');
    const dir = mkdtempSync(join(tmpdir(), 'capsim-gha-'));
    for (const i of shards) {
      const line = run
        .replace('--users "${{ inputs.users }}" --tasks 1,2,4 --replications 3', SMALL_GRID)
        .replaceAll('${{ matrix.shard }}', String(i))
        .replaceAll('${{ strategy.job-total }}', String(shards.length))
        .replace(/--out "part-/, `--out "${dir}/part-`);
      expect(line).not.toContain('${{');
      sh(line);
    }
    const merge = (wf.jobs.merge.steps as Array<{ run?: string }>).find((s) => s.run?.includes('merge'))!.run!;
    sh(merge.replace('parts/part-*.json', `${dir}/part-*.json`).replace('--out result.json', `--out ${dir}/result.json`));
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(localSweep(dir));
  }, 600_000);
});
