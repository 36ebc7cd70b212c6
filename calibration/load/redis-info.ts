import { connectRedis, RespRequester } from './resp-request.js';

/**
 * A raw RESP connection that asks Redis for `INFO stats` and reads `total_net_output_bytes`: the
 * bytes Redis has written to all its clients, i.e. its egress. The probe's own earlier replies are
 * taken out (a reply is counted only after it is written, so reply k's counter holds replies
 * 1…k−1), leaving the egress to everyone else. One request at a time; a request made while one is
 * outstanding (a capped egress can delay the reply) returns undefined.
 */
export class RedisEgressProbe {
  /** Bytes of the INFO replies read so far. */
  private ownBytes = 0;
  private readonly resp;

  private constructor(socket: Awaited<ReturnType<typeof connectRedis>>) {
    this.resp = new RespRequester<number>(socket, (buffer) => this.take(buffer));
  }

  static async open(host: string, port: number, timeoutMs = 2000): Promise<RedisEgressProbe> {
    return new RedisEgressProbe(await connectRedis(host, port, timeoutMs));
  }

  /** Redis's total_net_output_bytes, or undefined when a reply is still due or the link failed. */
  egressBytes(timeoutMs = 2000): Promise<number | undefined> {
    return this.resp.request('*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n', timeoutMs);
  }

  close(): void {
    this.resp.close();
  }

  /** A reply is a bulk string: `$<length>\r\n<body>\r\n`. */
  private take(buffer: string): { used: number; value: number | undefined } {
    const header = /^\$(\d+)\r\n/.exec(buffer);
    if (!header) return { used: 0, value: undefined };
    const end = header[0].length + Number(header[1]) + 2;
    if (buffer.length < end) return { used: 0, value: undefined };
    const body = buffer.slice(header[0].length, end - 2);
    const m = /total_net_output_bytes:(\d+)/.exec(body);
    const counted = this.ownBytes;
    this.ownBytes += end;
    return { used: end, value: m ? Number(m[1]) - counted : undefined };
  }
}
