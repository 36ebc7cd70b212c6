import type { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_S, type Nanos } from '../../src/engine/time.js';

/**
 * Reads gauges (backlogs, credit levels) once per simulated second. One event per second costs
 * nothing next to the traffic and gives the over-time charts their points.
 */
export class GaugeSampler {
  readonly samples: Record<string, number[]> = {};
  private running = true;

  constructor(private readonly sim: Simulation, private readonly gauges: Record<string, () => number>) {
    for (const name of Object.keys(gauges)) this.samples[name] = [];
    this.sim.schedule(0, this.tick, 2);
  }

  stop(): void {
    this.running = false;
  }

  private readonly tick = (): void => {
    if (!this.running) return;
    for (const [name, read] of Object.entries(this.gauges)) this.samples[name].push(read());
    this.sim.schedule(NS_PER_S, this.tick, 2);
  };

  max(name: string): number {
    return Math.max(0, ...this.samples[name]);
  }

  mean(name: string): number {
    const s = this.samples[name];
    return s.length === 0 ? 0 : s.reduce((a, b) => a + b, 0) / s.length;
  }
}

export const secondsOf = (t: Nanos): number => t / NS_PER_S;
