import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';

/** After other events at an instant, including the connections' flushes (priority 1000). */
const GRANT_PRIORITY = 2_000;

/** A process's next stretch of work, formed when it gets the core: its µs at speed 1 and completion. */
export interface Turn {
  us: number;
  done: (now: Nanos) => void;
}

/**
 * Forms a turn when the core is granted (null: nothing to do any more); `warm` when another turn
 * ended just before, so the core was never idle (caches warm, no wake from idle).
 */
export type FormTurn = (warm: boolean) => Turn | null;

/**
 * One core shared by single-threaded processes that run until they block (the Linux scheduler does
 * not preempt a short event-loop iteration for a process it just woke): turns are granted in the
 * order they were asked for, one at a time, and each process forms its turn only when granted, so
 * it takes everything that reached it while the others ran. Two event loops on one core thus
 * alternate, each answering in bulk what the other produced — unlike processor sharing, where both
 * run at once in short iterations.
 */
export class TurnTakingCore {
  private readonly asked: Array<{ form: FormTurn; account: (ns: number) => void }> = [];
  private head = 0;
  private busy = false;
  private lastEnd = -1;
  busyNs = 0;

  constructor(
    private readonly sim: Simulation,
    /** Speed relative to the reference core (work in µs at speed 1 takes µs / speed). */
    readonly speed: number,
  ) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  }

  /** Asks for the core; `account` is told the turn's busy time (ns) when it starts. */
  turn(form: FormTurn, account: (ns: number) => void = () => {}): void {
    this.asked.push({ form, account });
    if (!this.busy) this.grantSoon();
  }

  /**
   * The core goes to the next process after everything else at this instant (replies written by the
   * process that just ran are in their sockets when its write returns, so the next turn sees them).
   */
  private grantSoon(): void {
    this.busy = true;
    this.sim.schedule(0, () => this.next(), GRANT_PRIORITY);
  }

  private next(): void {
    while (this.head < this.asked.length) {
      const { form, account } = this.asked[this.head++];
      if (this.head > 1024 && this.head * 2 > this.asked.length) {
        this.asked.splice(0, this.head);
        this.head = 0;
      }
      const t = form(this.sim.now === this.lastEnd);
      if (!t) continue;
      const ns = Math.max(0, Math.round((t.us * 1_000) / this.speed));
      this.busy = true;
      this.busyNs += ns;
      account(ns);
      this.sim.schedule(ns, (now) => {
        this.lastEnd = now;
        t.done(now);
        this.grantSoon();
      });
      return;
    }
    this.busy = false;
  }
}
