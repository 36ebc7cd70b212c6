import { fileURLToPath } from 'node:url';
import { mm1EventsPerSecond } from './mm1.js';
import { mm1FloorEventsPerSecond } from './mm1-floor.js';
import { loadLine, median, paired, startupLine, wall } from './process-time.js';
import { sweepOverhead, sweepSpeedup } from './sweep-cost.js';

/** Prints speed figures; nothing here asserts, the figures go into notes and READMEs. */
const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));

console.log(`machine: ${loadLine()} at the start; every start-up figure below is measured in turn with node -e 0`);

mm1EventsPerSecond(200_000); // warm-up: let V8 optimise the hot path
mm1FloorEventsPerSecond(200_000);
const runs = [1, 2, 3].map((seed) => mm1EventsPerSecond(2_000_000, seed));
const floor = [1, 2, 3].map((seed) => mm1FloorEventsPerSecond(2_000_000, seed).eventsPerSec);
const engine = median(runs.map((r) => r.eventsPerSec));
console.log(`engine, M/M/1 ρ=0.8 through Cpu (FCFS), 2,000,000 customers, median of 3:`);
console.log(`  ${(engine / 1e6).toFixed(2)} M events/s, ${(median(runs.map((r) => r.customersPerSec)) / 1e6).toFixed(2)} M customers/s`);
console.log(`  bare typed-array heap loop, same queue and streams: ${(median(floor) / 1e6).toFixed(2)} M events/s; the engine at ${((100 * engine) / median(floor)).toFixed(0)}% of it`);

// Issue 21: a prediction's fixed cost. Budgets are seconds beyond Node's own start-up.
console.log(startupLine('capsim --help', paired([bin, '--help']), 0.1));
console.log(startupLine('capsim predict chat --users 100 --interval 1s', paired([bin, 'predict', 'chat', '--users', '100', '--interval', '1s']), 0.25));
console.log(startupLine('capsim predict chat --users 1000 --interval 1s', paired([bin, 'predict', 'chat', '--users', '1000', '--interval', '1s'], 3), 1));

// Issue 18: 100 M players are arithmetic, so the leaderboard must answer within Node's start-up + 1 s.
console.log(startupLine('capsim predict leaderboard --players 100M', paired([bin, 'predict', 'leaderboard', '--players', '100M'], 3), 1));

// The ktb-chat ramp (100 → 5,000 users over 24.5 simulated minutes, 100 processes) must predict in a few seconds.
const startup = median([1, 2, 3].map(() => wall(['-e', '0'])));
const ktbWall = median([1, 2, 3].map(() => wall([bin, 'predict', 'ktb-chat'])));
console.log(`capsim predict ktb-chat: whole process ${ktbWall.toFixed(2)} s wall (median of 3), ${(ktbWall - startup).toFixed(2)} s beyond start-up`);

// Sweeps: worker threads stay warm across runs, so -j 2 should nearly halve a sweep on 2 idle cores.
console.log(sweepSpeedup(bin, ['sweep', 'chat', '--users', '100..1000:100']));
console.log(sweepOverhead(bin, 'chat', { users: '10..600:10' }, 1));
console.log(`machine: ${loadLine()} at the end`);
