import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mm1EventsPerSecond } from './mm1.js';

/** Prints speed figures; nothing here asserts, the figures go into notes and READMEs. */
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));

mm1EventsPerSecond(200_000); // warm-up: let V8 optimise the hot path
const runs = [1, 2, 3].map((seed) => mm1EventsPerSecond(2_000_000, seed));
console.log(`engine, M/M/1 ρ=0.8 through Cpu (FCFS), 2,000,000 customers, median of 3:`);
console.log(`  ${(median(runs.map((r) => r.eventsPerSec)) / 1e6).toFixed(2)} M events/s, ${(median(runs.map((r) => r.customersPerSec)) / 1e6).toFixed(2)} M customers/s`);

/** Whole-process wall time of `node <args>`, median of 3. */
function wall(args: string[]): number {
  const times = [1, 2, 3].map(() => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
    return (performance.now() - t0) / 1000;
  });
  return median(times);
}

for (const users of [100, 1000]) {
  const args = ['predict', 'chat', '--users', String(users), '--interval', '1s'];
  console.log(`capsim ${args.join(' ')}: whole process ${wall([bin, ...args]).toFixed(2)} s wall (median of 3)`);
}

// Issue 18: 100 M players are arithmetic, so the leaderboard must answer within Node's start-up + 1 s.
const startup = wall(['-e', '']);
const leaderboard = ['predict', 'leaderboard', '--players', '100M'];
const lb = wall([bin, ...leaderboard]);
const target = startup + 1;
console.log(`capsim ${leaderboard.join(' ')}: whole process ${lb.toFixed(2)} s wall beside node start-up (node -e '') ${startup.toFixed(2)} s (medians of 3): target start-up + 1 s = ${target.toFixed(2)} s, ${lb <= target ? 'within' : 'OUTSIDE'} (${(lb - startup).toFixed(2)} s beyond start-up)`);

// The ktb-chat ramp (100 → 5,000 users over 24.5 simulated minutes, 100 processes) must predict in a few seconds.
const ktb = ['predict', 'ktb-chat'];
const ktbWall = wall([bin, ...ktb]);
console.log(`capsim ${ktb.join(' ')}: whole process ${ktbWall.toFixed(2)} s wall (median of 3), ${(ktbWall - startup).toFixed(2)} s beyond start-up`);
