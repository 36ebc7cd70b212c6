import { Simulation } from '../../src/engine/simulation.js';
import { exponential } from '../../src/engine/distributions.js';
import { fromMicros, type Nanos } from '../../src/engine/time.js';
import { GroupCommit } from '../../src/components/group-commit.js';
import { completionOn, ProcessWake } from '../../src/components/halted-core.js';
import { LatestPerKey } from '../../src/components/latest-per-key.js';
import { PipelinedConnections } from '../../src/components/pipelined-connections.js';
import { Trend } from '../../src/metrics/trend.js';
import { perProfile, type LeaderboardParams } from './params.js';
import { commandUs, type RedisCommand } from './redis-costs.js';
import { loadGeneratorCpu, rttUs, serverCpus } from './servers.js';
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
  iterations: LoopCounts;
}

/**
 * Event-loop work in the measuring window: the server's iterations and socket reads (all processes),
 * Redis's iterations, and the load generator's iterations, reads and CPU (0 without one).
 */
export interface LoopCounts {
  app: number;
  /** Iterations begun on an idle core (of app, generator). */
  appCold: number;
  appReads: number;
  redis: number;
  redisCold: number;
  redisReads: number;
  /** Redis's commands' own µs (wake-ups and reads apart). */
  redisItemUs: number;
  generator: number;
  generatorCold: number;
  generatorReads: number;
  generatorBusyNs: number;
}

