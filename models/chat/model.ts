import { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_S, fromMicros, toMillis, toSeconds, type Nanos } from '../../src/engine/time.js';
import { Series, type K6SummaryExport } from '../../src/metrics/index.js';
import { ChatK6Metrics } from './k6-metrics.js';
import { resolveNetwork, type Profile } from '../../src/config/profiles.js';
import type { NicOptions } from '../../src/components/nic.js';
import { findBottleneck, queueSeconds, reportResource, type Bottleneck, type ResourceReport } from '../../src/analysis/bottleneck.js';
import { perVuIterations, runTest } from '../../src/workload/index.js';
import { Room } from './room.js';
import { DeliveryLedger } from './deliveries.js';
import { ChatNetwork } from './network.js';
import type { AppTask } from './app-task.js';
import { chatSession } from './k6-session.js';
import { SecondSampler } from '../../src/metrics/second-sampler.js';
import { appCosts, wireBytesPerCopy, type ChatParams } from './params.js';
import { speedFor } from '../parameter.js';
import type { ChatScenario } from './scenario.js';
import { K6_MAX_DURATION } from './flags.js';

export interface DeliveryAccount {
  /** Σ over publishes of the members subscribed when Redis ran it: sent × recipients. */
  expected: number;
  received: number;
  afterClose: number;
  inFlight: number;
  /** received ÷ (ws_msgs_sent × users), the write-up's "delivered" figure. */
  deliveredRatio: number;
}

export interface ChatRun {
  durationNs: Nanos;
  summary: K6SummaryExport;
  delivery: DeliveryAccount;
  resources: ResourceReport[];
  bottleneck: Bottleneck;
  series: Record<string, number[]>;
  warnings: string[];
  engine: { events: number };
  /** Redis and app work, in the units their costs are given in (for calibration). */
  redisWork: { publishes: number; copies: number; cpuSeconds: number };
  appWork: { iterations: number; reads: number; parses: number; writes: number; accepts: number; handshakes: number; inbound: number; closes: number; cpuSeconds: number; parsedKB: number; writtenKB: number };
}

export function payloadBytes(params: ChatParams, scenario: ChatScenario): number {
  return scenario.messageBytes ?? params.message.payloadBytes.value;
}

function redisNic(profile: Profile, initialCredit: ChatParams['redis']['nicInitialCredit']['value'], cap?: number): NicOptions {
  // tc tbf: a flat rate with a bucket of a few packets, no credits to bank.
  if (cap !== undefined) return { baselineBitsPerSec: cap, burstBitsPerSec: cap, creditCapacityBits: 0, initialCreditBits: 0, queueLimitBytes: Infinity };
  const n = resolveNetwork(profile);
  const capacityBits = n.creditCapacityGbit * 1e9;
  const initial = initialCredit === 'empty' ? 0 : initialCredit === 'full' ? capacityBits : initialCredit * 1e9;
  return {
    baselineBitsPerSec: n.baselineGbps * 1e9,
    burstBitsPerSec: n.burstGbps * 1e9,
    creditCapacityBits: capacityBits,
    initialCreditBits: Math.min(initial, capacityBits),
    queueLimitBytes: Infinity,
  };
}

function sumWork(tasks: readonly ChatNetwork['tasks'][number][], endNs: Nanos, payloadBytes: number, share: number): ChatRun['appWork'] {
  const total = { iterations: 0, reads: 0, parses: 0, writes: 0, accepts: 0, handshakes: 0, inbound: 0, closes: 0, cpuSeconds: 0, parsedKB: 0, writtenKB: 0 };
  for (const t of tasks) {
    for (const k of Object.keys(t.work) as Array<keyof typeof t.work>) total[k] += t.work[k];
    total.iterations += t.loop.iterations;
    // The loop's busy time on the clock includes the waits for a shared core; its CPU is the share.
    total.cpuSeconds += toSeconds(t.loop.busyUntil(endNs)) * share;
  }
  // The bytes moved, in the unit the per-byte costs are given in.
  total.parsedKB = (total.parses * payloadBytes) / 1000;
  total.writtenKB = (total.writes * payloadBytes) / 1000;
  return total;
}

