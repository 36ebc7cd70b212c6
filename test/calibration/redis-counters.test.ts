import { describe, expect, it } from 'vitest';
import { counterDelta, parseRedisInfo } from '../../calibration/load/redis-counters.js';

const info = (calls: number, writes: number, cpu: string): string =>
  `# Stats\r\ntotal_commands_processed:${calls + 5}\r\ntotal_reads_processed:${calls + 9}\r\ntotal_writes_processed:${writes}\r\n` +
  `io_threaded_writes_processed:0\r\ntotal_net_output_bytes:123\r\n# CPU\r\nused_cpu_sys:${cpu}\r\nused_cpu_user:0.5\r\n` +
  `# Commandstats\r\ncmdstat_subscribe:calls=3,usec=10,usec_per_call=3.33\r\ncmdstat_publish:calls=${calls},usec=${calls * 7},usec_per_call=7.00\r\n`;

describe('Redis counters of a chat run', () => {
  it('reads the loop counters, PUBLISH calls and µs, and CPU seconds from INFO all', () => {
    expect(parseRedisInfo(info(40, 900, '1.25'))).toEqual({
      total_commands_processed: 45, total_reads_processed: 49, total_writes_processed: 900, io_threaded_writes_processed: 0,
      used_cpu_sys: 1.25, used_cpu_user: 0.5, total_net_output_bytes: 123, publish_calls: 40, publish_usec: 280,
    });
  });

  it('a run is the difference of after and before; no PUBLISH yet reads 0 calls', () => {
    const before = parseRedisInfo(info(0, 100, '1.000001').replace(/cmdstat_publish.*\r\n/, ''));
    expect(before.publish_calls).toBe(0);
    const d = counterDelta(before, parseRedisInfo(info(1000, 4100, '1.5')));
    expect(d).toMatchObject({ publish_calls: 1000, publish_usec: 7000, total_writes_processed: 4000, used_cpu_sys: 0.499999 });
  });
});
