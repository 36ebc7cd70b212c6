import type { Nanos } from '../engine/index.js';
import type { IterationOutcome, VirtualUser } from './virtual-user.js';

export type ExecutorKind = 'per-vu-iterations' | 'constant-vus' | 'ramping-vus' | 'constant-arrival-rate' | 'locust';

/** The active-VU count became `vus` at time `t` (one entry per instant, last value wins). */
export interface VusChange {
  readonly t: Nanos;
  readonly vus: number;
}

/**
 * Live counters of one executor run, named after k6's built-in metrics where one exists.
 * Invariants: started = completed + interrupted + in flight; at the end nothing is in flight.
 */
export interface ExecutorStats {
  readonly kind: ExecutorKind;
  readonly name: string;
  /** Iterations begun. */
  readonly started: number;
  /** Iterations that called done(): k6's `iterations` counter. */
  readonly completed: number;
  /** Iterations cut off when gracefulStop / gracefulRampDown / Locust's stop timeout ran out. */
  readonly interrupted: number;
  /**
   * k6's `dropped_iterations`: arrival-rate iterations that found no free VU, and per-VU
   * iterations never begun because maxDuration had passed.
   */
  readonly dropped: number;
  /** VUs active now: k6's `vus` (Locust: the user count). */
  readonly vus: number;
  /** VUs initialised: k6's `vus_max`. */
  readonly vusMax: number;
  readonly vusSeries: readonly VusChange[];
  /** When `start()` was called. */
  readonly startedAt: Nanos | undefined;
  /** When the last VU stopped: the end of k6's test run for this scenario. */
  readonly finishedAt: Nanos | undefined;
  /** finishedAt − startedAt: k6's test-run duration, the divisor of every `/s` rate. */
  readonly duration: Nanos | undefined;
}

export type MutableStats = { -readonly [K in keyof ExecutorStats]: ExecutorStats[K] } & { vusSeries: VusChange[] };

export function emptyStats(kind: ExecutorKind, name: string): MutableStats {
  return {
    kind, name, started: 0, completed: 0, interrupted: 0, dropped: 0, vus: 0, vusMax: 0, vusSeries: [],
    startedAt: undefined, finishedAt: undefined, duration: undefined,
  };
}

/** Optional observers, called at simulated time as things happen. */
export interface ExecutorHooks {
  onIterationStart?(vu: VirtualUser, t: Nanos): void;
  onIterationEnd?(vu: VirtualUser, t: Nanos, outcome: IterationOutcome): void;
  onDropped?(t: Nanos, count: number): void;
  onVus?(t: Nanos, vus: number): void;
  onFinish?(stats: ExecutorStats): void;
}
