import { execFileSync } from 'node:child_process';

/** Debian's interpreter: the one the bundled servers run on. */
export const PROBE_PYTHON = '/usr/bin/python3';

/**
 * A fixed pure-Python workload (dicts, strings, calls: what Django and uvicorn spend their time on),
 * timed in CPU seconds of its own process on one core, best of 5. The same work costs more CPU when
 * the host runs the core slower (another CPU model, a neighbour, the host's clock), which no guest
 * counter shows. Run records carry it (before and after each real run) and `--profile local` times
 * it on the machine it predicts for, so costs fitted on one machine carry to another.
 */
export const PROBE_WORKLOAD = `
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

/** What a cached or recorded probe time was measured with: a changed workload makes old times incomparable. */
export const PROBE_NAME = 'speed probe v1: pure-Python dict/str workload, best of 5, process CPU time';

/** CPU milliseconds of the probe workload on `cpu` (a taskset core list). */
export function probeCoreMs(cpu: string): number {
  const out = execFileSync('taskset', ['-c', cpu, PROBE_PYTHON, '-c', PROBE_WORKLOAD], { encoding: 'utf8' });
  return +Number(out.trim()).toFixed(2);
}
