import { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_S, fromMillis, toMillis, toSeconds, type Nanos } from '../../src/engine/time.js';
import { Counter, Rate, Trend, k6Summary, type K6SummaryExport } from '../../src/metrics/index.js';
import { rampingVusPlan } from '../../src/workload/ramping-vus.js';
import { WAIT_BINS, pathWait, pathWaitQuantileS, type PathWait, type QueueWait } from '../../src/components/queue-wait.js';
import { speedFor } from '../parameter.js';
import { AppTier } from './app-tier.js';
import { stepCosts } from './costs.js';
import { DeliveryLedger, type DeliveryAccount } from './ledger.js';
import type { KtbParams } from './params.js';
import { PerSecond } from './per-second.js';
import { RedisCluster } from './redis-cluster.js';
import { RoomShards } from './rooms.js';
import type { KtbScenario } from './scenario.js';
import { Users } from './users.js';

export interface Failures {
  failed_connects: number;
  disconnects: number;
  late_messages: number;
  dropped_messages: number;
  /** First second that failed (a failed connect, a dropped connection or message, or too many late), or null. */
  first_failure_s: number | null;
  /** What made that second fail. */
  first_failure: string | null;
}

export interface KtbRun {
  durationNs: Nanos;
  summary: K6SummaryExport;
  delivery: DeliveryAccount;
  failures: Failures;
  /** Planned users in the last second before the first failing one (the ramp's peak if none failed). */
  maxUsers: number;
  peakUsers: number;
  /** Per-second series (index = second of the test). */
  seconds: PerSecond;
  /** Per-process and per-node utilisation and queue seconds, each second, for the bottleneck. */
  usage: UsageSeries;
  credits: { appMin: number; redisMin: number; surplus: number };
  /** CPU seconds the app processes used (vCPU-seconds at the profile's speed), for calibration. */
  appCpuSeconds: number;
  engine: { events: number; steps: number };
}

export interface UsageSeries {
  instanceCpu: number[];
  instanceQueueS: number[];
  /** Whether the busiest instance ran throttled at its baseline in that second. */
  instanceThrottled: boolean[];
  loop: number[];
  loopQueueS: number[];
  redisCpu: number[][];
  redisQueueS: number[][];
  /** Share of the allowance in force used (burst while network credits last, then baseline). */
  redisNic: number[][];
  /** Bytes sent against the baseline allowance alone (above 1 = bursting on credits). */
  redisBaseline: number[][];
  appNic: number[];
}

