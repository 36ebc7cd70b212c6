import { Redis } from 'ioredis';

type Args = Array<string | number>;

interface Waiter {
  args: Args;
  queuedAt: bigint;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * K Redis connections, each with at most `depth` commands in flight: depth 1 is a driver that cannot
 * pipeline (the write-up's case, where one connection completes 1/(T_process + T_latency) commands
 * per second); a deeper window lets replies overlap. Commands beyond the window wait in one FIFO.
 */
export class RedisPool {
  readonly clients: Redis[];
  private readonly inFlight: number[];
  private readonly waiting: Waiter[] = [];
  commands = 0;
  roundTripNs = 0n;
  waitNs = 0n;

  constructor(host: string, port: number, connections: number, readonly depth: number) {
    this.clients = Array.from({ length: connections }, () => new Redis({ host, port, enableAutoPipelining: false, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false }));
    this.inFlight = this.clients.map(() => 0);
  }

  async connect(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.connect()));
  }

  /** Sends one command when a connection has room in its window; resolves with Redis's reply. */
  send(...args: Args): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ args, queuedAt: now(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const i = this.freeConnection();
      if (i < 0) return;
      const w = this.waiting.shift()!;
      const start = now();
      this.waitNs += start - w.queuedAt;
      this.inFlight[i]++;
      const [name, ...rest] = w.args;
      this.clients[i].call(String(name), ...rest).then(
        (v) => this.done(i, start, () => w.resolve(v)),
        (e) => this.done(i, start, () => w.reject(e)),
      );
    }
  }

  /** The connection with the fewest commands in flight below the window, or −1. */
  private freeConnection(): number {
    let best = -1;
    for (let i = 0; i < this.inFlight.length; i++) {
      if (this.inFlight[i] < this.depth && (best < 0 || this.inFlight[i] < this.inFlight[best])) best = i;
    }
    return best;
  }

  private done(i: number, start: bigint, settle: () => void): void {
    this.inFlight[i]--;
    this.commands++;
    this.roundTripNs += now() - start;
    settle();
    this.pump();
  }

  resetCounters(): void {
    this.commands = 0;
    this.roundTripNs = 0n;
    this.waitNs = 0n;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

export const now = (): bigint => process.hrtime.bigint();
