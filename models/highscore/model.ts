import { Simulation } from '../../src/engine/simulation.js';
import { NS_PER_S, fromMicros, fromMillis, toMillis, toSeconds, type Nanos } from '../../src/engine/time.js';
import { Cpu } from '../../src/components/cpu.js';
import { SerialProcess } from '../../src/components/serial-process.js';
import { Series, TimeWeighted } from '../../src/metrics/index.js';
import { SecondSampler } from '../../src/metrics/second-sampler.js';
import { LocustStats } from '../../src/metrics/locust-stats.js';
import { between, locustUsers, type Iteration } from '../../src/workload/index.js';
import { findBottleneck, queueSeconds, reportResource, type Bottleneck, type ResourceReport } from '../../src/analysis/bottleneck.js';
import { ENDPOINTS, apiCpuNs, documentBytes, itemsAt, requestCosts, storeCpuNs, tokenCosts, type Endpoint, type RequestCosts } from './costs.js';
import type { HighscoreParams } from './params.js';
import type { HighscoreScenario } from './scenario.js';
import { GroupCommit } from '../../src/components/group-commit.js';
import { AsyncioPool } from './asyncio-pool.js';

/** Locust's wait_time in the write-up's locustfile: between(1, 5) after each task. */
export const WAIT_S = { min: 1, max: 5 } as const;
const MIB = 2 ** 20;

export interface MemoryAccount {
  /** Resident size of the API instance's processes, MiB: workers, open connections, documents held. */
  workersMiB: number;
  connectionsMiB: number;
  peakDocumentsMiB: number;
  peakResidentMiB: number;
  ramMiB: number;
  /** Decoded documents held at once at the peak (read-modify-write only). */
  peakDocumentsHeld: number;
}

export interface HighscoreRun {
  durationNs: Nanos;
  /** Locust's stats per endpoint, and Aggregated. */
  stats: Record<Endpoint | 'Aggregated', LocustStats>;
  /** Tasks begun, completed and cut off at the end (Locust kills running tasks at --run-time). */
  tasks: { started: number; completed: number; interrupted: number };
  resources: ResourceReport[];
  bottleneck: Bottleneck;
  series: Record<string, number[]>;
  memory: MemoryAccount;
  /** Work counted in the units the costs are given in, for calibration. */
  work: { requests: number; tokenRequests: number; storeCommands: number; itemsInPython: number; apiCpuSeconds: number; storeCpuSeconds: number; bytesToApi: number; bytesToStore: number };
  /** The shared host of --profile local: API wake-ups and their run-queue waits, the store's commands' run-queue time (wake-up waits and sharing the core), Locust's CPU beside the store. */
  host: { apiWakeUps: number; apiWaitSeconds: number; apiShareWaitSeconds: number; apiRunQueueSeconds: number; walFlushes: number; walFlushSeconds: number; storeWakeWaitSeconds: number; storeRunQueueSeconds: number; locustCpuSeconds: number };
  /** CPU per request, ms on the simulated cores. */
  cpuPerRequestMs: { api: Record<Endpoint, number>; store: Record<Endpoint, number> };
  warnings: string[];
  engine: { events: number };
}

/** Speed of a tier's cores: explicit (a recorded run's probe), else its place's in params. */
function speeds(s: HighscoreScenario, p: HighscoreParams): { api: number; store: number } {
  return { api: s.apiSpeed ?? p.api.cpuSpeed[s.api].value, store: s.docstoreSpeed ?? p.docstore.cpuSpeed[s.docstore].value };
}

/**
 * The recorded runs' host, for tiers on this machine (--profile local): other sessions' work on the
 * same cores delays each wake-up, and Locust runs on the store's core when both tiers are local.
 */
