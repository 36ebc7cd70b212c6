import { NS_PER_S } from '../../src/engine/time.js';
/**
 * Reads gauges (backlogs, credit levels) once per simulated second. One event per second costs
 * nothing next to the traffic and gives the over-time charts their points.
 */
export class GaugeSampler {
    sim;
    gauges;
    samples = {};
    running = true;
    constructor(sim, gauges) {
        this.sim = sim;
        this.gauges = gauges;
        for (const name of Object.keys(gauges))
            this.samples[name] = [];
        this.sim.schedule(0, this.tick, 2);
    }
    stop() {
        this.running = false;
    }
    tick = () => {
        if (!this.running)
            return;
        for (const [name, read] of Object.entries(this.gauges))
            this.samples[name].push(read());
        this.sim.schedule(NS_PER_S, this.tick, 2);
    };
    max(name) {
        return Math.max(0, ...this.samples[name]);
    }
    mean(name) {
        const s = this.samples[name];
        return s.length === 0 ? 0 : s.reduce((a, b) => a + b, 0) / s.length;
    }
}
export const secondsOf = (t) => t / NS_PER_S;
