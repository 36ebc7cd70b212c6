import { execFileSync } from 'node:child_process';
import { PYTHON } from './app-servers.js';

/**
 * A fixed pure-Python workload (dicts, strings, calls: what Django spends its time on), timed in
 * CPU seconds of its own process on one core, best of 5. The same work costs more CPU when the
 * host runs this VM's core slower (a neighbour, the host's clock), which no guest counter shows:
 * one feed run (100 VUs, max_connections 200, F = 50) needed 20.7 ms of server CPU per request,
 * and the same settings 12.1–13.5 ms about 70 minutes later (models/feed/README.md). Timed before and after each real run, it says
 * how fast the core was, so a simulation of the run can use that speed.
 */
const WORKLOAD = `
import time
def work():
    d = {}
    for i in range(60000):
        d["k%d" % i] = (i, str(i * 7))
    return sum(len(v[1]) for v in d.values())
best = float("inf")
for _ in range(5):
    t = time.process_time()
    work()
    best = min(best, time.process_time() - t)
print(best * 1000)
`;

/** CPU milliseconds of the probe workload on `cpu` (a taskset core list). */
function probeCoreMs(cpu: string): number {
  const out = execFileSync('taskset', ['-c', cpu, PYTHON, '-c', WORKLOAD], { encoding: 'utf8' });
  return +Number(out.trim()).toFixed(2);
}

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