function hostOf(s: HighscoreScenario, p: HighscoreParams): { apiWakeNs: number; storeWakeNs: number; locustNs: number; apiShare: number; sliceNs: number; walFlushNs: number } {
  const local = (place: string): boolean => place === 'local';
  return {
    apiWakeNs: local(s.api) ? fromMicros(p.host.apiWakeWaitUs.value) : 0,
    storeWakeNs: local(s.docstore) ? fromMicros(p.host.storeWakeWaitUs.value) : 0,
    locustNs: local(s.api) && local(s.docstore) ? fromMicros(p.host.locustUs.value) : 0,
    // While runnable past a time slice, the API gets only its autogroup's share of a core other sessions also want.
    apiShare: local(s.api) ? (s.apiShare ?? p.host.apiShare.value) : 1,
    sliceNs: fromMicros(p.host.sliceUs.value),
    // This machine's disk under PostgreSQL's commits; the write-up's MongoDB (w:1) acknowledges before its journal flush.
    walFlushNs: local(s.docstore) ? fromMicros(s.walFlushUs ?? p.host.walFlushUs.value) : 0,
  };
}

/** Median and 95th percentile of each second's response times (the timeline's latency panel). */
function perSecondPercentiles(byS: number[][], seconds: number): { p50: number[]; p95: number[] } {
  const pick = (xs: number[], q: number): number => (xs.length === 0 ? 0 : xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]);
  const p50: number[] = [];
  const p95: number[] = [];
  for (let k = 0; k < seconds; k++) {
    const xs = (byS[k] ?? []).slice().sort((a, b) => a - b);
    p50.push(+pick(xs, 0.5).toFixed(1));
    p95.push(+pick(xs, 0.95).toFixed(1));
  }
  return { p50, p95 };
}

/**
 * Runs one Locust test against the highscore API: users ⇄ uvicorn workers (one Python process
 * each, on the instance's shared cores) ⇄ the document store (its own cores). Deterministic for a
 * given seed.
 */
