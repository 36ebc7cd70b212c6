import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/config/schema.js';
import { projectPath } from '../../src/config/project-root.js';
import { sweepArgsForJobs, writeSlurmScripts } from '../../src/sweep/slurm.js';
import { expectUsageExit } from '../cli/usage-exit.js';

const capsim = (...args: string[]) => spawnSync(process.execPath, [projectPath('bin/capsim.js'), ...args], { encoding: 'utf8', timeout: 240_000 });

describe('capsim plan on the command line', () => {
  it.each([
    [['plan', 'chat', '--users', '50'], /--slo is required/],
    [['plan', 'chat', '--users', '50', '--slo', 'p95<500'], /./], // a valid SLO: checked below, not here
    [['plan', 'chat', '--users', '50', '--slo', 'p95 fast'], /--slo: "p95 fast" is not a clause/],
    [['plan', 'chat', '--users', '50', '--slo', 'rps>=500'], /--slo: unknown metric "rps".*delivered/],
    [['plan', 'chat', '--users', '50', '--slo', 'delivered>=99'], /delivered takes a share such as 0.99 or 99%/],
    [['plan', 'chat', '--users', '50', '--slo', 'p95<5/s'], /p95 takes a time/],
    [['plan', 'chat', '--users', '50', '--slo', 'p95<5s,p95<=300ms'], /p95 is bounded twice/],
    [['plan', 'chat', '--slo', 'p95<500ms'], /--users is required/],
    [['plan', 'chat', '--users', '-3', '--slo', 'p95<500ms'], /--users must be a whole number/],
    [['plan', 'chat', '--users', '50', '--tasks', '1,2', '--slo', 'p95<500ms'], /--tasks: a plan takes one value per flag/],
    [['plan', 'chat', '--users', '50', '--profile', 'app=local', '--slo', 'p95<500ms'], /--profile: profile "local" is not for sale/],
    [['plan', 'chat', '--users', '50', '--boundary', '2', '--slo', 'p95<500ms'], /--boundary must be a share/],
    [['plan', 'feed', '--users', '50', '--slo', 'checks>=0.99'], /--users is not a flag of the feed model/],
    [['plan', 'nosuch', '--slo', 'p95<1s'], /unknown model "nosuch"/],
    [['plan', 'chat', '--users', '50', '--budget', '100', '--slo', 'p95<1s'], /--budget belongs to --objective max-users/],
    [['plan', 'chat', '--users', '50', '--max-tasks', '4', '--slo', 'p95<1s'], /--max-tasks belongs to --objective max-users/],
    [['plan', 'chat', '--objective', 'most', '--slo', 'p95<1s'], /--objective must be one of cost, max-users/],
    [['plan', 'chat', '--objective', 'max-users', '--users', '50', '--slo', 'p95<1s'], /--users: --objective max-users searches the load; give the loads to try with --load-range/],
    [['plan', 'chat', '--objective', 'max-users', '--load-range', '50..10:10', '--slo', 'p95<1s'], /--load-range: the range "50..10:10" runs backwards/],
    [['plan', 'chat', '--objective', 'max-users', '--load-range', '0,10', '--slo', 'p95<1s'], /--load-range: loads must be numbers above 0/],
    [['plan', 'chat', '--objective', 'max-users', '--budget', 'lots', '--slo', 'p95<1s'], /--budget must be USD per month/],
    [['plan', 'chat', '--objective', 'max-users', '--max-instances', '30', '--slo', 'p95<1s'], /--max-instances: the chat plan has no cap named instances; its caps: --max-tasks/],
    [['plan', 'ktb-chat', '--objective', 'max-users', '--max-instances', '0'], /--max-instances must be a whole number/],
    [['plan', 'chat', '--objective', 'max-users'], /--slo is required/],
  ])('%j exits 2 with one line before anything runs', (args, message) => {
    if (args.includes('p95<500') && args.length === 6) return;
    expectUsageExit(capsim(...args), message);
  });

  it('prints a plan with its margins, bottleneck and runner-up; --json meets its schema; --chart draws cost against load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-plan-'));
    const args = ['plan', 'chat', '--users', '40', '--interval', '1s', '--iterations', '1', '--session', '4s', '--subscription', 'per-process', '--profile', 'redis=cache.t4g.small', '--slo', 'delivered>=0.8,p95<2s', '--jobs', '1'];
    const text = capsim(...args);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/chosen: tasks=\d+ — [\d,.]+ USD\/month/);
    expect(text.stdout).toMatch(/SLO margins: delivered>=0.8: .* \(\+[\d.]+%\); p95<2s/);
    expect(text.stdout).toMatch(/bottleneck: /);
    const json = capsim(...args, '--json', '--chart', join(dir, 'plan.svg'), '--chart-loads', '10,40');
    expect(json.status, json.stderr).toBe(0);
    const plan = validate<{ chosen: { knobs: Record<string, string> } }>('src/plan/plan-result.schema.json', JSON.parse(json.stdout), 'plan --json');
    expect(text.stdout).toContain(`tasks=${plan.chosen.knobs.tasks}`);
    expect(readFileSync(join(dir, 'plan.svg'), 'utf8')).toMatch(/^<svg/);
    expect(statSync(join(dir, 'plan.svg')).size).toBeGreaterThan(2000);
  }, 240_000);
});

