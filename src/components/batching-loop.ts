import type { Nanos } from '../engine/time.js';
import type { FormTurn } from './turn-taking-core.js';

/** An item of work: its CPU in µs at speed 1, the source it arrived on, and who to tell when done. */
interface Item {
  source: number;
  us: number;
  done: (now: Nanos) => void;
}

/** Executes an iteration's CPU (µs at speed 1) now. */
export type RunIteration = (us: number, done: (now: Nanos) => void) => void;
/** Asks for a core shared with other processes; the iteration is formed when the core is granted. */
export interface TakesTurns {
  turn(form: FormTurn): void;
}

/**
 * A single-threaded event loop (Node, Redis) whose CPU may be shared with other processes: each
 * iteration takes every item ready at its start and costs one wake-up, one read per distinct source
 * (socket) with items, and the items' own costs; the items complete when the iteration ends. Under
 * load iterations carry more items, so the cost per item falls — what the local runs show (Redis at
 * 64 µs per command one at a time, 14 µs when 64 are pipelined). With `run` an iteration starts as
 * soon as work arrives; with a core that takes turns it starts when the core is granted, and takes
 * what arrived until then.
 */
export class BatchingLoop {
  private pending: Item[] = [];
  private running = false;
  /** The last iteration ended with work pending, so the next one follows without sleeping. */
  private chained = false;
  iterations = 0;
  /** Iterations that began from sleep on an idle core (each cost coldWakeUs instead of wakeUs). */
  coldIterations = 0;
  items = 0;
  /** The items' own µs (wake-ups and reads apart). */
  itemUs = 0;
  reads = 0;

  constructor(
    private readonly run: RunIteration | TakesTurns,
    private readonly wakeUs: number,
    private readonly readUs: number,
    /**
     * The wake-up of an iteration that begins on an idle core (default: wakeUs). Waking from idle
     * costs more: caches gone cold, on a virtual machine an exit from the halted vCPU.
     */
    private readonly coldWakeUs = wakeUs,
  ) {
    if (!(wakeUs >= 0 && readUs >= 0 && coldWakeUs >= 0)) throw new RangeError(`loop costs must be >= 0, got wake ${wakeUs}, read ${readUs}, cold wake ${coldWakeUs}`);
  }

  /** Queues an item; source < 0 means no socket read is charged for it (work the loop made itself). */
  submit(source: number, us: number, done: (now: Nanos) => void): void {
    this.pending.push({ source, us, done });
    if (!this.running) this.iterate();
  }

  private iterate(): void {
    this.running = true;
    if (typeof this.run !== 'function') return this.run.turn((warm) => this.form(warm));
    const t = this.form(false);
    if (t) this.run(t.us, t.done);
  }

  /** The iteration over everything pending now, or null (and idle) when nothing is. */
  private form(coreWarm: boolean): { us: number; done: (now: Nanos) => void } | null {
    const batch = this.pending;
    if (batch.length === 0) {
      this.running = false;
      return null;
    }
    this.pending = [];
    const warm = coreWarm || this.chained;
    const sources = new Set<number>();
    let us = warm ? this.wakeUs : this.coldWakeUs;
    if (!warm) this.coldIterations++;
    for (const item of batch) {
      us += item.us;
      this.itemUs += item.us;
      if (item.source >= 0) sources.add(item.source);
    }
    us += sources.size * this.readUs;
    this.iterations++;
    this.items += batch.length;
    this.reads += sources.size;
    return {
      us,
      done: (now) => {
        for (const item of batch) item.done(now);
        this.chained = this.pending.length > 0;
        if (this.chained) this.iterate();
        else this.running = false;
      },
    };
  }
}