export function simulateHighscore(s: HighscoreScenario, params: HighscoreParams): HighscoreRun {
  const sim = new Simulation(s.seed);
  const speed = speeds(s, params);
  const local = (place: string): boolean => place === 'local';
  const halfClientNs = fromMillis(local(s.api) ? params.network.loopbackUs.value / 1000 : params.network.clientRttMs.value) / 2;
  const halfStoreNs = fromMicros(local(s.api) && local(s.docstore) ? params.network.loopbackUs.value : params.network.dbRttUs.value) / 2;

  // This machine as the runs had it: a sleeping process waits for other sessions' time slice before it
  // runs; one that stays runnable longer than a time slice gets only its share of the core.
  const host = hostOf(s, params);
  const apiCpu = new Cpu(sim, { cores: s.apiVcpu, discipline: 'ps', speed: speed.api });
  // Other sessions' share of the store's core slows every command on it; its CPU time stays the work's (speed.store).
  const storeCpu = new Cpu(sim, { cores: s.docstoreVcpu, discipline: 'ps', speed: speed.store * (local(s.docstore) ? (s.docstoreShare ?? 1) : 1) });
  const workers = Array.from({ length: s.workers }, () => new SerialProcess(sim, apiCpu, speed.api));
  const exponential = (name: string, meanNs: number): (() => number) | undefined => {
    if (!(meanNs > 0)) return undefined;
    const u = sim.stream(name);
    return () => Math.round(-meanNs * Math.log(1 - u()));
  };
  for (const w of workers) {
    w.wakeWait = exponential('api-wake', host.apiWakeNs);
    w.wakeCpuNs = fromMicros(params.api.wakeUpUs.value);
    if (host.apiShare < 1) w.preempt = (ranNs) => (ranNs >= host.sliceNs ? Math.round(ranNs * (1 / host.apiShare - 1)) : 0);
  }
  const storeWake = exponential('store-wake', host.storeWakeNs);
  const walDraw = exponential('wal-flush', host.walFlushNs);
  // PostgreSQL's group commit (synchronous_commit on): a commit waits for a WAL flush begun after it.
  const wal = walDraw ? new GroupCommit(sim, walDraw) : undefined;
  // Locust beside the store (the bundled runs pin both to one core): it reads each response on that core.
  const locust = host.locustNs > 0 ? new SerialProcess(sim, storeCpu, speed.store) : undefined;
  if (locust) locust.wakeWait = storeWake;
  let storeWakeWaitNs = 0;
  let storeShareWaitNs = 0;
  let storeUsedNs = 0;
  const pools = workers.map((w) => new AsyncioPool(s.dbPool, (run) => w.post(0, run)));
  const apiBusy = new Series();
  let apiSiblingWaitNs = 0;
  const workerBusy = workers.map((w) => {
    const busy = new Series();
    w.onRun = (start, end, cpuNs) => {
      // Runnable but not running: the worker's sibling workers took the core meanwhile.
      apiSiblingWaitNs += end - start - cpuNs;
      busy.addSpread(start, end, cpuNs);
      apiBusy.addSpread(start, end, cpuNs);
    };
    return busy;
  });
  const storeBusy = new Series();
  /** One store command: its woken backend waits for the core first; the CPU it then uses is the store's. */
  const storeExecute = (demandNs: number, done: () => void): void => {
    const run = (): void => {
      const start = sim.now;
      storeCpu.execute(demandNs, () => {
        // Runnable but not running: the share of the core other commands (and Locust) took.
        storeShareWaitNs += sim.now - start - demandNs / speed.store;
        storeUsedNs += demandNs / speed.store;
        storeBusy.addSpread(start, sim.now, demandNs / speed.store);
        done();
      });
    };
    // Each command wakes its own backend process, which waits for the core whatever the others do.
    const wait = storeWake ? storeWake() : 0;
    if (wait <= 0) return run();
    storeWakeWaitNs += wait;
    sim.schedule(wait, run);
  };

  const costs = Object.fromEntries(ENDPOINTS.map((e) => [e, requestCosts(params, s.update, s.docItems, e)])) as Record<Endpoint, RequestCosts>;
  const stats = { add: new LocustStats(), edit: new LocustStats(), delete: new LocustStats(), Aggregated: new LocustStats() };
  const requestsPerS = Object.fromEntries(ENDPOINTS.map((e) => [e, new Series()])) as Record<Endpoint, Series>;
  const latencyByS: number[][] = [];
  const work = { requests: 0, tokenRequests: 0, storeCommands: 0, itemsInPython: 0, bytesToApi: 0, bytesToStore: 0 };

  // Documents decoded in Python and not yet written back: the memory read-modify-write holds.
  const held = new TimeWeighted(0);
  const heldBytes = (e: Endpoint): number => itemsAt(s.docItems, e) * params.memory.decodedBytesPerItem.value + 2 * documentBytes(params, itemsAt(s.docItems, e));
  let heldNow = 0;
  let heldPeak = 0;
  const connections = new TimeWeighted(0);

  const token = tokenCosts(params);
  /** One HTTP request on the user's keep-alive connection, which its worker accepted. */
  const request = (c: RequestCosts, heldPerRequest: number, worker: number, respond: () => void): void => {
    const proc = workers[worker];
    const pool = pools[worker];
    const store = (k: number): void => {
      work.storeCommands++;
      sim.schedule(halfStoreNs, () =>
        storeExecute(c.commands[k].storeNs, () =>
          // The last command is the request's UPDATE: its commit waits for the WAL flush.
          (k === c.commands.length - 1 && wal ? (next: () => void) => wal.commit(next) : (next: () => void) => next())(() => sim.schedule(halfStoreNs, () => {
            const last = k === c.commands.length - 1;
            if (last) {
              if (c.itemsInPython > 0) {
                heldNow -= heldPerRequest;
                held.add(sim.now, -1);
              }
              // The coroutine resumes, leaves `async with acquire()` and answers; the waiter it wakes runs after it.
              proc.post(c.afterNs, () => sim.schedule(halfClientNs, respond));
              pool.release();
              return;
            }
            if (k === 0 && c.itemsInPython > 0) {
              heldNow += heldPerRequest;
              if (heldNow > heldPeak) heldPeak = heldNow;
              held.add(sim.now, 1);
            }
            proc.post(c.commands[k].replyNs, () => store(k + 1));
          })),
        ),
      );
    };
    sim.schedule(halfClientNs, () =>
      proc.post(c.beforeNs, () => {
        if (c.commands.length === 0) work.tokenRequests++;
        else work.requests++;
        work.itemsInPython += c.itemsInPython;
        work.bytesToApi += c.bytesToApi;
        work.bytesToStore += c.bytesToStore;
        if (c.commands.length === 0) return proc.post(c.afterNs, () => sim.schedule(halfClientNs, respond));
        // The pooled connection is held from here until the last command's reply.
        pool.acquire(() => store(0));
      }),
    );
  };

  // Each user opens one keep-alive connection on its first request; the workers accept in turn.
  const workerOf = (userId: number): number => (userId - 1) % s.workers;
  const opened = new Set<number>();
  const tokenRequests = Math.round(params.locust.tokenRequests.value);
  const task = (endpoint: Endpoint): Iteration => (vu, done) => {
    let cut = false;
    vu.onInterrupt(() => (cut = true));
    const timed = (): void => {
      const sent = sim.now;
      request(costs[endpoint], heldBytes(endpoint), workerOf(vu.id), () => {
        if (cut) return;
        if (locust) return locust.post(host.locustNs, () => !cut && logged());
        logged();
      });
      const logged = (): void => {
        const ms = toMillis(sim.now - sent);
        stats[endpoint].log(ms);
        stats.Aggregated.log(ms);
        requestsPerS[endpoint].add(sim.now, 1);
        (latencyByS[Math.floor(sim.now / NS_PER_S)] ??= []).push(ms);
        done();
      };
    };
    if (opened.has(vu.id)) return timed();
    // on_start: the user opens its connection and gets its DPoP-bound token (outside Locust's stats).
    opened.add(vu.id);
    connections.add(sim.now, 1);
    const fetchToken = (left: number): void => {
      if (left === 0) return timed();
      request(token, 0, workerOf(vu.id), () => !cut && fetchToken(left - 1));
    };
    fetchToken(tokenRequests);
  };

  const runner = locustUsers({
    users: s.users,
    spawnRate: s.spawnRate,
    runTime: s.durationNs,
    waitTime: between(WAIT_S.min, WAIT_S.max),
    tasks: ENDPOINTS.map(task),
  });
  const queued = (): number => workers.reduce((t, w) => t + w.queueLength, 0);
  const sampler = new SecondSampler(sim, {
    users: () => runner.stats.vus,
    api_queue: queued,
    api_done: () => workers.reduce((t, w) => t + w.completed, 0),
    store_busy_ns: () => storeUsedNs,
    store_queue: () => storeCpu.queueLength,
    store_done: () => storeCpu.stats().completed,
    pool_waiting: () => pools.reduce((t, p) => t + p.waiting, 0),
    documents_held_mib: () => heldNow / MIB,
    ...Object.fromEntries(workers.map((w, i) => [`worker_${i + 1}_queue`, () => w.queueLength])),
  });
  let endNs = 0;
  runner.start(sim, {
    onFinish: () => {
      endNs = sim.now;
      sim.stop();
    },
  });
  sim.run();
  sampler.stop();

  const seconds = Math.max(1, Math.ceil(toSeconds(endNs)));
  const storeStats = storeCpu.stats(endNs);
  const storeUtilisation = storeUsedNs / (endNs * s.docstoreVcpu);
  const apiStats = apiCpu.stats(endNs);
  const apiPerS = apiBusy.perBucket(seconds, NS_PER_S * s.apiVcpu);
  const storeIncrements = sampler.increments('store_busy_ns', seconds);
  const memory = memoryAccount(s, params, heldPeak, held.max, connections.max);
  const apiScale =
    s.update === 'read-modify-write'
      ? `update in place (--update in-place): the request's CPU then no longer grows with the document (${s.docItems} items); or more vCPUs with one uvicorn worker each (--api-vcpu ${2 * s.apiVcpu} --workers ${2 * s.apiVcpu})`
      : `more vCPUs with one uvicorn worker each (--api-vcpu ${2 * s.apiVcpu} --workers ${2 * s.apiVcpu}), or a second API instance behind a load balancer`;
  const resources: ResourceReport[] = [
    reportResource({
      name: 'API CPU',
      kind: 'cpu',
      utilisation: apiStats.utilisation,
      perSecond: apiPerS,
      queueSeconds: queueSeconds(sampler.levels('api_queue', seconds), sampler.increments('api_done', seconds)),
      meanQueue: sampler.mean('api_queue'),
      maxQueue: sampler.max('api_queue'),
      queueUnit: 'callbacks ready in the workers',
      scaleNext: apiScale,
      detail: `${s.apiVcpu} vCPU, ${s.workers} uvicorn worker(s); ${(apiCpuNs(costs.edit) / 1e6 / speed.api).toFixed(2)} ms of API CPU per edit`,
    }),
    // With fewer workers than cores the GIL binds first: each worker is a resource of its own.
    ...(s.workers < s.apiVcpu
      ? workers.map((w, i) =>
          reportResource({
            name: `uvicorn worker ${i + 1}`,
            kind: 'cpu',
            utilisation: w.cpuTimeNs / endNs,
            perSecond: workerBusy[i].perBucket(seconds, NS_PER_S),
            queueSeconds: queueSeconds(sampler.levels(`worker_${i + 1}_queue`, seconds), sampler.increments('api_done', seconds).map((d) => d / s.workers)),
            meanQueue: sampler.mean(`worker_${i + 1}_queue`),
            maxQueue: sampler.max(`worker_${i + 1}_queue`),
            queueUnit: 'callbacks ready',
            scaleNext: `more uvicorn workers (--workers ${s.apiVcpu}): one Python process uses one core at a time (GIL)`,
          }),
        )
      : []),
    reportResource({
      name: 'document store CPU',
      kind: 'cpu',
      utilisation: storeUtilisation,
      perSecond: storeIncrements.map((ns) => ns / (NS_PER_S * s.docstoreVcpu)),
      queueSeconds: queueSeconds(sampler.levels('store_queue', seconds), sampler.increments('store_done', seconds)),
      meanQueue: storeStats.meanQueueLength,
      maxQueue: storeStats.maxQueueLength,
      queueUnit: 'commands',
      scaleNext: s.update === 'read-modify-write' ? 'a larger document-store instance, or update in place so it moves fewer bytes' : 'a larger document-store instance (more or faster vCPUs)',
    }),
    reportResource({
      name: 'API memory',
      kind: 'memory',
      utilisation: (memory.workersMiB + memory.connectionsMiB + sampler.mean('documents_held_mib')) / memory.ramMiB,
      perSecond: sampler.levels('documents_held_mib', seconds).map((d) => (memory.workersMiB + memory.connectionsMiB + d) / memory.ramMiB),
      queueSeconds: new Array<number>(seconds).fill(0),
      meanQueue: 0,
      maxQueue: 0,
      queueUnit: 'swap',
      scaleNext: 'more RAM',
      detail: `peak ${memory.peakResidentMiB.toFixed(0)} MiB resident of ${(memory.ramMiB / 1024).toFixed(1)} GiB (workers ${memory.workersMiB.toFixed(0)}, connections ${memory.connectionsMiB.toFixed(1)}, documents in flight ${memory.peakDocumentsMiB.toFixed(1)} MiB)`,
    }),
  ];

  const warnings: string[] = [];
  if (memory.peakResidentMiB > memory.ramMiB) warnings.push(`the API's resident memory (${memory.peakResidentMiB.toFixed(0)} MiB) exceeds its RAM: it would swap or be killed, which this model does not simulate`);
  const poolWait = sampler.max('pool_waiting');
  if (poolWait > 0) warnings.push(`requests waited for a pooled document-store connection (up to ${poolWait} at once; ${s.dbPool} per worker)`);

  const { p50, p95 } = perSecondPercentiles(latencyByS, seconds);
  const perMs = (ns: number, sp: number): number => +(ns / 1e6 / sp).toFixed(4);
  return {
    durationNs: endNs,
    stats,
    tasks: { started: runner.stats.started, completed: runner.stats.completed, interrupted: runner.stats.interrupted },
    resources,
    bottleneck: findBottleneck(resources),
    series: {
      users: sampler.levels('users', seconds),
      ...Object.fromEntries(ENDPOINTS.map((e) => [`requests_${e}`, requestsPerS[e].perBucket(seconds)])),
      response_p50_ms: p50,
      response_p95_ms: p95,
      api_cpu: apiPerS.map((x) => +x.toFixed(4)),
      api_queue: sampler.levels('api_queue', seconds),
      store_cpu: storeIncrements.map((ns) => +(ns / (NS_PER_S * s.docstoreVcpu)).toFixed(4)),
      api_resident_mib: sampler.levels('documents_held_mib', seconds).map((d) => +(memory.workersMiB + memory.connectionsMiB + d).toFixed(2)),
    },
    memory,
    work: { ...work, apiCpuSeconds: toSeconds(apiStats.busyCoreNs), storeCpuSeconds: toSeconds(storeUsedNs) },
    host: {
      apiWakeUps: workers.reduce((t, w) => t + w.wakeUps, 0),
      apiWaitSeconds: toSeconds(workers.reduce((t, w) => t + w.wakeWaitNs, 0)),
      apiShareWaitSeconds: toSeconds(workers.reduce((t, w) => t + w.preemptWaitNs, 0)),
      apiRunQueueSeconds: toSeconds(workers.reduce((t, w) => t + w.wakeWaitNs + w.preemptWaitNs, 0) + apiSiblingWaitNs),
      walFlushes: wal?.flushes ?? 0,
      walFlushSeconds: toSeconds(wal?.busyNs ?? 0),
      storeWakeWaitSeconds: toSeconds(storeWakeWaitNs),
      storeRunQueueSeconds: toSeconds(storeWakeWaitNs + storeShareWaitNs),
      locustCpuSeconds: toSeconds(locust?.cpuTimeNs ?? 0),
    },
    cpuPerRequestMs: {
      api: Object.fromEntries(ENDPOINTS.map((e) => [e, perMs(apiCpuNs(costs[e]), speed.api)])) as Record<Endpoint, number>,
      store: Object.fromEntries(ENDPOINTS.map((e) => [e, perMs(storeCpuNs(costs[e]), speed.store)])) as Record<Endpoint, number>,
    },
    warnings,
    engine: { events: sim.firedCount },
  };
}

/** Resident size of the API instance: its workers, every user's connection, the documents held at the peak. */
function memoryAccount(s: HighscoreScenario, params: HighscoreParams, peakHeldBytes: number, peakHeld: number, peakConnections: number): MemoryAccount {
  const workersMiB = s.workers * params.memory.workerMiB.value;
  const connectionsMiB = (peakConnections * params.memory.connectionKiB.value) / 1024;
  const peakDocumentsMiB = peakHeldBytes / MIB;
  return {
    workersMiB,
    connectionsMiB: +connectionsMiB.toFixed(3),
    peakDocumentsMiB: +peakDocumentsMiB.toFixed(3),
    peakResidentMiB: +(workersMiB + connectionsMiB + peakDocumentsMiB).toFixed(3),
    ramMiB: s.apiMemoryBytes / MIB,
    peakDocumentsHeld: peakHeld,
  };
}
