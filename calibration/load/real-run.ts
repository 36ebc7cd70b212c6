import { execFileSync } from 'node:child_process';
import { EXPERIMENT_AUTOGROUP_NICE, LOAD_CPUS } from './cores.js';
import { autogroupNice, setAutogroupNice } from './proc-stat.js';

/**
 * The frame of every real run (`capsim load chat|feed`): this process and its threads move to the
 * load generator's core and the experiment's scheduler weight; SIGINT, SIGTERM or the hard time-out
 * abort `run` through its signal. Whatever happens, `tearDown` then stops what the run started,
 * and the caller's weight and signal handlers are restored.
 */
export async function withRealRun<T>(hardTimeoutMs: number, run: (signal: AbortSignal) => Promise<T>, tearDown: () => Promise<void>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(new Error(`interrupted by ${signal}; everything started was stopped`));
  const hardStop = setTimeout(() => controller.abort(new Error(`hard timeout after ${hardTimeoutMs / 1000} s; everything started was stopped`)), hardTimeoutMs);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // This process's autogroup is its caller's session (a shell, say): raised for the run, then restored.
  const callerNice = autogroupNice('self');
  try {
    execFileSync('taskset', ['-a', '-cp', LOAD_CPUS, String(process.pid)], { stdio: 'ignore' });
    if (callerNice !== undefined) setAutogroupNice('self', EXPERIMENT_AUTOGROUP_NICE);
    return await run(controller.signal);
  } finally {
    clearTimeout(hardStop);
    if (!controller.signal.aborted) controller.abort(new Error('run finished'));
    await tearDown();
    if (callerNice !== undefined) setAutogroupNice('self', callerNice);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A process's scheduler weight as a run record states it. */
export function niceLabel(pid: number | 'self'): string {
  const n = autogroupNice(pid);
  return n === undefined ? 'no autogroups' : `autogroup nice ${n}`;
}
