import { Socket, connect } from 'node:net';

/**
 * A raw RESP connection that asks Redis for `INFO stats` and reads `total_net_output_bytes`: the
 * bytes Redis has written to all its clients, i.e. its egress. The probe's own earlier replies are
 * taken out (a reply is counted only after it is written, so reply k's counter holds replies
 * 1…k−1), leaving the egress to everyone else. One request at a time; a request made while one is
 * outstanding (a capped egress can delay the reply) returns undefined.
 */
export class RedisEgressProbe {
  private readonly socket: Socket;
  private buffer = '';
  /** Bytes of the INFO replies read so far. */
  private ownBytes = 0;
  private waiting: ((bytes: number | undefined) => void) | undefined;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.settle(undefined));
    socket.on('close', () => this.settle(undefined));
  }

  static open(host: string, port: number, timeoutMs = 2000): Promise<RedisEgressProbe> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from Redis at ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new RedisEgressProbe(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Redis's total_net_output_bytes, or undefined when a reply is still due or the link failed. */
  egressBytes(timeoutMs = 2000): Promise<number | undefined> {
    if (this.waiting || this.socket.destroyed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(undefined), timeoutMs);
      this.waiting = (bytes) => {
        clearTimeout(timer);
        resolve(bytes);
      };
      this.socket.write('*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n');
    });
  }

  close(): void {
    this.settle(undefined);
    this.socket.destroy();
  }

  /** A reply is a bulk string: `$<length>\r\n<body>\r\n`. */
  private onData(chunk: string): void {
    this.buffer += chunk;
    const header = /^\$(\d+)\r\n/.exec(this.buffer);
    if (!header) return;
    const end = header[0].length + Number(header[1]) + 2;
    if (this.buffer.length < end) return;
    const body = this.buffer.slice(header[0].length, end - 2);
    this.buffer = this.buffer.slice(end);
    const m = /total_net_output_bytes:(\d+)/.exec(body);
    const counted = this.ownBytes;
    this.ownBytes += end;
    this.settle(m ? Number(m[1]) - counted : undefined);
  }

  private settle(bytes: number | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(bytes);
  }
}
