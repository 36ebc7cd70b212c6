/**
 * A process's share of a core other sessions also want. On a host where other work keeps a core
 * busy, the scheduler gives a runnable process only part of it; the run records measure what that
 * cost with schedstat (seconds runnable but not running, `/proc/<pid>/schedstat`). These helpers turn
 * such a recorded wait into the share a simulation gives the process: a condition of the host
 * during the run, as its speed probe is, never a figure the run is judged on.
 */

/**
 * The share of its core a process busy `busy` of the time got when it also waited `wait` of the
 * time for it: it wanted the core busy + wait of the time and ran busy of it.
 */
export function coreShare(busy: number, wait: number): number {
  return busy > 0 && wait > 0 ? busy / (busy + wait) : 1;
}

/** Bounds of a share searched for: below `floor` a run would be the host's outcome, not the process's. */
export interface ShareSearch {
  floor: number;
  /** Bisection steps (each one simulation). */
  steps: number;
}

export const DEFAULT_SHARE_SEARCH: ShareSearch = { floor: 0.2, steps: 8 };

/**
 * The share at which a simulated run waits on its run queue as long as the recorded run did:
 * `simulatedWait(share)` re-simulates with the process given `share` of its core whenever it stays
 * runnable (its wake-up waits and its waits for its own siblings included) and returns seconds per
 * second runnable but not running. The simulated wait falls as the share rises, so the share is
 * bisected in [floor, 1]; 1 when the run waited no longer than the simulation does on a whole core
 * (its waits were wake-ups, which the simulation carries apart).
 */
export function shareForRunQueueWait(measuredWait: number, simulatedWait: (share: number) => number, search: ShareSearch = DEFAULT_SHARE_SEARCH): number {
  if (!(measuredWait > 0) || simulatedWait(1) >= measuredWait) return 1;
  let lo = search.floor;
  let hi = 1;
  if (simulatedWait(lo) <= measuredWait) return lo;
  for (let k = 0; k < search.steps; k++) {
    const mid = (lo + hi) / 2;
    if (simulatedWait(mid) > measuredWait) lo = mid;
    else hi = mid;
  }
  return +((lo + hi) / 2).toFixed(3);
}
