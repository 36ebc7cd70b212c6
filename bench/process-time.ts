import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

/** Whole-process timings, each measured in turn with Node's own start-up so both see the same machine. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall seconds of one `node <args>` process; a failing command stops the benchmark. */
export function wall(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

export interface Paired {
  command: number[];
  startup: number[];
}

/** `runs` pairs of (node -e 0, node <args>), alternating, after one unmeasured pair. */
export function paired(args: readonly string[], runs = 5): Paired {
  wall(['-e', '0']);
  wall(args);
  const out: Paired = { command: [], startup: [] };
  for (let i = 0; i < runs; i++) {
    out.startup.push(wall(['-e', '0']));
    out.command.push(wall(args));
  }
  return out;
}

const range = (xs: readonly number[]): string => `median ${median(xs).toFixed(3)} s (${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;

/** One line: the command, Node's start-up beside it, the budget beyond start-up and the verdict. */
export function startupLine(label: string, p: Paired, budget: number): string {
  const beyond = median(p.command) - median(p.startup);
  return `${label}: ${range(p.command)} beside node -e 0 ${range(p.startup)}, ${p.command.length} pairs: ${beyond.toFixed(3)} s beyond start-up, target ≤ ${budget.toFixed(2)} s: ${beyond <= budget ? 'within' : 'OUTSIDE'}`;
}

export const loadLine = (): string => `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`;
