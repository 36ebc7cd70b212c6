import { Simulation } from '../../src/engine/simulation.js';
import { exponential } from '../../src/engine/distributions.js';
import { fromMicros, type Nanos } from '../../src/engine/time.js';
import { GroupCommit } from '../../src/components/group-commit.js';
import { LatestPerKey } from '../../src/components/latest-per-key.js';
import { PipelinedConnections } from '../../src/components/pipelined-connections.js';
import { Trend } from '../../src/metrics/trend.js';
import { perProfile, type LeaderboardParams } from './params.js';
import { commandUs, type RedisCommand } from './redis-costs.js';
import { rttUs, serverCpus } from './servers.js';
import type { LeaderboardScenario } from './scenario.js';
import { Window, type WindowFigures } from './window.js';
import { RedisLoop } from './redis-loop.js';
import { BatchingLoop } from '../../src/components/batching-loop.js';

/** One update of a player's score; its callers are answered when it (or a newer one) is applied. */
interface Write {
  player: number;
  seq: number;
  answer: Array<(now: Nanos) => void>;
}

export interface LeaderboardRun extends WindowFigures {
  readLatency: Trend;
  writeLatency: Trend;
  /** Updates applied after a newer one of the same player had been applied (only without coalescing). */
  staleApplied: number;
  /** Requests refused because the open loop's backlog reached its cap. */
  dropped: number;
  events: number;
  redisRttUs: number;
  mysqlRttUs: number;
  /** Updates applied (in MySQL and Redis) in the measuring window. */
  applied: number;
  /** Event-loop iterations in the measuring window: the server's (all processes) and Redis's. */
  iterations: { app: number; redis: number };
}