/** Runs seed §1's experiment once through the queueing network; deterministic for a given seed. */
export function simulateChat(scenario: ChatScenario, params: ChatParams): ChatRun {
  const sim = new Simulation(scenario.seed);
  const payload = payloadBytes(params, scenario);
  const wire = wireBytesPerCopy(params, payload);
  // On this machine every hop is loopback; in the cloud, a same-region network trip.
  const loopback = scenario.appProfile.name === 'local';
  const toClientNs = fromMicros(loopback ? params.network.loopbackUs.value : params.network.clientToAppUs.value);
  const toRedisNs = fromMicros(loopback ? params.network.loopbackUs.value : params.network.appToRedisUs.value);
  const share = scenario.appCoreShare ?? 1;
  const room = new Room();
  const m = new ChatK6Metrics();
  const sentPerSecond = new Series();
  const receivedPerSecond = new Series();
  const ledger = new DeliveryLedger(room, m.ws_delivery_latency, receivedPerSecond, toClientNs);
  const nicOptions = redisNic(scenario.redisProfile, params.redis.nicInitialCredit.value, scenario.redisEgressBitsPerSec);
  const network = new ChatNetwork(sim, room, ledger, {
    tasks: scenario.tasks,
    subscription: scenario.subscription,
    appCosts: appCosts(params, payload),
    // A shared core runs the loop's work at its speed for the share it gets: each iteration takes
    // 1/share as long on the clock, and its CPU time is share × that.
    appSpeed: speedFor(params.app.cpuSpeed, scenario.appProfile) * share,
    redisSpeed: scenario.redisProfile.cpuSpeed,
    redisNic: nicOptions,
    // A long-running cache node has banked its full 24 hours of credits.
    redisCpuCredits: scenario.redisProfile.cpuCredits && { vcpus: scenario.redisProfile.vcpus, ...scenario.redisProfile.cpuCredits, initialCredits: scenario.redisProfile.cpuCredits.maxCredits },
    publishBaseUs: params.redis.publishBaseUs.value,
    publishPerSubscriberUs: params.redis.publishPerSubscriberUs.value,
    wireBytesPerCopy: wire,
    clientToAppNs: toClientNs,
    appToRedisNs: toRedisNs,
  });

  const appBusy = network.tasks.map((task) => {
    const busy = new Series();
    task.loop.onBusy = (start, end) => busy.addSpread(start, end, end - start);
    return busy;
  });
  const egress = new Series();
  const nic = network.redis.nic;
  nic.onTransmit = (start, end, bytes) => egress.addSpread(start, end, bytes);
  const redisCpu = network.redis.cpu;
  const backlogOf = (t: AppTask): string => `app_${t.id + 1}_backlog`;
  const sampler = new SecondSampler(sim, {
    redis_nic_credits_bits: () => nic.credits(),
    redis_output_bytes: () => network.redis.bytesQueued,
    redis_cpu_busy_ns: () => redisCpu.stats().busyCoreNs,
    redis_cpu_done: () => redisCpu.stats().completed,
    redis_cpu_queue: () => redisCpu.queueLength,
    ...(redisCpu.creditBalance() === undefined ? {} : { redis_cpu_credits: () => redisCpu.creditBalance()! }),
    ...Object.fromEntries(network.tasks.map((t) => [backlogOf(t), () => t.backlog])),
  });

  const session = chatSession(
    sim,
    network,
    { intervalNs: scenario.intervalNs, holdNs: scenario.sessionNs, timerJitterNs: fromMicros(params.k6.timerJitterUs.value) },
    { ...m, sentPerSecond },
    sim.stream('k6-timers'),
  );
  const endNs = runTest(sim, perVuIterations({ vus: scenario.users, iterations: scenario.iterations, maxDuration: K6_MAX_DURATION }), (vu, done) => {
    const began = sim.now;
    session(vu.id, () => {
      m.iterations.add(1);
      m.iteration_duration.add(toMillis(sim.now - began));
      done();
    });
  });
  sampler.stop();
  // A send still on the wire at the end has sent part of its bytes: chart them (a link busy with
  // one send longer than the run would otherwise read 0).
  const onWire = nic.inTransmission(endNs);
  if (onWire) egress.addSpread(onWire.startNs, endNs, onWire.bytes);

  m.ws_msgs_received.add(ledger.received);
  const members = network.tasks.flatMap((t) => [...t.members]);
  const delivery: DeliveryAccount = {
    expected: room.expectedDeliveries,
    received: ledger.received,
    afterClose: ledger.afterClose,
    inFlight: ledger.inFlight(members),
    deliveredRatio: m.ws_msgs_sent.count === 0 ? 0 : ledger.received / (m.ws_msgs_sent.count * scenario.users),
  };

  const seconds = Math.max(1, Math.ceil(toSeconds(endNs)));
  const nicStats = nic.stats(endNs);
  const redisStats = redisCpu.stats(endNs);
  const egressBytes = egress.perBucket(seconds);
  const baselineBytesPerS = nicOptions.baselineBitsPerSec / 8;
  const resources = [
    ...network.tasks.map((t, i) =>
      reportResource({
        name: `app task ${t.id + 1} CPU`,
        kind: 'cpu',
        utilisation: t.loop.busyUntil(endNs) / endNs,
        perSecond: appBusy[i].perBucket(seconds, NS_PER_S),
        queueSeconds: queueSeconds(sampler.levels(backlogOf(t), seconds), t.written.perBucket(seconds)),
        meanQueue: sampler.mean(backlogOf(t)),
        maxQueue: Math.max(t.maxBacklog, sampler.max(backlogOf(t))),
        queueUnit: 'deliveries',
        scaleNext: `add app tasks (--tasks ${scenario.tasks + 1}) or a faster core: one uvicorn process uses one core`,
      }),
    ),
    reportResource({
      name: 'Redis CPU',
      kind: 'cpu',
      utilisation: redisStats.utilisation,
      perSecond: sampler.increments('redis_cpu_busy_ns', seconds).map((ns) => ns / NS_PER_S),
      queueSeconds: queueSeconds(sampler.levels('redis_cpu_queue', seconds), sampler.increments('redis_cpu_done', seconds)),
      meanQueue: redisStats.meanQueueLength,
      maxQueue: redisStats.maxQueueLength,
      queueUnit: 'commands',
      scaleNext: 'a faster Redis node or Redis Cluster (one thread per shard)',
    }),
    reportResource({
      // Against the baseline allowance: a NIC bursting on credits has no queue, so it only counts
      // as saturated once the credits are gone and sends wait at the baseline rate.
      name: 'Redis egress',
      kind: 'network',
      utilisation: nicStats.baselineUtilisation,
      perSecond: egressBytes.map((b) => b / baselineBytesPerS),
      queueSeconds: queueSeconds(sampler.levels('redis_output_bytes', seconds), egressBytes),
      meanQueue: sampler.mean('redis_output_bytes'),
      maxQueue: sampler.max('redis_output_bytes'),
      queueUnit: 'bytes queued',
      scaleNext:
        scenario.subscription === 'per-connection'
          ? 'subscribe once per room per process (--subscription per-process) to cut Redis egress by users÷tasks, or a node with a higher network baseline'
          : 'a Redis node with a higher network baseline, or shard rooms across nodes',
      detail: `${nicStats.allowanceExceededPackets.toLocaleString('en-US')} packets over the allowance (NetworkBandwidthOutAllowanceExceeded); baseline ${(nicOptions.baselineBitsPerSec / 1e9).toFixed(3)} Gbit/s`,
    }),
  ];
  const warnings: string[] = [];
  const perSubscriberQueue = sampler.max('redis_output_bytes') / Math.max(1, scenario.subscription === 'per-connection' ? scenario.users : scenario.tasks);
  if (perSubscriberQueue > 32 * 2 ** 20) warnings.push('Redis output buffers would pass client-output-buffer-limit pubsub 32mb: Redis would disconnect subscribers');
  return {
    durationNs: endNs,
    summary: m.summary(endNs),
    delivery,
    resources,
    bottleneck: findBottleneck(resources),
    series: {
      ws_msgs_sent: sentPerSecond.perBucket(seconds),
      ws_msgs_received: receivedPerSecond.perBucket(seconds),
      redis_egress_bytes: egressBytes,
      redis_nic_credits_bits: sampler.levels('redis_nic_credits_bits', seconds),
      ...(sampler.samples.redis_cpu_credits ? { redis_cpu_credits: sampler.levels('redis_cpu_credits', seconds) } : {}),
      ...Object.fromEntries(network.tasks.map((t, i) => [`app_${t.id + 1}_cpu`, appBusy[i].perBucket(seconds, NS_PER_S)])),
      ...Object.fromEntries(network.tasks.map((t) => [backlogOf(t), sampler.levels(backlogOf(t), seconds)])),
    },
    warnings,
    engine: { events: sim.firedCount },
    appWork: sumWork(network.tasks, endNs, payload, share),
    redisWork: { publishes: network.redis.work.publishes, copies: network.redis.work.copies, cpuSeconds: toSeconds(redisStats.busyCoreNs) },
  };
}
