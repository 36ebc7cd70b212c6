/**
 * A userspace TCP delay proxy (netem is not available on this kernel): every chunk read on either
 * side is written to the other side `--delay-ms` later, in order. Node's timers tick in whole
 * milliseconds, so the delay actually added is measured per chunk and written to `--stats` (JSON)
 * on SIGTERM: that measured hold, not the flag, is the run's added latency.
 *
 *   node dist/calibration/apps/leaderboard/delay-proxy.js --listen 8321 --target-port 6380 --delay-ms 1 --stats out.json
 */
import { writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    listen: { type: 'string', default: '8321' },
    'target-host': { type: 'string', default: '127.0.0.1' },
    'target-port': { type: 'string', default: '6380' },
    'delay-ms': { type: 'string', default: '1' },
    stats: { type: 'string' },
  },
});
const delayMs = Number(opt['delay-ms']);
if (!Number.isFinite(delayMs) || delayMs < 0 || delayMs > 1000) {
  process.stderr.write(`delay-proxy: --delay-ms must be 0–1000, got '${String(opt['delay-ms'])}'\n`);
  process.exit(2);
}
const MAX_SAMPLES = 2_000_000;
const holds: number[] = [];
let chunks = 0;

/** Forwards `from` → `to`, each chunk `delayMs` after it arrived, in arrival order. */
function pipeDelayed(from: Socket, to: Socket): void {
  const queue: Array<{ at: bigint; data: Buffer }> = [];
  let timer: NodeJS.Timeout | undefined;
  const release = (): void => {
    timer = undefined;
    const t = process.hrtime.bigint();
    const due = t - BigInt(Math.round(delayMs * 1e6));
    while (queue.length > 0 && queue[0].at <= due) {
      const c = queue.shift()!;
      chunks++;
      if (holds.length < MAX_SAMPLES) holds.push(Number(t - c.at) / 1e6);
      if (to.writable) to.write(c.data);
    }
    arm();
  };
  const arm = (): void => {
    if (timer || queue.length === 0) return;
    const wait = delayMs - Number(process.hrtime.bigint() - queue[0].at) / 1e6;
    timer = setTimeout(release, Math.max(0, wait));
  };
  from.on('data', (data) => {
    queue.push({ at: process.hrtime.bigint(), data });
    arm();
  });
}

const server = createServer((client) => {
  client.setNoDelay(true);
  const upstream = createConnection({ host: String(opt['target-host']), port: Number(opt['target-port']) });
  upstream.setNoDelay(true);
  pipeDelayed(client, upstream);
  pipeDelayed(upstream, client);
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('close', close).on('error', close);
  upstream.on('close', close).on('error', close);
});
server.listen(Number(opt.listen), '127.0.0.1', () => process.stdout.write(`delay-proxy ${delayMs} ms on 127.0.0.1:${String(opt.listen)}\n`));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}

function stop(): void {
  if (opt.stats) {
    const sorted = [...holds].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
    writeFileSync(String(opt.stats), JSON.stringify({ delayMs, chunks, meanMs: mean, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), maxMs: quantile(sorted, 1) }));
  }
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
