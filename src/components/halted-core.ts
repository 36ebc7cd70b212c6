import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';

/** A core that says when it next runs anything (TurnTakingCore). */
export interface Wakeable {
  whenAwake(then: () => void): void;
}

/**
 * An I/O completion for a process on a core that may be halted (a VM's idle vCPU): delivered at
 * once while the core runs anything, else when the core next wakes for other work, or after
 * `haltedNs` at the latest (the host delivering the interrupt to the halted vCPU). On this machine
 * a lone fdatasync on an idle core took 4–8 ms where the same call with anything runnable on the
 * core took 0.23–0.29 ms (p50): the device was fast, the halted core slow to hear of it.
 */
export function completionOn(sim: Simulation, core: Wakeable, haltedNs: Nanos): (deliver: (now: Nanos) => void) => void {
  if (!(haltedNs >= 0)) throw new RangeError(`haltedNs must be >= 0, got ${haltedNs}`);
  return (deliver) => {
    let done = false;
    const once = (): void => {
      if (done) return;
      done = true;
      deliver(sim.now);
    };
    core.whenAwake(once);
    if (!done) sim.schedule(haltedNs, once);
  };
}

/**
 * The process the completion is for: awake while one of its turns runs. Its turns say when they
 * begin and end; a completion waiting for it is delivered when the next one begins.
 */
export class ProcessWake implements Wakeable {
  private running = 0;
  private waiters: Array<() => void> = [];

  whenAwake(then: () => void): void {
    if (this.running > 0) then();
    else this.waiters.push(then);
  }

  begin(): void {
    this.running++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  end(): void {
    this.running--;
  }
}