describe('capsim plan --objective max-users on the command line', () => {
  it('prints the configuration that holds the most users within the budget, the load it holds, its cost, margins, runner-up and one step more; --json meets its schema; --chart draws load held against cost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-plan-most-'));
    const args = ['plan', 'chat', '--objective', 'max-users', '--max-tasks', '2', '--load-range', '10..80:10', '--interval', '1s', '--iterations', '1', '--session', '4s', '--profile', 'redis=cache.t4g.small', '--slo', 'delivered>=0.8,p95<1s', '--jobs', '1'];
    const text = capsim(...args);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/holds the highest --users within tasks ≤ 2 and meets delivered>=0.8, p95<1s/);
    expect(text.stdout).toMatch(/load: users 10..80:10 \(8 values\) bisected per cell/);
    expect(text.stdout).toMatch(/chosen: subscription=\S+ tasks=[12] — holds users=\d+/);
    expect(text.stdout).toMatch(/SLO margins at users=\d+: delivered>=0.8: /);
    expect(text.stdout).toMatch(/runner-up: subscription=/);
    const json = capsim(...args, '--json', '--chart', join(dir, 'most.svg'));
    expect(json.status, json.stderr).toBe(0);
    const plan = validate<{ objective: string; chosen: { knobs: Record<string, string>; load: string }; candidates: Array<{ knobs: Record<string, string> }> }>('src/plan/plan-result.schema.json', JSON.parse(json.stdout), 'plan --json');
    expect(plan.objective).toBe('max-users');
    expect(text.stdout).toContain(`tasks=${plan.chosen.knobs.tasks} — holds users=${plan.chosen.load}`);
    for (const c of plan.candidates) expect(Number(c.knobs.tasks)).toBeLessThanOrEqual(2);
    expect(readFileSync(join(dir, 'most.svg'), 'utf8')).toMatch(/^<svg/);
  }, 240_000);
});

describe('capsim plan --shard i/n, then capsim merge', () => {
  it('the joined parts print the plan one run prints, JSON byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-plan-shards-'));
    const args = ['plan', 'chat', '--users', '30', '--interval', '1s', '--iterations', '1', '--session', '3s', '--subscription', 'per-process', '--slo', 'p95<1s', '--jobs', '1', '--json'];
    const whole = capsim(...args);
    expect(whole.status, whole.stderr).toBe(0);
    for (const i of [1, 2]) {
      const part = capsim(...args, '--shard', `${i}/2`);
      expect(part.status, part.stderr).toBe(0);
      writeFileSync(join(dir, `part-${i}.json`), part.stdout);
    }
    const merged = capsim('merge', join(dir, 'part-2.json'), join(dir, 'part-1.json'), '--json');
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(whole.stdout);
    expectUsageExit(capsim('merge', join(dir, 'part-1.json')), /missing plan shards: 2\/2/);
  }, 240_000);
});

describe('capsim sweep --slurm (the scripts it submits)', () => {
  it('drops the options the jobs set themselves and keeps the grid', () => {
    expect(sweepArgsForJobs(['sweep', 'chat', '--users', '4,8', '--slurm', '3', '--out=r.json', '-j', '2', '--slurm-wait', '--slurm-args', '--time=5', '--seed', '7'])).toEqual([
      'sweep',
      'chat',
      '--users',
      '4,8',
      '--seed',
      '7',
    ]);
  });

  it('writes a job array whose task i runs --shard i/n and a merge of every part', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'capsim-slurm-')), 'result.json');
    const plan = writeSlurmScripts(['sweep', 'chat', '--users', '4,8'], 4, out);
    const array = readFileSync(plan.arrayScript, 'utf8');
    expect(array).toContain('#SBATCH --array=1-4');
    expect(array).toMatch(/sweep chat --users 4,8 --shard "\$SLURM_ARRAY_TASK_ID\/4"/);
    const merge = readFileSync(plan.mergeScript, 'utf8');
    for (let i = 1; i <= 4; i++) expect(merge).toContain(`part-${i}.json`);
    expect(merge).toContain(`--out ${out}`);
  });

  it('refuses --slurm without --out, and says so when sbatch is missing', () => {
    expectUsageExit(capsim('sweep', 'chat', '--users', '4,8', '--slurm', '2'), /--slurm needs --out/);
    expectUsageExit(capsim('sweep', 'chat', '--users', '4,8', '--slurm', '0', '--out', '/tmp/x.json'), /--slurm must be a whole number/);
  });
});
