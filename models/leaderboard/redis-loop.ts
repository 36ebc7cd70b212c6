import type { Nanos } from '../../src/engine/time.js';

/** A connection's commands that have reached Redis and wait for it to read the socket. */
interface Readable {
  conn: number;
  us: number;
  commands: number;
  replies: Array<(now: Nanos) => void>;
}

/**
 * Redis as one FCFS server over its connections, the shape exact MVA assumes (the model's Redis is
 * a BatchingLoop; this one is for checking the closed loop against theory): a connection whose socket has data
 * waits in a ready queue; one read takes everything that arrived on it by then (pipelined commands
 * share the read's I/O cost) and answers them together. Commands arriving while their connection
 * already waits join that read. `run` executes a read's CPU time (µs at speed 1) on Redis's core.
 */
export class RedisLoop {
  private readonly waiting = new Map<number, Readable>();
  private readonly ready: Readable[] = [];
  private head = 0;
  private busy = false;
  reads = 0;

  constructor(
    private readonly ioUs: number,
    private readonly run: (us: number, done: (now: Nanos) => void) => void,
  ) {}

  get iterations(): number {
    return this.reads;
  }

  submit(conn: number, us: number, reply: (now: Nanos) => void): void {
    const w = this.waiting.get(conn);
    if (w) {
      w.us += us;
      w.commands++;
      w.replies.push(reply);
      return;
    }
    const r: Readable = { conn, us: this.ioUs + us, commands: 1, replies: [reply] };
    this.waiting.set(conn, r);
    this.ready.push(r);
    if (!this.busy) this.next();
  }

  private next(): void {
    if (this.head === this.ready.length) {
      this.busy = false;
      return;
    }
    const r = this.ready[this.head++];
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready.splice(0, this.head);
      this.head = 0;
    }
    this.waiting.delete(r.conn);
    this.busy = true;
    this.reads++;
    this.run(r.us, (now) => {
      for (const reply of r.replies) reply(now);
      this.next();
    });
  }
}
