import { Simulation, exponential } from '../src/engine/index.js';
import { Cpu } from '../src/components/cpu.js';
/**
 * M/M/1 at ρ = 0.8 through the general engine and the Cpu component: arrivals are events, the
 * CPU schedules departures. Returns events fired per wall second and customers served.
 */
export function mm1EventsPerSecond(customers, seed = 1) {
    const sim = new Simulation(seed);
    const cpu = new Cpu(sim, { cores: 1, discipline: 'fcfs' });
    const interarrival = exponential(sim.stream('arrivals'), 1_000);
    const service = exponential(sim.stream('service'), 800);
    let arrived = 0;
    let served = 0;
    let totalResponse = 0;
    const arrive = () => {
        const at = sim.now;
        cpu.execute(service(), (now) => {
            served++;
            totalResponse += now - at;
        });
        if (++arrived < customers)
            sim.schedule(interarrival(), arrive);
    };
    sim.schedule(0, arrive);
    const t0 = performance.now();
    sim.run();
    const seconds = (performance.now() - t0) / 1000;
    // Theory: mean response time 1/(μ − λ) = 4,000 ns.
    return { eventsPerSec: sim.firedCount / seconds, customersPerSec: served / seconds, meanWaitError: totalResponse / served / 4_000 - 1 };
}
