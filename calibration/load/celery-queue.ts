import { connectRedis, RespRequester } from './resp-request.js';

/** What the broker holds at one moment: messages waiting in the `celery` list, fan-outs finished so far. */
export interface QueueReading {
  waiting: number;
  done: number;
}

/** The key feedsite/celery.py INCRs once per finished task. */
export const DONE_KEY = 'capsim:feed:done';

/** Two replies: `:<n>\r\n`, then `$-1\r\n` (no task done yet) or `$<len>\r\n<n>\r\n`. */
function takeReading(buffer: string): { used: number; value: QueueReading | undefined } {
  const m = /^:(\d+)\r\n(?:\$-1\r\n|\$\d+\r\n(\d+)\r\n)/.exec(buffer);
  return m ? { used: m[0].length, value: { waiting: Number(m[1]), done: Number(m[2] ?? 0) } } : { used: 0, value: undefined };
}

/**
 * A raw RESP connection to the Celery broker that asks, in one round trip, `LLEN celery` (the
 * messages no worker has taken: with prefetch 1 a worker holds only the one it works on) and
 * `GET capsim:feed:done`. One request at a time.
 */
export class CeleryQueueProbe {
  private constructor(private readonly resp: RespRequester<QueueReading>) {}

  static async open(host: string, port: number, timeoutMs = 2000): Promise<CeleryQueueProbe> {
    return new CeleryQueueProbe(new RespRequester(await connectRedis(host, port, timeoutMs), takeReading));
  }

  read(timeoutMs = 2000): Promise<QueueReading | undefined> {
    return this.resp.request(`*2\r\n$4\r\nLLEN\r\n$6\r\ncelery\r\n*2\r\n$3\r\nGET\r\n$${DONE_KEY.length}\r\n${DONE_KEY}\r\n`, timeoutMs);
  }

  close(): void {
    this.resp.close();
  }
}
