import mysql from 'mysql2';
import type { Connection } from 'mysql2';
import { now } from './redis-pool.js';

export interface Row {
  player: number;
  score: number;
  /** Milliseconds since the Unix epoch of the update: the tie-break. */
  t: number;
  /** Called once the row is in MySQL and in Redis. */
  applied: () => void;
}

export const TABLE_DDL = `CREATE TABLE IF NOT EXISTS ranking (
  player_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  score BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB`;

/**
 * M MySQL connections, one statement each at a time (what the driver allows). A free connection
 * takes up to `bulkRows` queued rows into one multi-row UPSERT (1 = single UPSERTs); rows are never
 * held back to fill a batch, so batches grow only while the connections are busy.
 * After the statement, the same rows go to Redis in one ZADD.
 */
export class MysqlWriter {
  private readonly queue: Row[] = [];
  private readonly idle: Connection[] = [];
  readonly connections: Connection[] = [];
  statements = 0;
  rows = 0;
  statementNs = 0n;
  maxQueue = 0;
  /** Statements InnoDB chose as a deadlock victim (each retried). */
  deadlocks = 0;
  /** Batches that failed for good (their rows are not counted as written). */
  failed = 0;

  constructor(
    private readonly options: { host: string; port: number; user: string; password: string; database: string },
    private readonly count: number,
    readonly bulkRows: number,
    private readonly toRedis: (rows: Row[]) => Promise<unknown>,
    private readonly useMysql: boolean,
  ) {}

  async connect(): Promise<void> {
    if (!this.useMysql) {
      // Without MySQL, the same number of writer slots feeds Redis directly.
      for (let i = 0; i < this.count; i++) this.idle.push(null as unknown as Connection);
      return;
    }
    for (let i = 0; i < this.count; i++) {
      const c = mysql.createConnection(this.options);
      await new Promise<void>((res, rej) => c.connect((e) => (e ? rej(e) : res())));
      this.connections.push(c);
      this.idle.push(c);
    }
    await this.query(this.connections[0], TABLE_DDL, []);
  }

  get queued(): number {
    return this.queue.length;
  }

  enqueue(row: Row): void {
    this.queue.push(row);
    if (this.queue.length > this.maxQueue) this.maxQueue = this.queue.length;
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const conn = this.idle.pop()!;
      const batch = this.queue.splice(0, this.bulkRows);
      void this.write(conn, batch);
    }
  }

  private async write(conn: Connection, batch: Row[]): Promise<void> {
    try {
      if (this.useMysql) {
        const start = now();
        // Rows in key order: connections then take InnoDB's row locks in the same order, which
        // makes deadlocks between concurrent bulk statements rarer; one that happens is retried.
        const values = batch.map((r) => [r.player, r.score, r.t]).sort((a, b) => a[0] - b[0]);
        for (let attempt = 1; ; attempt++) {
          try {
            await this.query(conn, 'INSERT INTO ranking (player_id, score, updated_at) VALUES ? ON DUPLICATE KEY UPDATE score = VALUES(score), updated_at = VALUES(updated_at)', [values]);
            break;
          } catch (e) {
            if ((e as { code?: string }).code !== 'ER_LOCK_DEADLOCK' || attempt >= 5) throw e;
            this.deadlocks++;
          }
        }
        this.statementNs += now() - start;
        this.statements++;
        this.rows += batch.length;
      }
      await this.toRedis(batch);
    } catch (e) {
      this.failed++;
      process.stderr.write(`leaderboard: write failed: ${String(e)}\n`);
    } finally {
      this.idle.push(conn);
      for (const r of batch) r.applied();
      this.pump();
    }
  }

  query(conn: Connection, sql: string, values: unknown[]): Promise<unknown> {
    return new Promise((res, rej) => conn.query(sql, values, (e, r) => (e ? rej(e) : res(r))));
  }

  resetCounters(): void {
    this.statements = 0;
    this.rows = 0;
    this.statementNs = 0n;
    this.deadlocks = 0;
    this.failed = 0;
    this.maxQueue = this.queue.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((c) => new Promise<void>((res) => c.end(() => res()))));
  }
}
