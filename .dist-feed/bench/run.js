import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mm1EventsPerSecond } from './mm1.js';
/** Prints speed figures; nothing here asserts, the figures go into notes and READMEs. */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
mm1EventsPerSecond(200_000); // warm-up: let V8 optimise the hot path
const runs = [1, 2, 3].map((seed) => mm1EventsPerSecond(2_000_000, seed));
console.log(`engine, M/M/1 ρ=0.8 through Cpu (FCFS), 2,000,000 customers, median of 3:`);
console.log(`  ${(median(runs.map((r) => r.eventsPerSec)) / 1e6).toFixed(2)} M events/s, ${(median(runs.map((r) => r.customersPerSec)) / 1e6).toFixed(2)} M customers/s`);
for (const users of [100, 1000]) {
    const args = ['predict', 'chat', '--users', String(users), '--interval', '1s'];
    const times = [1, 2, 3].map(() => {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
        if (r.status !== 0)
            throw new Error(`capsim ${args.join(' ')} failed: ${r.stderr}`);
        return (performance.now() - t0) / 1000;
    });
    console.log(`capsim ${args.join(' ')}: whole process ${median(times).toFixed(2)} s wall (median of 3)`);
}
