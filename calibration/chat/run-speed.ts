import { median } from 'mathjs';
import { chatScenario } from '../../models/chat/flags.js';
import { withCoreSpeeds } from '../../models/chat/core-speed.js';
import { simulateChat } from '../../models/chat/model.js';
import type { ChatParams } from '../../models/chat/params.js';
import type { ChatScenario } from '../../models/chat/scenario.js';
import { APP_CPUS, LOAD_CPUS } from '../load/cores.js';
import { slowdown, type SpeedProbe } from '../load/speed-probe.js';
import type { RunRecord } from '../records.js';
import { coreShare } from '../../src/machine/core-share.js';

/**
 * How fast a recorded run's cores were against the core the local costs hold on: its speed probe
 * (calibration/load/speed-probe.ts, before and after the run) against `app.probeReferenceMs`.
 * uvicorn runs on core 0, Redis on core 1. A record without a probe ran at the reference speed.
 */
export function runCoreSpeeds(r: RunRecord, params: ChatParams): { app: number; redis: number } {
  const reference = params.app.probeReferenceMs.value;
  if (!(reference > 0)) return { app: 1, redis: 1 };
  const probe = r.machine.speedProbe as SpeedProbe | undefined;
  const app = slowdown(probe, `core${APP_CPUS}`, reference);
  const redis = slowdown(probe, `core${LOAD_CPUS}`, reference);
  return { app: app ? 1 / app : 1, redis: redis ? 1 / redis : 1 };
}

/** A recorded run as the simulation takes it: its exact settings (seed 1), on cores as fast as its probe says. */
export function recordScenario(r: RunRecord, params: ChatParams): { scenario: ChatScenario; params: ChatParams } {
  const scenario = chatScenario({ ...r.settings, seed: '1' });
  return withCoreSpeeds(scenario, params, runCoreSpeeds(r, params), `speed probe of ${r.id}`);
}

/**
 * The run as validate re-simulates it: recordScenario, and with the share of its core uvicorn got
 * (appCoreShare). calibrate fits the CPU costs on a whole core (recordScenario): the share leaves
 * a run's CPU time as the work costs, and the committed costs were fitted that way (models/chat/README.md).
 */
export function sharedCoreScenario(r: RunRecord, params: ChatParams): { scenario: ChatScenario; params: ChatParams } {
  const run = recordScenario(r, params);
  const wait = runQueueWait(r);
  if (!(wait > 0)) return run;
  // The share needs how busy uvicorn was: taken from the simulation on a whole core, never from the
  // measured CPU (a validated figure).
  const busy = simulateChat(run.scenario, run.params);
  return { ...run, scenario: { ...run.scenario, appCoreShare: coreShare(busy.appWork.cpuSeconds / (busy.durationNs / 1e9), wait) } };
}

/** Share of the run's wall time uvicorn was runnable but waiting for its core (the record's scheduler statistics). */
export function runQueueWait(r: RunRecord): number {
  const wait = (r.machine.runQueueWait as Record<string, number> | undefined)?.uvicorn;
  return typeof wait === 'number' && wait > 0 ? wait : 0;
}

/**
 * The probe time at which the fitted costs hold: the probe a run without one would have shown.
 * A setting made again with a probe (`<id>-r<k>`) beside its unprobed original gives it: the same
 * work took cpu(original)/cpu(repeat) as long, so the original core was that much slower than the
 * repeat's probe says. Without such pairs, the median of the runs' probes (both cores, before and after).
 */
export function probeReference(runs: RunRecord[]): number | undefined {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const cpu = (r: RunRecord): number => r.resources?.server_cpu_seconds ?? NaN;
  const appProbe = (r: RunRecord): number | undefined => slowdown(r.machine.speedProbe as SpeedProbe | undefined, `core${APP_CPUS}`, 1);
  const pairs = runs.flatMap((r) => {
    const original = byId.get(/^(.*)-r\d+$/.exec(r.id)?.[1] ?? '');
    const probe = appProbe(r);
    if (!original || original.machine.speedProbe || probe === undefined || !(cpu(original) > 0 && cpu(r) > 0)) return [];
    return [(probe * cpu(original)) / cpu(r)];
  });
  const ms = (pairs.length > 0 ? pairs : runs.flatMap((r) => Object.values((r.machine.speedProbe as SpeedProbe | undefined) ?? {}).flat()));
  return ms.length === 0 ? undefined : +(median(ms) as number).toFixed(2);
}