/** A standard normal draw (Box–Muller), from one uniform stream. */
function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Requests an open loop may have outstanding before new arrivals are refused (k6's maxVUs). */
const OPEN_LOOP_CAP = 100_000;
const AROUND = 5;

/**
 * Simulates the leaderboard server (one process), its Redis connections (each with `pipeline`
 * commands in flight at most) and MySQL connections (one statement each, up to `batch` rows), Redis
 * on one thread, MySQL on its cores with a group-committed redo log, and the per-player coalescing
 * queue, under a closed or open load, for a fixed number of requests: cost grows with requests
 * measured, never with players (the set's size enters only through the cost laws).
 */
export interface SimulationOptions {
  /**
   * Redis as exact mean value analysis assumes it, for checking the closed loop against theory:
   * one FCFS server (a connection per iteration, its reply at once) with exponential service.
   */
  mvaRedis?: boolean;
}

export function simulateLeaderboard(sc: LeaderboardScenario, params: LeaderboardParams, options: SimulationOptions = {}): LeaderboardRun {
  const sim = new Simulation(sc.seed);
  const redisService = sim.stream('redis-service');
  const redisTime = (us: number): number => (options.mvaRedis ? -us * Math.log(1 - redisService()) : us);
  const cpus = serverCpus(sim, sc, params);
  const redisRtt = sc.redisRttNs !== undefined ? sc.redisRttNs / 1_000 : rttUs(params, sc.profiles.app, sc.profiles.redis);
  const mysqlRtt = rttUs(params, sc.profiles.app, sc.profiles.mysql);
  const redisBase = fromMicros(redisRtt / 2);
  // A lognormal hold each way (a delay proxy): median m and p99 give σ = ln(p99/m) / z(0.99).
  const delayStream = sim.stream('redis-delay');
  const sigma = sc.redisDelay ? Math.log(sc.redisDelay.p99Ns / sc.redisDelay.medianNs) / 2.3263 : 0;
  const redisOneWay = (): number => {
    if (!sc.redisDelay) return redisBase;
    const z = normal(delayStream);
    return redisBase + Math.round(sc.redisDelay.medianNs * Math.exp(sigma * z));
  };
  const mysqlOneWay = fromMicros(mysqlRtt / 2);
  const a = params.app;
  const flushUs = perProfile(params.mysql.commitFlushUs, sc.profiles.mysql, params.mysql.commitFlushUs.local.value);
  const redoLog = new GroupCommit(sim, fromMicros(flushUs));
  const win = new Window(params);

  const redisRun = (us: number, done: (now: Nanos) => void): void => cpus.redis.run(redisTime(us), done);
  const redisLoop: Pick<BatchingLoop, 'submit' | 'iterations' | 'reads'> = options.mvaRedis ? new RedisLoop(params.redis.ioUs.value, redisRun) : new BatchingLoop(redisRun, params.redis.wakeUs.value, params.redis.ioUs.value);
  // The server: one event loop per process; its work is charged per loop iteration.
  const appLoops = Array.from({ length: cpus.app.cores }, () => new BatchingLoop((us, done) => cpus.app.run(us, done), a.wakeUs.value, 0));
  let turn = 0;
  const app = (us: number, then: (now: Nanos) => void): void => appLoops[turn++ % appLoops.length].submit(-1, us, then);
  const redis = new PipelinedConnections<RedisCommand>(sim, { connections: sc.redisConnections, depth: sc.pipeline }, (batch, onReplies, conn) => {
    win.redisBatch(batch);
    app(batch.length * a.redisCommandUs.value, () =>
      sim.schedule(redisOneWay(), () => {
        const us = batch.reduce((s, c) => s + commandUs(params, c, sc.players), 0);
        redisLoop.submit(conn, us, () => void sim.schedule(redisOneWay(), onReplies));
      }),
    );
  });
  const redisCall = (cmd: RedisCommand, then: (now: Nanos) => void): void => redis.submit(cmd, then);

  // Writes: a free MySQL connection takes up to `batch` queued rows into one UPSERT, then the same
  // rows go to Redis in one ZADD; the connection is held until both are done (the bundled writer).
  const lastApplied = new Map<number, number>();
  let staleApplied = 0;
  let appliedCount = 0;
  const applied = (w: Write, now: Nanos): void => {
    if (measuring) appliedCount++;
    const before = lastApplied.get(w.player);
    if (before !== undefined && before > w.seq) staleApplied++;
    else lastApplied.set(w.player, w.seq);
    for (const answer of w.answer) answer(now);
  };
  const writer = new PipelinedConnections<Write>(sim, { connections: sc.mysqlConnections, depth: sc.batch, maxBatches: 1 }, (rows, done) => {
    const toRedis = (): void =>
      redisCall({ name: 'ZADD', members: rows.length }, (now) => {
        for (const w of rows) applied(w, now);
        done(now);
      });
    if (!sc.mysql) return toRedis();
    win.mysqlStatement(rows.length);
    app(a.mysqlStatementUs.value + rows.length * a.mysqlRowUs.value, () =>
      sim.schedule(mysqlOneWay, () =>
        cpus.mysql.run(params.mysql.statementUs.value + rows.length * params.mysql.rowUs.value, () => {
          const reply = (): void => void sim.schedule(mysqlOneWay, toRedis);
          if (sc.flush === 1) redoLog.commit(reply);
          else reply();
        }),
      ),
    );
  });

  const queue = new LatestPerKey<number, Write>();
  const startWrite = (w: Write): void =>
    writer.submit(w, () => {
      if (!sc.coalesce) return;
      const next = queue.done(w.player);
      if (next) startWrite(next.value);
    });
  const update = (player: number, seq: number, answer: (now: Nanos) => void): void => {
    const w: Write = { player, seq, answer: [answer] };
    if (!sc.coalesce) return startWrite(w);
    // The replaced update's callers are answered when the newer one lands.
    const now = queue.offer({ key: player, seq, value: w }, (dropped, kept) => kept.value.answer.unshift(...dropped.value.answer));
    if (now) startWrite(now.value);
  };

  // Reads.
  const friends = sc.friends > 0 ? sc.friends : params.load.friends.value;
  const read = (answer: (now: Nanos) => void): void => {
    const op = sc.op === 'mix' ? 'around' : sc.op;
    if (op === 'rank') return redisCall({ name: 'ZREVRANK' }, answer);
    if (op === 'around') return redisCall({ name: 'ZREVRANK' }, () => redisCall({ name: 'ZREVRANGE', returned: Math.min(2 * AROUND + 1, sc.players) }, answer));
    let left = friends;
    for (let i = 0; i < friends; i++) redisCall({ name: 'ZREVRANK' }, (now) => --left === 0 && answer(now));
  };

  // The load.
  const pick = sim.stream('ops');
  const players = sim.stream('players');
  const readLatency = new Trend();
  const writeLatency = new Trend();
  const warmup = params.load.warmupOps.value;
  const measured = sc.measuredOps ?? params.load.measuredOps.value;
  const loopCounts = (): { app: number; redis: number } => ({ app: appLoops.reduce((n, l) => n + l.iterations, 0), redis: redisLoop.iterations });
  let loopsAtOpen = { app: 0, redis: 0 };
  let loopsAtClose = { app: 0, redis: 0 };
  let measuring = false;
  let issued = 0;
  let completed = 0;
  let outstanding = 0;
  let dropped = 0;
  let stopped = false;
  const playerOf = (): number => {
    if (sc.hot && players() < sc.hot.share) return Math.floor(players() * sc.hot.players);
    return Math.floor(players() * sc.players);
  };
  const isRead = (): boolean => (sc.op === 'mix' ? pick() < sc.readShare : sc.op !== 'update');
  const issue = (onDone: () => void): void => {
    const start = sim.now;
    const reading = isRead();
    const seq = issued++;
    outstanding++;
    const answer = (now: Nanos): void => {
      outstanding--;
      completed++;
      if (completed > warmup && !stopped) {
        (reading ? readLatency : writeLatency).add((now - start) / 1e6);
        win.completed(reading);
      }
      if (completed === warmup) {
        loopsAtOpen = loopCounts();
        measuring = true;
      }
      if (completed === warmup + measured) {
        loopsAtClose = loopCounts();
        measuring = false;
      }
      if (completed === warmup) win.open(sim.now, cpus, redis, redisLoop.iterations, writer, redoLog, queue);
      if (completed === warmup + measured) {
        win.close(sim.now, cpus, redis, redisLoop.iterations, writer, redoLog, queue);
        stopped = true;
        sim.stop();
      }
      onDone();
    };
    app(a.requestUs.value, () => (reading ? read(answer) : update(playerOf(), seq, answer)));
  };
  if (sc.load.kind === 'users') {
    const loop = (): void => issue(loop);
    for (let u = 0; u < sc.load.users; u++) sim.schedule(0, loop);
  } else {
    const gap = exponential(sim.stream('arrivals'), 1e9 / sc.load.perSecond);
    const arrive = (): void => {
      if (outstanding < OPEN_LOOP_CAP) issue(() => {});
      else if (completed >= warmup) dropped++;
      sim.schedule(Math.max(1, Math.round(gap())), arrive);
    };
    sim.schedule(0, arrive);
  }
  sim.run();
  return { ...win.figures(), readLatency, writeLatency, staleApplied, dropped, events: sim.firedCount, redisRttUs: redisRtt, mysqlRttUs: mysqlRtt, applied: appliedCount, iterations: { app: loopsAtClose.app - loopsAtOpen.app, redis: loopsAtClose.redis - loopsAtOpen.redis } };
}
