import { coreShare } from '../../src/machine/core-share.js';
import { simulateLeaderboard } from '../../models/leaderboard/model.js';
import type { LeaderboardParams } from '../../models/leaderboard/params.js';
import type { LeaderboardScenario } from '../../models/leaderboard/scenario.js';
import type { LeaderboardRecord } from './records.js';

/** Processes of a run pinned to the server's core (core 1) and to the load generator's (core 0). */
const SERVER_CORE_PROCESSES = ['server', 'redis', 'mariadb'] as const;
const GENERATOR_CORE_PROCESSES = ['load', 'proxy'] as const;
/**
 * The slice a CPU-bound process holds a core for before the scheduler switches: Linux EEVDF's base
 * slice, 0.75 ms scaled by 1 + log2(online CPUs) on a 2-core machine (kernel/sched/fair.c,
 * sysctl_sched_base_slice with SCHED_TUNABLESCALING_LOG).
 */
export const OTHER_WORK_SLICE_US = 1_500;
/** Other work taking at least this share of a core is capped: the run's own processes always got some. */
const MOST_TAKEN = 0.9;

/** The run's single-threaded processes on each core: their run-queue waits bound what others cost them. */
const WAITERS = { core1: ['server', 'redis'], core0: ['load', 'proxy'] } as const;

/**
 * What other work took from a core over a run's load phase, as far as it held up the run's own
 * processes: the core's share of ticks running any task (machine.coreBusy, /proc/stat with the
 * hypervisor's steal) less the run's own processes' CPU on it (schedstat), and at most the time the
 * run's single-threaded processes there waited for the core (machine.runQueueWait: what others took
 * while the run's processes were idle held none of them up; MariaDB's many threads are left out
 * of the bound, their waits overlap). Undefined for records made before the accounting (2026-12-06).
 */
export function othersOnCore(r: LeaderboardRecord, core: 'core0' | 'core1'): number | undefined {
  const busy = (r.machine.coreBusy as Record<string, number> | undefined)?.[core];
  if (typeof busy !== 'number') return undefined;
  const ours = (core === 'core1' ? SERVER_CORE_PROCESSES : GENERATOR_CORE_PROCESSES).reduce((s, p) => s + (r.resources?.[`${p}_cpu_utilisation`] ?? 0), 0);
  const waits = r.machine.runQueueWait as Record<string, number> | undefined;
  const waited = WAITERS[core].reduce((s, p) => s + (waits?.[p] ?? 0), 0);
  return Math.min(MOST_TAKEN, Math.max(0, busy - ours), core === 'core1' && waits ? waited : Infinity);
}

/**
 * The run as validation re-simulates it on a machine others shared: on each core, other work takes
 * its turns in scheduler slices (src/components/other-work.ts), at the share of the wall time that
 * held up the run's processes there. The server's core: othersOnCore. The load generator's core,
 * where it runs alone (the delay proxy aside): the share of the time it wanted the core that it
 * waited, 1 − coreShare(busy, wait) as chat's validation takes it, its busy share from the
 * simulation on a whole core (never the measured CPU, which is what it got) — a process that
 * always wants a core where slices take a share s of the time waits s of it. A record without the
 * accounting is unchanged.
 */
export function withOtherWork(r: LeaderboardRecord, sc: LeaderboardScenario, params: LeaderboardParams): LeaderboardScenario {
  const server = othersOnCore(r, 'core1');
  const generatorOthers = othersOnCore(r, 'core0');
  if (server === undefined && generatorOthers === undefined) return sc;
  const waits = (r.machine.runQueueWait as Record<string, number> | undefined) ?? {};
  const generatorWait = WAITERS.core0.reduce((s, p) => s + (waits[p] ?? 0), 0);
  let generator = 0;
  if (sc.loadGenerator && generatorWait > 0) {
    const whole = simulateLeaderboard({ ...sc, otherWork: { serverCore: server ?? 0, generatorCore: 0, sliceUs: OTHER_WORK_SLICE_US } }, params);
    generator = Math.min(generatorOthers ?? 0, 1 - coreShare(whole.iterations.generatorBusyNs / whole.windowNs, generatorWait));
  }
  return { ...sc, otherWork: { serverCore: server ?? 0, generatorCore: generator, sliceUs: OTHER_WORK_SLICE_US } };
}
