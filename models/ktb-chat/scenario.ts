import type { Nanos } from '../../src/engine/time.js';
import type { Profile } from '../../src/config/profiles.js';

export type AdapterMode = 'classic' | 'sharded';
export type CreditMode = 'standard' | 'unlimited';

/** The per-user script the write-up does not publish: each figure a stated assumption. */
export interface UserAssumptions {
  roomSize: number;
  intervalNs: Nanos;
  messageBytes: number;
  /** Share of connecting users that also load the room's history. */
  historyShare: number;
}

/** One ramp test of seed §5 against one architecture. */
export interface KtbScenario {
  /** k6 ramping-vus: startVUs and stages (linear ramps), gracefulRampDown. */
  startUsers: number;
  stages: Array<{ durationNs: Nanos; target: number }>;
  gracefulRampDownNs: Nanos;
  instances: number;
  containers: number;
  /** vCPUs of each app instance (the profile's, or fewer for a run pinned to fewer cores). */
  appCores: number;
  /**
   * Share of each app vCPU the apps can get while they have work (1 in the cloud; a local run on a
   * shared machine: its measured CPU ÷ (CPU + run-queue wait), the rest taken by other tenants).
   */
  appShare: number;
  redisMasters: number;
  adapter: AdapterMode;
  creditMode: CreditMode;
  /** CPU credits each app and Redis instance holds at the start (standard and unlimited alike). */
  initialCredits: number;
  user: UserAssumptions;
  deadlineNs: Nanos;
  appProfile: Profile;
  redisProfile: Profile;
  seed: number;
}
