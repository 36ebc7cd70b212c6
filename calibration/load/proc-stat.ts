import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond: number | undefined;

/** The kernel's clock tick (USER_HZ) that /proc/<pid>/stat counts CPU time in; 100 on Linux. */
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** utime + stime from /proc/<pid>/stat, in clock ticks (10 ms): coarse, but it includes exited threads. */
function statCpuSeconds(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields are counted after the last ')': the command name may hold spaces and parentheses.
  // After the name: state(3) ppid(4) … utime(14) stime(15), i.e. indices 11 and 12 here.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

export interface SchedTimes {
  /** Seconds on a CPU. */
  cpu: number;
  /** Seconds runnable but waiting for a CPU: time other work (or a core-mate) took from it. */
  wait: number;
}

/**
 * What the scheduler has accounted to a process so far, all its threads, or undefined once it has
 * exited: /proc/<pid>/task/<tid>/schedstat (ns on CPU, ns waiting on a run queue). That is exact
 * where /proc/<pid>/stat counts 10 ms ticks, which a short run at light load would round to
 * nothing; stat is the fallback for CPU time on kernels without schedstats.
 */
export function schedTimes(pid: number | 'self'): SchedTimes | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let cpu = 0;
  let wait = 0;
  for (const tid of tids) {
    try {
      const [run, queued] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      cpu += run;
      wait += queued;
    } catch {
      // the thread ended between readdir and read: its time is gone from schedstat either way
    }
  }
  if (Number.isFinite(cpu) && cpu > 0) return { cpu: cpu / 1e9, wait: wait / 1e9 };
  const ticks = statCpuSeconds(pid === 'self' ? process.pid : pid);
  return ticks === undefined ? undefined : { cpu: ticks, wait: 0 };
}

export const cpuSeconds = (pid: number): number | undefined => schedTimes(pid)?.cpu;

/** The cores a process may run on, as the kernel reports them (`Cpus_allowed_list`, e.g. "0" or "0-1"). */
export function allowedCpus(pid: number): string | undefined {
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Jiffies of every core so far, from /proc/stat (`cpu0`, `cpu1`, …): `tasks` = time running
 * processes (user, nice, system, and steal by the hypervisor), `interrupts` = irq + softirq (where
 * loopback traffic is processed), `total` = all of it plus idle and iowait.
 */
export function coreTimes(): Array<{ tasks: number; interrupts: number; total: number }> {
  const cores: Array<{ tasks: number; interrupts: number; total: number }> = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = m[2].trim().split(/\s+/).map(Number);
    const tasks = user + nice + system + (steal || 0);
    cores[Number(m[1])] = { tasks, interrupts: irq + softirq, total: tasks + irq + softirq + idle + iowait };
  }
  return cores;
}

/**
 * The CPU weight of a process's scheduler autogroup (its session), "-10" … "19"; undefined where
 * autogroups are off. With autogroups the kernel shares a core fairly between sessions, whatever
 * the processes' own nice values, so this is the knob that gives an experiment precedence over
 * other work on a shared machine.
 */
export function autogroupNice(pid: number | 'self'): number | undefined {
  try {
    const m = /nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Sets the autogroup weight (root only); false where autogroups are off or it is not allowed. */
export function setAutogroupNice(pid: number | 'self', nice: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  } catch {
    return false;
  }
}
