import { Socket, connect } from 'node:net';

/** What the broker holds at one moment: messages waiting in the `celery` list, fan-outs finished so far. */
export interface QueueReading {
  waiting: number;
  done: number;
}

/** The key feedsite/celery.py INCRs once per finished task. */
export const DONE_KEY = 'capsim:feed:done';

/**
 * A raw RESP connection to the Celery broker that asks, in one round trip, `LLEN celery` (the
 * messages no worker has taken: with prefetch 1 a worker holds only the one it works on) and
 * `GET capsim:feed:done`. One request at a time.
 */
export class CeleryQueueProbe {
  private buffer = '';
  private waiting: ((r: QueueReading | undefined) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.settle(undefined));
    socket.on('close', () => this.settle(undefined));
  }

  static open(host: string, port: number, timeoutMs = 2000): Promise<CeleryQueueProbe> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from Redis at ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new CeleryQueueProbe(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  read(timeoutMs = 2000): Promise<QueueReading | undefined> {
    if (this.waiting || this.socket.destroyed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(undefined), timeoutMs);
      this.waiting = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.socket.write(`*2\r\n$4\r\nLLEN\r\n$6\r\ncelery\r\n*2\r\n$3\r\nGET\r\n$${DONE_KEY.length}\r\n${DONE_KEY}\r\n`);
    });
  }

  close(): void {
    this.settle(undefined);
    this.socket.destroy();
  }

  /** Two replies: `:<n>\r\n`, then `$-1\r\n` (no task done yet) or `$<len>\r\n<n>\r\n`. */
  private onData(chunk: string): void {
    this.buffer += chunk;
    const m = /^:(\d+)\r\n(?:\$-1\r\n|\$\d+\r\n(\d+)\r\n)/.exec(this.buffer);
    if (!m) return;
    this.buffer = this.buffer.slice(m[0].length);
    this.settle({ waiting: Number(m[1]), done: Number(m[2] ?? 0) });
  }

  private settle(r: QueueReading | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(r);
  }
}
