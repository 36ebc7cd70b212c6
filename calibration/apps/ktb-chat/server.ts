/**
 * The bundled ktb-chat server (seed §5's stack): Express + Socket.IO rooms (`io.to(room).emit`)
 * crossing processes through @socket.io/redis-adapter on a Redis Cluster, with each room's history
 * as a Redis list read from a replica. One process = one event loop, as one container runs.
 *
 *   node dist/calibration/apps/ktb-chat/server.js --port 8410 --adapter classic|sharded
 *     [--redis 127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103] [--history 30]
 *
 * Events: `join` {room, history} → ack {history: […]}; `chat` {room, body} → io.to(room).emit('chat', …).
 * Rooms are named `{room-N}` so the sharded adapter's channel and the history key `{room-N}:history`
 * hash to one slot. GET /stats returns the process's counters, CPU time and event-loop delay
 * (perf_hooks, 1 ms resolution: how long a timer waited for the loop); POST /reset zeroes them.
 * Each broadcast carries `srv` (epoch ms when the handler ran) and `port` (the origin process), so
 * the generator can split a copy's latency into the way in and the way out, local or via Redis.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import express from 'express';
import { Server } from 'socket.io';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createCluster } from 'redis';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '8410' },
    adapter: { type: 'string', default: 'classic' },
    redis: { type: 'string', default: '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103' },
    history: { type: 'string', default: '30' },
  },
});
if (opt.adapter !== 'classic' && opt.adapter !== 'sharded') throw new Error(`--adapter must be classic or sharded, got ${opt.adapter}`);
const historyLength = Number(opt.history);
const port = Number(opt.port);
const rootNodes = opt.redis!.split(',').map((hp) => ({ url: `redis://${hp}` }));

const counters = { connections: 0, joins: 0, historyLoads: 0, chats: 0, disconnects: 0 };
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const ms = (ns: number): number => +(ns / 1e6).toFixed(3);

async function main(): Promise<void> {
  // Replicas serve reads (LRANGE); writes and publishes go to masters.
  const data = createCluster({ rootNodes, useReplicas: true });
  const pub = createCluster({ rootNodes });
  const sub = pub.duplicate();
  for (const c of [data, pub, sub]) c.on('error', (err: Error) => console.error(`redis: ${err.message}`));
  await Promise.all([data.connect(), pub.connect(), sub.connect()]);

  const app = express();
  app.get('/stats', (_req, res) => {
    const cpu = process.cpuUsage();
    res.json({
      ...counters,
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      rssBytes: process.memoryUsage().rss,
      loopDelayMs: { avg: ms(loopDelay.mean), min: ms(loopDelay.min), med: ms(loopDelay.percentile(50)), max: ms(loopDelay.max), 'p(90)': ms(loopDelay.percentile(90)), 'p(95)': ms(loopDelay.percentile(95)), 'p(99)': ms(loopDelay.percentile(99)) },
    });
  });
  app.post('/reset', (_req, res) => {
    for (const k of Object.keys(counters) as Array<keyof typeof counters>) counters[k] = 0;
    loopDelay.reset();
    res.json({ ok: true });
  });
  const http = createServer(app);
  const io = new Server(http, {
    adapter: opt.adapter === 'sharded' ? createShardedAdapter(pub, sub) : createAdapter(pub, sub),
    // Socket.IO's defaults, stated: ping every 25 s, 20 s to answer.
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });

  io.on('connection', (socket) => {
    counters.connections++;
    socket.on('join', async (req: { room: string; history: boolean }, ack?: (reply: unknown) => void) => {
      counters.joins++;
      await socket.join(req.room);
      let history: string[] = [];
      if (req.history) {
        counters.historyLoads++;
        history = await data.lRange(`${req.room}:history`, -historyLength, -1);
      }
      ack?.({ history });
    });
    socket.on('chat', async (msg: { room: string; body: string; from: number; seq: number; srv?: number; port?: number }) => {
      counters.chats++;
      msg.srv = performance.timeOrigin + performance.now();
      msg.port = port;
      const key = `${msg.room}:history`;
      // History is best effort: a write error must not stop the broadcast.
      data.rPush(key, msg.body).then(() => data.lTrim(key, -historyLength, -1)).catch(() => {});
      io.to(msg.room).emit('chat', msg);
    });
    socket.on('disconnect', () => counters.disconnects++);
  });

  http.listen(Number(opt.port), '127.0.0.1', () => console.log(`ktb-chat ${opt.adapter} on 127.0.0.1:${opt.port} pid ${process.pid}`));
  const stop = (): void => {
    io.close();
    void Promise.allSettled([data.quit(), pub.quit(), sub.quit()]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
