import type { Simulation } from '../engine/simulation.js';
import type { Nanos } from '../engine/time.js';
import { TimeWeighted } from '../metrics/time-weighted.js';

/** Sends `count` commands on one connection as one write; calls `onReplies` when every reply is back. */
export type SendBatch<C> = (batch: readonly C[], onReplies: (now: Nanos) => void, connection: number) => void;

export interface PipelinedConnectionsOptions {
  connections: number;
  /** Commands a connection may have outstanding: 1 = no pipelining (one round trip per command). */
  depth: number;
  /**
   * Batches a connection may have outstanding (default: no limit below depth). 1 models a driver
   * that allows one query per connection at a time, with up to `depth` rows merged into it.
   */
  maxBatches?: number;
}

/** Runs after every other event at the same instant, so commands issued together leave together. */
const FLUSH_PRIORITY = 1_000;

/**
 * A client's fixed set of connections to a server that answers in order (Redis, a database):
 * each connection carries at most `depth` commands at a time. Commands wait in one FIFO; at each
 * instant the waiting ones go out in batches, each to the connection with the fewest outstanding,
 * as many as it has room for. Without pipelining (depth 1) a connection completes at most
 * 1/(round trip + server time) commands per second, which is the law the leaderboard rests on.
 */
export class PipelinedConnections<C> {
  private readonly outstanding: number[];
  private readonly batchesOut: number[];
  private readonly maxBatches: number;
  private readonly queue: Array<{ cmd: C; onReply: (now: Nanos) => void }> = [];
  private head = 0;
  private flushScheduled = false;
  /** Commands outstanding on all connections (time-weighted), and commands waiting for room. */
  readonly inFlight: TimeWeighted;
  readonly waiting: TimeWeighted;
  /** Connections with at least one command outstanding. */
  readonly busy: TimeWeighted;
  batches = 0;
  commands = 0;

  constructor(
    private readonly sim: Simulation,
    readonly options: PipelinedConnectionsOptions,
    private readonly send: SendBatch<C>,
  ) {
    if (!Number.isInteger(options.connections) || options.connections < 1) throw new RangeError(`connections must be a positive integer, got ${options.connections}`);
    if (!Number.isInteger(options.depth) || options.depth < 1) throw new RangeError(`depth must be a positive integer, got ${options.depth}`);
    this.maxBatches = options.maxBatches ?? options.depth;
    if (!Number.isInteger(this.maxBatches) || this.maxBatches < 1) throw new RangeError(`maxBatches must be a positive integer, got ${this.maxBatches}`);
    this.outstanding = new Array<number>(options.connections).fill(0);
    this.batchesOut = new Array<number>(options.connections).fill(0);
    this.inFlight = new TimeWeighted(sim.now);
    this.waiting = new TimeWeighted(sim.now);
    this.busy = new TimeWeighted(sim.now);
  }

  get capacity(): number {
    return this.options.connections * this.options.depth;
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  submit(cmd: C, onReply: (now: Nanos) => void): void {
    this.queue.push({ cmd, onReply });
    this.waiting.add(this.sim.now, 1);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.sim.schedule(0, this.flush, FLUSH_PRIORITY);
  }

  private readonly flush = (now: Nanos): void => {
    this.flushScheduled = false;
    while (this.queued > 0) {
      const conn = this.leastLoaded();
      const room = this.roomOn(conn);
      if (room === 0) break;
      const n = Math.min(room, this.queued);
      const taken = this.queue.slice(this.head, this.head + n);
      this.head += n;
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (this.outstanding[conn] === 0) this.busy.add(now, 1);
      this.outstanding[conn] += n;
      this.batchesOut[conn]++;
      this.inFlight.add(now, n);
      this.waiting.add(now, -n);
      this.batches++;
      this.commands += n;
      this.send(
        taken.map((t) => t.cmd),
        (done) => {
          this.outstanding[conn] -= n;
          if (this.outstanding[conn] === 0) this.busy.add(done, -1);
          this.batchesOut[conn]--;
          this.inFlight.add(done, -n);
          for (const t of taken) t.onReply(done);
          if (this.queued > 0) this.scheduleFlush();
        },
        conn,
      );
    }
  };

  private roomOn(conn: number): number {
    return this.batchesOut[conn] < this.maxBatches ? this.options.depth - this.outstanding[conn] : 0;
  }

  /** The connection with the most room (the first of equals, so runs are deterministic). */
  private leastLoaded(): number {
    let best = 0;
    for (let i = 1; i < this.outstanding.length; i++) if (this.roomOn(i) > this.roomOn(best)) best = i;
    return best;
  }
}
