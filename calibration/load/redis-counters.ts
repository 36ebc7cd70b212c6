import { connectRedis, RespRequester } from './resp-request.js';

/**
 * Redis's own work counters (`INFO all`): commands, the reads and writes its event loop made on
 * client sockets, PUBLISH calls and their µs, its CPU seconds. Read before and after a run, their
 * difference says what one PUBLISH costs and how many copies went out per socket write (Redis
 * writes each client's output buffer once per event-loop iteration, whatever it holds).
 */
const COUNTERS = ['total_commands_processed', 'total_reads_processed', 'total_writes_processed', 'io_threaded_writes_processed', 'used_cpu_sys', 'used_cpu_user', 'total_net_output_bytes'] as const;

export type RedisCounters = Record<string, number>;

/** The counters above plus `publish_calls` and `publish_usec` (INFO commandstats). */
export function parseRedisInfo(body: string): RedisCounters {
  const out: RedisCounters = {};
  for (const key of COUNTERS) {
    const m = new RegExp(`^${key}:([0-9.]+)`, 'm').exec(body);
    if (m) out[key] = Number(m[1]);
  }
  const publish = /^cmdstat_publish:calls=(\d+),usec=(\d+)/m.exec(body);
  out.publish_calls = publish ? Number(publish[1]) : 0;
  out.publish_usec = publish ? Number(publish[2]) : 0;
  return out;
}

/** after − before, rounded to what the counters resolve (µs for CPU seconds). */
export function counterDelta(before: RedisCounters, after: RedisCounters): RedisCounters {
  return Object.fromEntries(Object.keys(after).filter((k) => k in before).map((k) => [k, +(after[k] - before[k]).toFixed(6)]));
}

/** One `INFO all` on a fresh connection; undefined when Redis does not answer. */
export async function readRedisCounters(host: string, port: number, timeoutMs = 2000): Promise<RedisCounters | undefined> {
  const socket = await connectRedis(host, port, timeoutMs).catch(() => undefined);
  if (!socket) return undefined;
  const resp = new RespRequester<RedisCounters>(socket, (buffer) => {
    const header = /^\$(\d+)\r\n/.exec(buffer);
    if (!header) return { used: 0, value: undefined };
    const end = header[0].length + Number(header[1]) + 2;
    if (buffer.length < end) return { used: 0, value: undefined };
    return { used: end, value: parseRedisInfo(buffer.slice(header[0].length, end - 2)) };
  });
  try {
    return await resp.request('*2\r\n$4\r\nINFO\r\n$3\r\nall\r\n', timeoutMs);
  } finally {
    resp.close();
  }
}
