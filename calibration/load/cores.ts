/** Cores of a real run: the app servers under test get core 0 to themselves; the backend (Redis, MariaDB) and the load generator share core 1. */
export const APP_CPUS = '0';
export const LOAD_CPUS = '1';
/**
 * Scheduler weight of the experiment's sessions (autogroups) while it runs: on a machine shared with
 * other work, −10 gives the app servers, the backend and the load generator about 90 % of a contended
 * core instead of an equal share per session; on an idle machine it changes nothing.
 */
export const EXPERIMENT_AUTOGROUP_NICE = -10;