/** A standard normal draw (Box–Muller), from one uniform stream. */
function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Requests an open loop may have outstanding before new arrivals are refused (k6's maxVUs). */
const OPEN_LOOP_CAP = 100_000;
const AROUND = 5;
/** Socket ids of the server's loop: Redis connections from here, client connections from CLIENT_SOURCE. */
const REDIS_SOURCE = 0;
const CLIENT_SOURCE = 1_000_000;

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
  // On one shared core (the local runs) a reply is in the server's socket when its writer's write returns.
  const redisRtt = sc.redisRttNs !== undefined ? sc.redisRttNs / 1_000 : cpus.shared ? 0 : rttUs(params, sc.profiles.app, sc.profiles.redis);

  const mysqlRtt = cpus.shared ? 0 : rttUs(params, sc.profiles.app, sc.profiles.mysql);
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
  // Locally MariaDB flushes from the shared core, which halts while everything waits: a flush's
  // completion reaches MariaDB at once while it runs (another connection's statement), else when
  // it next runs or after haltedCoreUs (the host waking the halted vCPU).
  const mysqlAwake = new ProcessWake();
  const mysqlRun = (us: number, done: () => void): void =>
    cpus.mysql.turn(() => {
      mysqlAwake.begin();
      return { us, done: () => (mysqlAwake.end(), done()) };
    });
  const halted = cpus.shared ? completionOn(sim, mysqlAwake, fromMicros(params.mysql.haltedCoreUs.value)) : undefined;
  // Locally each flush is drawn lognormal through the probe's p50 and p99 (fsync-dist.py: a heavy tail).
  const flushStream = sim.stream('redo-flush');
  const flushSigma = Math.log(params.mysql.commitFlushP99Us.value / flushUs) / 2.3263;
  const flushNs = cpus.shared && flushSigma > 0 ? (): number => Math.round(fromMicros(flushUs) * Math.exp(flushSigma * normal(flushStream))) : fromMicros(flushUs);
  const redoLog = new GroupCommit(sim, flushNs, halted);
  const win = new Window(params);

  const redisRun = (us: number, done: (now: Nanos) => void): void => cpus.redis.run(redisTime(us), done);
  const redisCpu = options.mvaRedis ? redisRun : cpus.redis;
  const redisLoop: Pick<BatchingLoop, 'submit' | 'iterations' | 'reads'> & Partial<Pick<BatchingLoop, 'coldIterations' | 'itemUs'>> = options.mvaRedis ? new RedisLoop(params.redis.ioUs.value, redisRun) : new BatchingLoop(redisCpu, params.redis.wakeUs.value, params.redis.ioUs.value, params.redis.coldWakeUs.value);
  // The server: one event loop per process; its work is charged per loop iteration.
  // A socket read costs readUs in the iteration that finds data on it: replies on one Redis
  // connection read together share it, replies spread over many connections each pay it.
  const appLoops = Array.from({ length: cpus.app.cores }, () => new BatchingLoop(cpus.app, a.wakeUs.value, a.readUs.value, a.coldWakeUs.value));
  let turn = 0;
  const app = (us: number, then: (now: Nanos) => void, source = -1): void => appLoops[source >= 0 ? source % appLoops.length : turn++ % appLoops.length].submit(source, us, then);
  // A command leaves as soon as a slot frees (ioredis writes it in the iteration that freed it); its
  // CPU on the server (the write, the reply's parse) is charged in the iteration that reads the reply.
  const redis = new PipelinedConnections<RedisCommand>(sim, { connections: sc.redisConnections, depth: sc.pipeline }, (batch, onReplies, conn) => {
    win.redisBatch(batch);
    sim.schedule(redisOneWay(), () => {
      const us = batch.reduce((s, c) => s + commandUs(params, c, sc.players), 0);
      redisLoop.submit(conn, us, () => void sim.schedule(redisOneWay(), () => app(batch.length * a.redisCommandUs.value, onReplies, REDIS_SOURCE + conn)));
    });
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
        mysqlRun(params.mysql.statementUs.value + rows.length * params.mysql.rowUs.value, () => {
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
  // A run-shaped open loop measures from its start and ends with its drain, not after a count.
  const warmup = sc.runWindow ? 0 : params.load.warmupOps.value;
  const measured = sc.runWindow ? Infinity : (sc.measuredOps ?? params.load.measuredOps.value);
  const loopCounts = (): LoopCounts => ({ app: appLoops.reduce((n, l) => n + l.iterations, 0), appCold: appLoops.reduce((n, l) => n + l.coldIterations, 0), appReads: appLoops.reduce((n, l) => n + l.reads, 0), redis: redisLoop.iterations, redisCold: redisLoop.coldIterations ?? 0, redisReads: redisLoop.reads, redisItemUs: redisLoop.itemUs ?? 0, generator: generator?.iterations ?? 0, generatorCold: generator?.coldIterations ?? 0, generatorReads: generator?.reads ?? 0, generatorBusyNs: generatorCpu?.busyNs ?? 0 });
  const zero: LoopCounts = { app: 0, appCold: 0, appReads: 0, redis: 0, redisCold: 0, redisReads: 0, redisItemUs: 0, generator: 0, generatorCold: 0, generatorReads: 0, generatorBusyNs: 0 };
  let loopsAtOpen = zero;
  let loopsAtClose = zero;
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
  // The load generator (the local runs' client, on its own core): one event loop reading answers
  // from its sockets and sending the next request in the same iteration. Without it clients answer
  // and ask at once (clients elsewhere, as in a deployment).
  const L = params.load;
  const generatorCpu = sc.loadGenerator ? loadGeneratorCpu(sim, cpus.app.speed, sc.otherWork) : null;
  const generator = generatorCpu ? new BatchingLoop(generatorCpu, L.generatorWakeUs.value, L.generatorReadUs.value, L.generatorColdWakeUs.value) : null;
  const clientOneWay = fromMicros(params.network.loopbackRttUs.value / 2);
  const sockets = Math.max(1, sc.clientConnections ?? (sc.load.kind === 'users' ? sc.load.users : 1));
  const issue = (socket: number, onDone: () => void): void => {
    const start = sim.now;
    const reading = isRead();
    const seq = issued++;
    outstanding++;
    const finish = (now: Nanos): void => {
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
    const answer = (now: Nanos): void => {
      if (!generator) return finish(now);
      sim.schedule(clientOneWay, () => generator.submit(socket, L.generatorRequestUs.value, finish));
    };
    const arrive = (): void => app(a.requestUs.value, () => (reading ? read(answer) : update(playerOf(), seq, answer)), CLIENT_SOURCE + socket);
    if (generator) sim.schedule(clientOneWay, arrive);
    else arrive();
  };
  const openWindow = (): void => {
    loopsAtOpen = loopCounts();
    measuring = true;
    win.open(sim.now, cpus, redis, redisLoop.iterations, writer, redoLog, queue);
  };
  const closeWindow = (): void => {
    if (stopped) return;
    loopsAtClose = loopCounts();
    measuring = false;
    win.close(sim.now, cpus, redis, redisLoop.iterations, writer, redoLog, queue);
    stopped = true;
    sim.stop();
  };
  if (sc.runWindow && sc.load.kind === 'rate') {
    // The runs' open loop (calibration/load/leaderboard-client.ts openLoop): round(rate × load)
    // requests paced evenly over the load phase, then at most drainSeconds for the answers still
    // owed; what is unanswered then is never measured, and the server's counters span both phases.
    const total = Math.round(sc.load.perSecond * sc.runWindow.loadSeconds);
    const gapNs = 1e9 / sc.load.perSecond;
    const allAnswered = (): void => {
      if (completed === total) closeWindow();
    };
    sim.schedule(0, openWindow);
    for (let i = 0; i < total; i++) sim.schedule(Math.round(i * gapNs), () => issue(i % sockets, allAnswered));
    sim.schedule(Math.round(total * gapNs + sc.runWindow.drainSeconds * 1e9), closeWindow);
  } else if (sc.load.kind === 'users') {
    for (let u = 0; u < sc.load.users; u++) {
      const socket = u % sockets;
      const loop = (): void => issue(socket, loop);
      sim.schedule(0, loop);
    }
  } else {
    const gap = exponential(sim.stream('arrivals'), 1e9 / sc.load.perSecond);
    let sent = 0;
    const arrive = (): void => {
      if (outstanding < OPEN_LOOP_CAP) issue(sent++ % sockets, () => {});
      else if (completed >= warmup) dropped++;
      sim.schedule(Math.max(1, Math.round(gap())), arrive);
    };
    sim.schedule(0, arrive);
  }
  sim.run();
  return { ...win.figures(), readLatency, writeLatency, staleApplied, dropped, events: sim.firedCount, redisRttUs: redisRtt, mysqlRttUs: mysqlRtt, applied: appliedCount, iterations: Object.fromEntries(Object.entries(loopsAtClose).map(([k, v]) => [k, v - loopsAtOpen[k as keyof LoopCounts]])) as unknown as LoopCounts };
}
