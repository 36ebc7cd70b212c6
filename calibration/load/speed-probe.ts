import { probeCoreMs } from '../../src/machine/speed-probe.js';

// The workload and its timing live in src/machine/speed-probe.ts, shared with `predict --profile local`.

/** The probe on each core, as recorded in a run's `machine.speedProbe` ("core0": [before, after] ms). */
export type SpeedProbe = Record<string, number[]>;

export function probeCores(cpus: string[]): Record<string, number> {
  return Object.fromEntries(cpus.map((c) => [`core${c}`, probeCoreMs(c)]));
}

/** Before and after, per core. */
export function bracket(before: Record<string, number>, after: Record<string, number>): SpeedProbe {
  return Object.fromEntries(Object.keys(before).map((k) => [k, [before[k], after[k]]]));
}

/** How much slower a run's `core` was than `referenceMs` (1 = as fast): the mean of before and after. */
export function slowdown(probe: SpeedProbe | undefined, core: string, referenceMs: number): number | undefined {
  const ms = probe?.[core];
  if (!ms || ms.length === 0) return undefined;
  return ms.reduce((a, b) => a + b, 0) / ms.length / referenceMs;
}
