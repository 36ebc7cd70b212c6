import { Socket, connect } from 'node:net';

/** A TCP connection to Redis, open within `timeoutMs` or rejected. */
export function connectRedis(host: string, port: number, timeoutMs = 2000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from Redis at ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * One raw RESP request at a time on a Redis connection: `request` writes the command(s) and
 * resolves with what `take` makes of the reply, or undefined when a reply is still due, the link
 * failed or the time ran out. `take` returns how many characters of the buffer the reply used
 * (0: not complete yet) and its value.
 */
export class RespRequester<T> {
  private buffer = '';
  private waiting: ((value: T | undefined) => void) | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly take: (buffer: string) => { used: number; value: T | undefined },
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.settle(undefined));
    socket.on('close', () => this.settle(undefined));
  }

  request(command: string, timeoutMs = 2000): Promise<T | undefined> {
    if (this.waiting || this.socket.destroyed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(undefined), timeoutMs);
      this.waiting = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.socket.write(command);
    });
  }

  close(): void {
    this.settle(undefined);
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    const { used, value } = this.take(this.buffer);
    if (used === 0) return;
    this.buffer = this.buffer.slice(used);
    this.settle(value);
  }

  private settle(value: T | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(value);
  }
}
