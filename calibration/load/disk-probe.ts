import { execFileSync } from 'node:child_process';
import { projectPath } from '../../src/config/project-root.js';
import { PYTHON } from './app-servers.js';

/** calibration/feed/sqlite-lock-fairness.py as one writer of 100 INSERTs in /tmp, where a run's SQLite file lives. */
const BENCHMARK = 'calibration/feed/sqlite-lock-fairness.py';
const ONE_WRITER = { WRITERS: '1', ROWS: '100', GAP_US: '0', SECONDS: '0', DIR: '/tmp' };

/**
 * The SQLite counterpart of the speed probe: one writer's autocommit INSERTs into a fresh file,
 * timed on the app's core. A commit holds the file's lock through its journal fsyncs, and this
 * disk's fsync ranged from about 0.5 ms (2026-11-22) to 18–37 ms (2026-12-05,
 * models/feed/sqlite-lock-fairness.json): no CPU probe shows that. The median INSERT less its CPU,
 * µs: the part of a statement's lock that is the disk's.
 */
export function probeDiskUs(cpu: string): number {
  const out = execFileSync('taskset', ['-c', cpu, PYTHON, projectPath(BENCHMARK)], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...ONE_WRITER } });
  const one = (JSON.parse(out) as { cases: Array<{ statementMs: { p50: number }; cpuUsPerStatement: number }> }).cases[0];
  return +Math.max(0, 1000 * one.statementMs.p50 - one.cpuUsPerStatement).toFixed(1);
}