/** Runs seed §5's ramp through the fluid network once; deterministic for a given seed. */
export function simulateKtb(sc: KtbScenario, p: KtbParams): KtbRun {
  const sim = new Simulation(sc.seed);
  const dtNs = fromMillis(p.cloud.stepMs.value);
  const dtS = toSeconds(dtNs);
  const plan = rampingVusPlan({
    startVUs: sc.startUsers,
    stages: sc.stages.map((s) => ({ duration: s.durationNs, target: s.target })),
    gracefulRampDown: sc.gracefulRampDownNs,
  });
  const endNs = plan.end;
  const seconds = Math.max(1, Math.ceil(endNs / NS_PER_S));
  const app = new AppTier(sc.instances, sc.containers, sc.appProfile, sc.creditMode, sc.initialCredits, sc.appCores, sc.appShare);
  const C = app.processes;
  const appSpeed = speedFor(p.node.cpuSpeed, sc.appProfile);
  const cluster = new RedisCluster(sc.redisMasters, sc.adapter, C, sc.redisProfile, sc.creditMode, sc.initialCredits, sc.redisProfile.cpuSpeed);
  const costs = stepCosts(sc, p);
  const S = sc.user.roomSize;
  const shards = new RoomShards(sc.redisMasters, S);
  const io = p.socketio;
  const users = new Users(plan.maxVUs, C, shards, sim.stream('elb')());

  const m = {
    checks: new Rate(),
    ws_sessions: new Counter(),
    ws_msgs_sent: new Counter(),
    ws_msgs_received: new Counter(),
    ws_connecting: new Trend(),
    ws_delivery_latency: new Trend(),
  };
  const B = WAIT_BINS.length;
  const ledger = new DeliveryLedger(m.ws_delivery_latency, 2 * C * B);
  const sec = new PerSecond(seconds);
  const N = cluster.nodes.length;
  const usage: UsageSeries = {
    instanceCpu: new Array<number>(seconds).fill(0),
    instanceQueueS: new Array<number>(seconds).fill(0),
    instanceThrottled: new Array<boolean>(seconds).fill(false),
    loop: new Array<number>(seconds).fill(0),
    loopQueueS: new Array<number>(seconds).fill(0),
    redisCpu: Array.from({ length: N }, () => new Array<number>(seconds).fill(0)),
    redisQueueS: Array.from({ length: N }, () => new Array<number>(seconds).fill(0)),
    redisNic: Array.from({ length: N }, () => new Array<number>(seconds).fill(0)),
    redisBaseline: Array.from({ length: N }, () => new Array<number>(seconds).fill(0)),
    appNic: new Array<number>(seconds).fill(0),
  };
  // Step sums per instance / process / node, flushed into `usage` at each second's end.
  const instAcc = new Float64Array(sc.instances);
  const loopAcc = new Float64Array(C);
  const stepsIn = new Array<number>(seconds).fill(0);

  const phase = sim.stream('message-timers');
  const emitCarry = Float64Array.from({ length: C }, () => phase());
  const historyCarry = Float64Array.from({ length: C }, () => phase());
  const emits = new Float64Array(C);
  const deliveredTo = new Float64Array(sc.instances);
  const historyReadsByShard = new Array<number>(sc.redisMasters).fill(0);
  const emitsByShard = new Array<number>(sc.redisMasters).fill(0);
  const publishesByNode = new Array<number>(cluster.nodes.length).fill(0);
  const lag = new Float64Array(C);
  const saturated = new Uint8Array(C);
  const perEmitInterval = dtS / toSeconds(sc.user.intervalNs);
  const netS = (loopbackOr: number): number => (sc.appProfile.name.startsWith('local') ? p.network.loopbackUs.value : loopbackOr) * 1e-6;
  const clientS = netS(p.network.clientToAppUs.value);
  const redisS = netS(p.network.appToRedisUs.value);
  const deadlineS = toSeconds(sc.deadlineNs);
  // Queueing below saturation (M/G/1 at each loop a copy passes), on top of the fluid backlog lag.
  const appResidualS = p.node.loopResidualMs.value / 1000;
  const redisResidualS = p.redis.residualMs.value / 1000;
  const loopWait: QueueWait[] = Array.from({ length: C }, () => ({ rho: 0, residualS: appResidualS }));
  const redisWait: QueueWait[] = Array.from({ length: cluster.nodes.length }, () => ({ rho: 0, residualS: redisResidualS }));
  const originWait: QueueWait = { rho: 0, residualS: appResidualS };
  const viaRedis: QueueWait = { rho: 0, residualS: redisResidualS };
  let planIndex = 0;
  let target = 0;
  let steps = 0;
  let appCpuSeconds = 0;
  let appMinCredits = Infinity;
  let redisMinCredits = Infinity;

  const outcome = (latencyS: number, t: Nanos): 'onTime' | 'late' | 'inFlight' =>
    t + Math.round(latencyS * NS_PER_S) > endNs ? 'inFlight' : latencyS > deadlineS ? 'late' : 'onTime';

  /**
   * Settles `copies` arriving after `baseS` plus the path's queueing wait, spread over the wait's
   * quantile bins (one call when the path never waits); returns how many of them are late.
   */
  const spread = (copies: number, baseS: number, wait: PathWait, stream: number, t: Nanos): number => {
    if (copies <= 0) return 0;
    let late = 0;
    if (wait.busy <= 0 || wait.meanS <= 0) {
      ledger.settle(outcome(baseS, t), copies, 1000 * baseS, stream);
      return baseS > deadlineS ? copies : 0;
    }
    for (let b = 0; b < B; b++) {
      const latS = baseS + pathWaitQuantileS(wait, WAIT_BINS[b].q);
      const n = copies * WAIT_BINS[b].weight;
      ledger.settle(outcome(latS, t), n, 1000 * latS, stream + b);
      if (latS > deadlineS) late += n;
    }
    return late;
  };

  const step = (t: Nanos): void => {
    const s = Math.min(seconds - 1, Math.floor(t / NS_PER_S));
    steps++;
    stepsIn[s]++;
    sec.tick(s);
    while (planIndex < plan.planned.length && plan.planned[planIndex].t <= t) target = plan.planned[planIndex++].vus;
    users.follow(target, t);
    historyReadsByShard.fill(0);
    deliveredTo.fill(0);

    // Dials: the ELB hands each to the next target. A loop with a backlog serves its connected
    // sockets' messages first and the handshake waits until it clears (the burst runs: joins stopped
    // while the saturated app kept serving its users); one that waits past the timeout fails.
    const join = (u: number, c: number, waitedS: number): void => {
      app.addWork(c, costs.node.connect / appSpeed);
      users.connect(u, c);
      m.checks.add(true);
      m.ws_sessions.add(1);
      m.ws_connecting.add(1000 * (2 * clientS + waitedS + app.lagS(c) + costs.node.connect / appSpeed));
      historyCarry[c] += sc.user.historyShare;
      if (historyCarry[c] >= 1) {
        historyCarry[c] -= 1;
        app.addWork(c, costs.node.history / appSpeed);
        historyReadsByShard[shards.shardOf(users.roomOf(u))]++;
        deliveredTo[c % sc.instances] += costs.bytes.history / costs.bytes.toClient;
      }
    };
    // Saturated: the loop ended the last step with work left (what this step's joins add is not
    // ahead of the next handshake: they interleave with it).
    for (let c = 0; c < C; c++) saturated[c] = app.lagS(c) > 0 ? 1 : 0;
    users.heldDue((u, c, since) => {
      const waitedS = toSeconds(t - since);
      if (!saturated[c]) return join(u, c, waitedS), true;
      if (waitedS < io.connectTimeoutS.value) return false;
      sec.add('failed_connects', s, 1);
      m.checks.add(false);
      users.retry(u, t + fromMillis(1000 * io.reconnectDelayS.value));
      return true;
    });
    users.dialsDue(t, (u) => {
      const c = users.nextProcess();
      if (saturated[c]) users.hold(u, c, t);
      else join(u, c, 0);
    });

    // Emits: each connected user sends one message per interval (timers phased by the seed).
    let E = 0;
    for (let c = 0; c < C; c++) {
      const due = emitCarry[c] + users.on(c) * perEmitInterval;
      emits[c] = Math.floor(due);
      emitCarry[c] = due - emits[c];
      E += emits[c];
    }
    m.ws_msgs_sent.add(E);
    const connected = users.connected;
    const q = shards.matesConnected(users.active); // started room mates connected to receive
    const mq = costs.membersElsewhere * q;
    for (let i = 0; i < sc.redisMasters; i++) emitsByShard[i] = connected > 0 ? (E * shards.usersOnShard[i]) / connected : 0;
    publishesByNode.fill(0);
    for (let c = 0; c < C; c++) {
      publishesByNode[cluster.nodeOfProcess(c)] += emits[c];
      // The base is what a loop pays to go idle and wake (timers, polling): none while it is saturated.
      // loopWait[c].rho still holds the last step's busy share here.
      const work =
        costs.node.base * dtS * (1 - Math.min(1, loopWait[c].rho)) +
        (users.on(c) * dtS * costs.node.heartbeat) / io.pingIntervalS.value +
        emits[c] * (costs.node.ownEmit + costs.node.echo) +
        (E - emits[c]) * costs.node.remoteEmit;
      app.addWork(c, work / appSpeed);
      deliveredTo[c % sc.instances] += emits[c] * (1 + mq) + (E - emits[c]) * mq;
    }
    cluster.step(dtS, { publishesByNode, emitsByShard, historyReadsByShard, total: E }, costs);
    for (let i = 0; i < sc.instances; i++) deliveredTo[i] *= costs.bytes.toClient;
    app.step(dtS, deliveredTo);

    // Latency of this step's copies: origin loop, Redis (classic: any node; sharded: the room's shard), receiving loop.
    let originLag = 0;
    originWait.rho = 0;
    for (let c = 0; c < C; c++) {
      const inst = app.instanceOf(c);
      lag[c] = app.lagS(c) + inst.nic.lagS();
      originLag += E > 0 ? (emits[c] * lag[c]) / E : 0;
      // The loop is busy the larger of its own share of what it may get and its core's busy share.
      loopWait[c].rho = Math.max(inst.cpu.usedVcpus / Math.max(1e-9, inst.cpu.availableVcpus), app.loopShare(c) / Math.max(1e-9, inst.cpu.level));
      originWait.rho += E > 0 ? (emits[c] * loopWait[c].rho) / E : 0;
    }
    for (let i = 0; i < N; i++) redisWait[i].rho = cluster.nodes[i].cpu.usedVcpus / Math.max(1e-9, Math.min(1, cluster.nodes[i].cpu.availableVcpus));
    let redisLag = 0;
    let overflowShare = 0;
    const limit = p.redis.subscriberBufferBytes.value;
    viaRedis.rho = 0;
    if (sc.adapter === 'classic') {
      for (let i = 0; i < N; i++) (redisLag += cluster.lagS(i) / N), (viaRedis.rho += redisWait[i].rho / N);
    } else {
      for (let i = 0; i < sc.redisMasters; i++) {
        const w = E > 0 ? emitsByShard[i] / E : 0;
        redisLag += w * cluster.lagS(i);
        viaRedis.rho += w * redisWait[i].rho;
        if (cluster.overflowing(i, limit)) overflowShare += w;
      }
    }
    ledger.owe(E * S);
    ledger.settle('dropped', E * (S - 1) * (1 - q), 0, 0);
    let latencySum = 0;
    let latencyCount = 0;
    let droppedSum = 0;
    let arrivedSum = 0;
    let lateSum = 0;
    let disconnects = 0;
    for (let c = 0; c < C; c++) {
      const local = emits[c] * (1 + mq);
      const remote = (E - emits[c]) * mq;
      const down = lag[c] > io.pingTimeoutS.value;
      const lost = down ? 1 : sc.adapter === 'classic' ? (cluster.overflowing(cluster.nodeOfProcess(c), limit) ? 1 : 0) : overflowShare;
      const localS = 2 * clientS + lag[c];
      const remoteS = 2 * clientS + originLag + 2 * redisS + redisLag + lag[c];
      // A local copy waits at its own loop once (handler and broadcast run in one callback); a
      // remote one at the origin loop, a Redis node and the receiving loop.
      const localWait = pathWait([loopWait[c]]);
      const remoteWait = pathWait([originWait, viaRedis, loopWait[c]]);
      if (down) ledger.settle('dropped', local, 0, 2 * c * B);
      else lateSum += spread(local, localS, localWait, 2 * c * B, t);
      ledger.settle('dropped', remote * lost, 0, (2 * c + 1) * B);
      lateSum += spread(remote * (1 - lost), remoteS, remoteWait, (2 * c + 1) * B, t);
      const dropped = (down ? local : 0) + remote * lost;
      droppedSum += dropped;
      const arrivedLocal = down ? 0 : local;
      const arrivedRemote = remote * (1 - lost);
      arrivedSum += arrivedLocal + arrivedRemote;
      latencySum += arrivedLocal * (localS + localWait.meanS) + arrivedRemote * (remoteS + remoteWait.meanS);
      latencyCount += arrivedLocal + arrivedRemote;
      loopAcc[c] += app.loopShare(c);
      if (down) disconnects += users.dropAll(c, t + fromMillis(1000 * io.reconnectDelayS.value));
    }
    sec.add('dropped_failure', s, droppedSum);
    sec.add('arrived', s, arrivedSum);
    sec.add('late', s, lateSum);
    sec.add('disconnects', s, disconnects);
    sec.add('latency_sum_s', s, latencySum);
    sec.add('latency_count', s, latencyCount);

    // Per-second resource figures.
    app.instances.forEach((inst, i) => {
      appCpuSeconds += inst.cpu.usedVcpus * dtS;
      instAcc[i] += inst.cpu.usedVcpus / inst.cpu.availableVcpus;
      appMinCredits = Math.min(appMinCredits, inst.cpu.credits.level);
    });
    let maxQ = 0;
    for (let c = 0; c < C; c++) maxQ = Math.max(maxQ, lag[c]);
    usage.loopQueueS[s] = Math.max(usage.loopQueueS[s], maxQ);
    usage.instanceQueueS[s] = usage.loopQueueS[s];
    cluster.nodes.forEach((node, i) => {
      usage.redisCpu[i][s] += node.cpu.usedVcpus / Math.min(1, node.cpu.availableVcpus);
      usage.redisQueueS[i][s] = Math.max(usage.redisQueueS[i][s], cluster.lagS(i));
      redisMinCredits = Math.min(redisMinCredits, node.cpu.credits.level);
    });
    const secondEnds = Math.floor((t + dtNs) / NS_PER_S) !== Math.floor(t / NS_PER_S) || t + dtNs >= endNs;
    if (secondEnds) flush(s);
    if (t + dtNs < endNs) sim.schedule(dtNs, step);
  };

  const flush = (s: number): void => {
    let creditSum = 0;
    let creditMin = Infinity;
    for (const inst of app.instances) (creditSum += inst.cpu.credits.level), (creditMin = Math.min(creditMin, inst.cpu.credits.level));
    sec.set('users', s, target);
    sec.set('connected', s, users.connected);
    sec.set('app_credits_min', s, creditMin);
    sec.set('app_credits_mean', s, creditSum / app.instances.length);
    sec.set('redis_credits_min', s, Math.min(...cluster.nodes.map((n) => n.cpu.credits.level)));
    const n = Math.max(1, stepsIn[s]);
    let busiest = 0;
    let busiestAt = 0;
    for (let i = 0; i < sc.instances; i++) {
      if (instAcc[i] / n > busiest) (busiest = instAcc[i] / n), (busiestAt = i);
      instAcc[i] = 0;
    }
    usage.instanceCpu[s] = busiest;
    const inst = app.instances[busiestAt].cpu;
    usage.instanceThrottled[s] = inst.availableVcpus < inst.vcpus;
    let loop = 0;
    for (let c = 0; c < C; c++) (loop = Math.max(loop, loopAcc[c] / n)), (loopAcc[c] = 0);
    usage.loop[s] = loop;
    cluster.nodes.forEach((node, i) => {
      usage.redisCpu[i][s] /= n;
      usage.redisNic[i][s] = node.nic.takeUse() / n;
      usage.redisBaseline[i][s] = (node.nic.sentBytes - nicSent[i]) / node.nic.baselineBytesPerS;
      nicSent[i] = node.nic.sentBytes;
    });
    let appNic = 0;
    app.instances.forEach((a, i) => {
      appNic = Math.max(appNic, a.nic.takeUse() / n);
    });
    usage.appNic[s] = appNic;
  };
  const nicSent = new Float64Array(N);

  sim.at(0, step);
  sim.run();

  const delivery = ledger.account();
  m.ws_msgs_received.add(delivery.onTime + delivery.late);
  const failing = (s: number): string | null => {
    const why: string[] = [];
    if (sec.get('failed_connects')[s] > 0) why.push('failed connects');
    if (sec.get('disconnects')[s] > 0) why.push('connections dropped (ping timeout)');
    if (sec.get('dropped_failure')[s] >= 1) why.push('messages dropped');
    const arrived = sec.get('arrived')[s];
    if (arrived > 0 && sec.get('late')[s] / arrived > p.failure.lateShare.value) why.push(`over ${100 * p.failure.lateShare.value}% of messages later than ${toMillis(sc.deadlineNs)} ms`);
    return why.length > 0 ? why.join(', ') : null;
  };
  let first: number | null = null;
  for (let s = 0; s < seconds && first === null; s++) if (failing(s) !== null) first = s;
  const usersSeries = sec.get('users');
  const peakUsers = plan.maxVUs;
  const maxUsers = first === null ? peakUsers : first === 0 ? 0 : usersSeries[first - 1];
  const total = (name: string): number => Math.round(sec.get(name).reduce((a, b) => a + b, 0));
  return {
    durationNs: endNs,
    summary: { metrics: k6Summary(m, endNs).metrics },
    delivery,
    failures: {
      failed_connects: total('failed_connects'),
      disconnects: total('disconnects'),
      late_messages: delivery.late,
      dropped_messages: delivery.dropped,
      first_failure_s: first,
      first_failure: first === null ? null : failing(first),
    },
    maxUsers,
    peakUsers,
    seconds: sec,
    usage,
    credits: { appMin: appMinCredits, redisMin: redisMinCredits, surplus: app.instances.reduce((a, i) => a + i.cpu.surplusCredits, 0) },
    engine: { events: sim.firedCount, steps },
    appCpuSeconds,
  };
}

