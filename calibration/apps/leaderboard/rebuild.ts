import mysql from 'mysql2';
import { KEY, compositeScore, member } from './ranking.js';
import type { RedisPool } from './redis-pool.js';

/**
 * Redis is not persistent: after a crash the sorted set is rebuilt from MySQL. Rows stream from one
 * SELECT (no sort: primary-key order) and go to Redis `batch` members per ZADD through the pool, so
 * the pool's connections and depth bound how many ZADDs are in flight. The stream pauses while too
 * many are outstanding.
 */
export async function rebuild(options: mysql.ConnectionOptions, pool: RedisPool, batch: number): Promise<{ rows: number; seconds: number; zadds: number }> {
  const start = process.hrtime.bigint();
  const conn = mysql.createConnection(options);
  await pool.send('DEL', KEY);
  let rows = 0;
  let zadds = 0;
  let args: Array<string | number> = ['ZADD', KEY];
  const outstanding = new Set<Promise<unknown>>();
  const limit = pool.clients.length * pool.depth * 2;
  const flush = (): Promise<unknown> => {
    const p = pool.send(...args);
    zadds++;
    args = ['ZADD', KEY];
    outstanding.add(p);
    void p.finally(() => outstanding.delete(p));
    return p;
  };
  await new Promise<void>((resolve, reject) => {
    const stream = conn.query('SELECT player_id, score, updated_at FROM ranking').stream();
    stream.on('data', (r: { player_id: number; score: number; updated_at: number }) => {
      args.push(compositeScore(Number(r.score), Number(r.updated_at)), member(Number(r.player_id)));
      rows++;
      if (args.length - 2 >= batch * 2) {
        const p = flush();
        if (outstanding.size >= limit) {
          stream.pause();
          void p.finally(() => stream.resume());
        }
      }
    });
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  if (args.length > 2) flush();
  await Promise.all([...outstanding]);
  conn.end();
  return { rows, seconds: Number(process.hrtime.bigint() - start) / 1e9, zadds };
}
