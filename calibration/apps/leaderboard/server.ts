/**
 * The bundled leaderboard server: one Redis sorted set for all ordering, one MySQL table for the
 * records (primary-key access only), a line protocol over TCP.
 *
 *   node dist/calibration/apps/leaderboard/server.js --port 8320 [--redis-port 6380]
 *     [--redis-connections K] [--pipeline-depth D] [--mysql-connections M] [--bulk-rows B]
 *     [--coalesce] [--no-mysql]
 *
 * Requests are `<id> <OP> args…\n`, answers `<id> <result>\n` (any order):
 *   U player score   update a score          → OK | SUPERSEDED (a newer update replaced it)
 *   R player         the player's rank       → rank (0 = top) or -1
 *   A player         the ranks around (±5)   → rank followed by 11 member:score pairs
 *   F p1,p2,…        friends' ranks          → ranks
 *   STATS / RESET    counters as JSON (RESET also zeroes them)
 *   REBUILD batch    reload Redis from MySQL, `batch` members per ZADD → JSON {rows, seconds}
 */
import { createServer, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { Coalescer, type Update } from './coalescer.js';
import { MysqlWriter, type Row } from './mysql-writer.js';
import { KEY, compositeScore, member } from './ranking.js';
import { RedisPool, now } from './redis-pool.js';
import { rebuild } from './rebuild.js';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '8320' },
    'redis-host': { type: 'string', default: '127.0.0.1' },
    'redis-port': { type: 'string', default: '6380' },
    'redis-connections': { type: 'string', default: '10' },
    'pipeline-depth': { type: 'string', default: '1' },
    'mysql-host': { type: 'string', default: '127.0.0.1' },
    'mysql-port': { type: 'string', default: '3307' },
    'mysql-connections': { type: 'string', default: '10' },
    'bulk-rows': { type: 'string', default: '1' },
    coalesce: { type: 'boolean', default: false },
    'no-mysql': { type: 'boolean', default: false },
  },
});

function whole(name: keyof typeof opt, max: number): number {
  const v = Number(opt[name]);
  if (!Number.isInteger(v) || v < 1 || v > max) {
    process.stderr.write(`leaderboard: --${name} must be a whole number 1–${max}, got '${String(opt[name])}'\n`);
    process.exit(2);
  }
  return v;
}

const port = whole('port', 65535);
const pool = new RedisPool(String(opt['redis-host']), whole('redis-port', 65535), whole('redis-connections', 256), whole('pipeline-depth', 1024));
const mysqlOptions = { host: String(opt['mysql-host']), port: whole('mysql-port', 65535), user: 'app', password: 'app', database: 'feed' };
const writer = new MysqlWriter(mysqlOptions, whole('mysql-connections', 256), whole('bulk-rows', 4096), (rows) => zaddRows(rows), !opt['no-mysql']);
const coalescer = new Coalescer(Boolean(opt.coalesce), (u: Update, finished) => writer.enqueue({ player: u.player, score: u.score, t: u.t, applied: finished }));
let requests = 0;
let sinceNs = now();

function zaddRows(rows: Row[]): Promise<unknown> {
  const args: Array<string | number> = ['ZADD', KEY];
  for (const r of rows) args.push(compositeScore(r.score, r.t), member(r.player));
  return pool.send(...args);
}

async function around(player: number): Promise<string> {
  const rank = (await pool.send('ZREVRANK', KEY, member(player))) as number | null;
  if (rank === null) return '-1';
  const range = (await pool.send('ZREVRANGE', KEY, Math.max(0, rank - 5), rank + 5, 'WITHSCORES')) as string[];
  const pairs: string[] = [];
  for (let i = 0; i < range.length; i += 2) pairs.push(`${range[i]}:${range[i + 1]}`);
  return `${rank} ${pairs.join(' ')}`;
}

function stats(): Record<string, unknown> {
  const ms = (ns: bigint, n: number): number => (n > 0 ? Number(ns) / 1e6 / n : 0);
  return {
    seconds: Number(now() - sinceNs) / 1e9,
    requests,
    redisCommands: pool.commands,
    redisRoundTripMeanMs: ms(pool.roundTripNs, pool.commands),
    redisWaitMeanMs: ms(pool.waitNs, pool.commands),
    mysqlStatements: writer.statements,
    mysqlRows: writer.rows,
    mysqlStatementMeanMs: ms(writer.statementNs, writer.statements),
    mysqlDeadlocks: writer.deadlocks,
    mysqlFailedBatches: writer.failed,
    updatesReceived: coalescer.received,
    updatesApplied: coalescer.applied,
    updatesReplaced: coalescer.replaced,
    maxWriterQueue: writer.maxQueue,
    writerQueue: writer.queued,
    playersInProgress: coalescer.inProgress,
  };
}

async function handle(op: string, args: string[]): Promise<string> {
  switch (op) {
    case 'U':
      return new Promise((res) => coalescer.submit(Number(args[0]), Number(args[1]), Date.now(), (superseded) => res(superseded ? 'SUPERSEDED' : 'OK')));
    case 'R': {
      const r = await pool.send('ZREVRANK', KEY, member(Number(args[0])));
      return String(r ?? -1);
    }
    case 'A':
      return around(Number(args[0]));
    case 'F': {
      const ranks = await Promise.all(args[0].split(',').map((p) => pool.send('ZREVRANK', KEY, member(Number(p)))));
      return ranks.map((r) => String(r ?? -1)).join(',');
    }
    case 'STATS':
      return JSON.stringify(stats());
    case 'RESET': {
      const s = JSON.stringify(stats());
      requests = 0;
      pool.resetCounters();
      writer.resetCounters();
      coalescer.resetCounters();
      sinceNs = now();
      return s;
    }
    case 'REBUILD':
      return JSON.stringify(await rebuild(mysqlOptions, pool, Number(args[0]) || 1000));
    default:
      throw new Error(`unknown op '${op}'`);
  }
}

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const [id, op, ...args] = line.trim().split(' ');
      if (!op) continue;
      requests++;
      handle(op, args).then(
        (out) => socket.writable && socket.write(`${id} ${out}\n`),
        (e: unknown) => socket.writable && socket.write(`${id} ERR ${String(e).replace(/\n/g, ' ')}\n`),
      );
    }
  });
  socket.on('error', () => socket.destroy());
}

async function main(): Promise<void> {
  await pool.connect();
  await writer.connect();
  const server = createServer(serve);
  server.listen(port, '127.0.0.1', () => process.stdout.write(`leaderboard listening on 127.0.0.1:${port}\n`));
  const stop = (): void => {
    server.close();
    void Promise.all([pool.close(), writer.close()]).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`leaderboard: ${String(e)}\n`);
  process.exit(1);
});
