import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';

/**
 * Something an event loop reads from on each iteration, like a readable socket. `run` does this
 * iteration's share of work starting at `start` and returns the CPU time it took (already divided
 * by the loop's speed). Sources place their own per-item completions by arithmetic, so a batch of
 * k messages costs one call, not k events.
 */
export interface LoopSource {
  pending(): boolean;
  run(start: Nanos, speed: number): Nanos;
}

export interface EventLoopOptions {
  /** CPU cost of one loop iteration (select/epoll wake-up and bookkeeping), on a speed-1 core. */
  wakeCostNs: number;
  /** Core speed relative to the calibration machine's core (2 = twice as fast). */
  speed: number;
}

/**
 * A single-threaded event loop (asyncio/uvicorn, Node, Redis) on one core. Work that becomes ready
 * while an iteration runs waits for the next one, as asyncio's ready queue does; every iteration
 * pays one wake-up. Under load iterations grow and carry more messages per wake-up and per read, so
 * the CPU cost per message falls, as measured on the real chat server (the chat runs in calibration/runs, recorded by capsim load chat).
 */
export class EventLoop {
  private ready: Array<{ cost: number; done: (now: Nanos) => void }> = [];
  /** The previous iteration's batch, emptied: the next one fills it instead of a new array each iteration. */
  private spare: Array<{ cost: number; done: (now: Nanos) => void }> = [];
  private readonly sources: LoopSource[] = [];
  private running = false;
  private busyNs = 0;
  private iterationCount = 0;
  private iterationEnd = 0;
  /** Called with (start, end) of each iteration so a model can chart busy time per second. */
  onBusy: ((start: Nanos, end: Nanos) => void) | undefined;

  constructor(private readonly sim: Simulation, private readonly opts: EventLoopOptions) {}

  get speed(): number {
    return this.opts.speed;
  }

  /** Queues a callback that costs `costNs` of CPU; `done` fires at its exact completion time. */
  post(costNs: number, done: (now: Nanos) => void): void {
    this.ready.push({ cost: costNs, done });
    this.notify();
  }

  addSource(source: LoopSource): void {
    this.sources.push(source);
  }

  /** Tells an idle loop that a source may have become readable. */
  notify(): void {
    if (!this.running) {
      this.running = true;
      this.sim.schedule(0, this.iterate);
    }
  }

  /** Total CPU time spent so far, including the iteration in progress. */
  get busy(): Nanos {
    return this.busyNs;
  }

  /** CPU time spent up to `t`: the part of an iteration running past `t` is not counted. */
  busyUntil(t: Nanos): Nanos {
    return this.busyNs - Math.max(0, this.iterationEnd - t);
  }

  get iterations(): number {
    return this.iterationCount;
  }

  // Arrow properties, not methods: the engine schedules the same two functions for every iteration
  // instead of a new closure each time (allocation per event is most of the simulator's garbage).
  private readonly iterate = (): void => {
    const start = this.sim.now;
    const speed = this.opts.speed;
    let used = this.opts.wakeCostNs / speed;
    const batch = this.ready;
    this.ready = this.spare;
    for (const item of batch) {
      used += item.cost / speed;
      this.sim.at(start + Math.round(used), item.done);
    }
    batch.length = 0;
    this.spare = batch;
    for (const source of this.sources) if (source.pending()) used += source.run(start + Math.round(used), speed);
    const end = start + Math.max(1, Math.round(used));
    this.busyNs += end - start;
    this.iterationEnd = end;
    this.iterationCount++;
    this.onBusy?.(start, end);
    this.sim.at(end, this.afterIteration, 1);
  };

  private readonly afterIteration = (): void => {
    if (this.ready.length > 0 || this.sources.some((s) => s.pending())) this.iterate();
    else this.running = false;
  };
}
