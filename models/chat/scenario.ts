import type { Nanos } from '../../src/engine/time.js';
import type { Profile } from '../../src/config/profiles.js';
import type { SubscriptionMode } from './app-task.js';

/** One experiment of seed §1, in the load script's own terms. */
export interface ChatScenario {
  users: number;
  intervalNs: Nanos;
  /** How long each WebSocket is held open. */
  sessionNs: Nanos;
  /** Iterations (sessions) per VU, run back to back. */
  iterations: number;
  tasks: number;
  /** Chat message payload; undefined = the model's fitted size. */
  messageBytes?: number;
  subscription: SubscriptionMode;
  appProfile: Profile;
  redisProfile: Profile;
  /** A fixed egress cap (tc tbf) replacing the Redis profile's allowance. */
  redisEgressBitsPerSec?: number;
  /**
   * Share of its core an app task gets while it has work (0 < share ≤ 1; undefined = the whole
   * core): other processes on the same core take the rest. A recorded run states it (its
   * run-queue wait); a dedicated core has 1.
   */
  appCoreShare?: number;
  seed: number;
}
