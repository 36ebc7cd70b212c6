import type { Nanos } from '../../src/engine/time.js';
import type { GroupCommit } from '../../src/components/group-commit.js';
import type { LatestPerKey } from '../../src/components/latest-per-key.js';
import type { PipelinedConnections } from '../../src/components/pipelined-connections.js';
import type { LeaderboardParams } from './params.js';
import { argumentElements, replyElements, type RedisCommand } from './redis-costs.js';
import type { ServerCpus } from './servers.js';

/** What the measuring window saw: counts, busy times and mean levels between warm-up and the end. */
export interface WindowFigures {
  windowNs: Nanos;
  reads: number;
  writes: number;
  busyNs: { app: number; redis: number; mysql: number; redoLog: number };
  cores: { app: number; mysql: number };
  sharedCore: boolean;
  /** batches: Redis's socket reads (commands read together share one). */
  redis: { commands: number; batches: number; meanInFlight: number; meanWaiting: number; meanBusyConnections: number; capacity: number };
  mysql: { statements: number; rows: number; meanBusyConnections: number; meanQueuedRows: number; flushes: number };
  /** Pending updates replaced by a newer one of the same player (coalescing). */
  replaced: number;
  bytes: { redisIn: number; redisOut: number };
}

type Pool = Pick<PipelinedConnections<never>, 'commands' | 'inFlight' | 'waiting' | 'busy' | 'capacity'>;
interface Snapshot {
  at: Nanos;
  busy: WindowFigures['busyNs'];
  redis: { commands: number; batches: number; inFlight: number; waiting: number; busy: number };
  mysql: { statements: number; rows: number; busy: number; waiting: number; flushes: number };
  replaced: number;
}

export class Window {
  private reads = 0;
  private writes = 0;
  private statements = 0;
  private rows = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private first: Snapshot | null = null;
  private last: Snapshot | null = null;
  private shared = false;
  private cores = { app: 1, mysql: 1 };
  private capacity = 1;

  constructor(private readonly params: LeaderboardParams) {}

  private get measuring(): boolean {
    return this.first !== null && this.last === null;
  }

  completed(read: boolean): void {
    if (read) this.reads++;
    else this.writes++;
  }

  redisBatch(batch: readonly RedisCommand[]): void {
    if (!this.measuring) return;
    const n = this.params.network;
    const el = n.replyBytesPerElement.value;
    this.bytesIn += n.packetOverheadBytes.value + batch.reduce((s, c) => s + n.commandBytes.value + argumentElements(c) * el, 0);
    this.bytesOut += n.packetOverheadBytes.value + batch.reduce((s, c) => s + replyElements(c) * el, 0);
  }

  mysqlStatement(rows: number): void {
    if (!this.measuring) return;
    this.statements++;
    this.rows += rows;
  }

  private snapshot(at: Nanos, cpus: ServerCpus, redis: Pool, reads: number, writer: Pool, log: GroupCommit, queue: LatestPerKey<unknown, unknown>): Snapshot {
    this.shared = cpus.shared;
    this.cores = { app: cpus.app.cores, mysql: cpus.mysql.cores };
    this.capacity = redis.capacity;
    return {
      at,
      busy: { app: cpus.app.busyNs, redis: cpus.redis.busyNs, mysql: cpus.mysql.busyNs, redoLog: log.busyNs },
      redis: { commands: redis.commands, batches: reads, inFlight: redis.inFlight.integral(at), waiting: redis.waiting.integral(at), busy: redis.busy.integral(at) },
      mysql: { statements: this.statements, rows: this.rows, busy: writer.busy.integral(at), waiting: writer.waiting.integral(at), flushes: log.flushes },
      replaced: queue.replaced,
    };
  }

  open(at: Nanos, cpus: ServerCpus, redis: Pool, redisReads: number, writer: Pool, log: GroupCommit, queue: LatestPerKey<unknown, unknown>): void {
    this.first = this.snapshot(at, cpus, redis, redisReads, writer, log, queue);
  }

  close(at: Nanos, cpus: ServerCpus, redis: Pool, redisReads: number, writer: Pool, log: GroupCommit, queue: LatestPerKey<unknown, unknown>): void {
    this.last = this.snapshot(at, cpus, redis, redisReads, writer, log, queue);
  }

  figures(): WindowFigures {
    const a = this.first;
    const b = this.last;
    if (!a || !b) throw new Error('the simulation ended before its measuring window closed');
    const t = Math.max(1, b.at - a.at);
    return {
      windowNs: t,
      reads: this.reads,
      writes: this.writes,
      busyNs: { app: b.busy.app - a.busy.app, redis: b.busy.redis - a.busy.redis, mysql: b.busy.mysql - a.busy.mysql, redoLog: b.busy.redoLog - a.busy.redoLog },
      cores: this.cores,
      sharedCore: this.shared,
      redis: {
        commands: b.redis.commands - a.redis.commands,
        batches: b.redis.batches - a.redis.batches,
        meanInFlight: (b.redis.inFlight - a.redis.inFlight) / t,
        meanWaiting: (b.redis.waiting - a.redis.waiting) / t,
        meanBusyConnections: (b.redis.busy - a.redis.busy) / t,
        capacity: this.capacity,
      },
      mysql: {
        statements: b.mysql.statements - a.mysql.statements,
        rows: b.mysql.rows - a.mysql.rows,
        meanBusyConnections: (b.mysql.busy - a.mysql.busy) / t,
        meanQueuedRows: (b.mysql.waiting - a.mysql.waiting) / t,
        flushes: b.mysql.flushes - a.mysql.flushes,
      },
      replaced: b.replaced - a.replaced,
      bytes: { redisIn: this.bytesIn, redisOut: this.bytesOut },
    };
  }
}
