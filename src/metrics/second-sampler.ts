import type { Simulation } from '../engine/simulation.js';
import { NS_PER_S } from '../engine/time.js';

/**
 * Reads gauges once per simulated second (at the start of each second, after that instant's
 * traffic): queue lengths, open connections, cumulative counters. One event per second costs
 * nothing next to the traffic and gives the per-second figures the bottleneck rule needs.
 */
export class SecondSampler {
  readonly samples: Record<string, number[]> = {};
  private running = true;

  constructor(private readonly sim: Simulation, private readonly gauges: Record<string, () => number>) {
    for (const name of Object.keys(gauges)) this.samples[name] = [];
    this.sim.schedule(0, this.tick, 2);
  }

  /** Stops sampling after one last reading at the end of the run, so the last partial second counts. */
  stop(): void {
    if (this.running) for (const [name, read] of Object.entries(this.gauges)) this.samples[name].push(read());
    this.running = false;
  }

  private readonly tick = (): void => {
    if (!this.running) return;
    for (const [name, read] of Object.entries(this.gauges)) this.samples[name].push(read());
    this.sim.schedule(NS_PER_S, this.tick, 2);
  };

  /** Per-second increments of a cumulative gauge, `seconds` long (sample k+1 − sample k). */
  increments(name: string, seconds: number): number[] {
    const s = this.samples[name];
    return Array.from({ length: seconds }, (_, k) => Math.max(0, (s[k + 1] ?? s[s.length - 1] ?? 0) - (s[k] ?? 0)));
  }

  /** Levels at the end of each second, `seconds` long. */
  levels(name: string, seconds: number): number[] {
    const s = this.samples[name];
    return Array.from({ length: seconds }, (_, k) => s[k + 1] ?? s[s.length - 1] ?? 0);
  }

  max(name: string): number {
    return Math.max(0, ...this.samples[name]);
  }

  mean(name: string): number {
    const s = this.samples[name];
    return s.length === 0 ? 0 : s.reduce((a, b) => a + b, 0) / s.length;
  }
}
