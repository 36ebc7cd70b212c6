import { NS_PER_MS } from '../../src/engine/time.js';
import { loadChatParams } from '../../models/chat/params.js';
import { startAppServers, stopAppServers, UVICORN_OPTIONS, type AppServer } from './app-servers.js';
import { chatRunText, writeRunRecord, type RunRecord } from './chat-record.js';
import { chatRunSettings, defaultRunId } from './chat-settings.js';
import { runWsLoad, WsLoadMetrics } from './k6-ws.js';
import { chatVersions, machineInfo } from './machine.js';
import { allowedCpus } from './proc-stat.js';
import { niceLabel, withRealRun } from './real-run.js';
import { RedisEgressProbe } from './redis-info.js';
import { counterDelta, readRedisCounters } from './redis-counters.js';
import { ResourceSampler } from './resource-sampler.js';
import { redisDown, redisUp, tearDown, type RedisService } from './services.js';
import { APP_CPUS, EXPERIMENT_AUTOGROUP_NICE, LOAD_CPUS } from './cores.js';
import { bracket, probeCores } from './speed-probe.js';

/** A probe that moved more than this between before and after the run: the host changed the core's speed during it. */
const PROBE_DRIFT = 0.1;

export interface ChatLoadRequest {
  flags: Record<string, unknown>;
  outDir: string;
  id?: string;
  log?: (line: string) => void;
}

export interface ChatLoadResult {
  record: RunRecord;
  file: string;
  text: string;
}

/**
 * One real run of seed §1 on this machine: Redis (via calibration/services, unless one with the
 * same egress cap is up), `tasks` uvicorn processes of app.py, and the k6-semantics WebSocket load
 * from this process. Whatever it started it stops again, on success, failure, SIGINT or SIGTERM,
 * and after a hard timeout of iterations × session × 3 + 60 s.
 */
export async function loadChat(request: ChatLoadRequest): Promise<ChatLoadResult> {
  const run = chatRunSettings(request.flags);
  const { scenario } = run;
  const id = request.id ?? defaultRunId(run);
  const log = request.log ?? (() => undefined);
  const hardTimeoutMs = (scenario.iterations * scenario.sessionNs * 3) / NS_PER_MS + 60_000;

  let redis: RedisService | undefined;
  const servers: AppServer[] = [];
  let probe: RedisEgressProbe | undefined;
  let sampler: ResourceSampler | undefined;
  const tearDownRun = async (): Promise<void> => {
    sampler?.cancel();
    probe?.close();
    await stopAppServers(servers);
    if (redis?.startedHere) tearDown(redisDown);
  };
  return withRealRun(hardTimeoutMs, async (signal) => {
    redis = redisUp(run.egressCap);
    signal.throwIfAborted();
    log(`starting ${scenario.tasks} uvicorn task(s) (${scenario.subscription}) on core ${APP_CPUS}`);
    await startAppServers({ tasks: scenario.tasks, subscription: scenario.subscription, redisHost: redis.host, redisPort: redis.port, cpus: APP_CPUS, autogroupNice: EXPERIMENT_AUTOGROUP_NICE }, servers);
    signal.throwIfAborted();
    const pinning = {
      uvicorn: allowedCpus(servers[0].pid) ?? APP_CPUS,
      'redis-server': allowedCpus(redis.pid) ?? redis.cpus,
      'capsim load': allowedCpus(process.pid) ?? LOAD_CPUS,
    };
    const priority = { uvicorn: niceLabel(servers[0].pid), 'redis-server': niceLabel(redis.pid), 'capsim load': niceLabel('self') };
    const machine = { ...machineInfo(pinning, chatVersions(), { uvicornOptions: UVICORN_OPTIONS.join(' ') }), priority };
    // The cores' speed, timed before and after the load (calibration/load/speed-probe.ts): validate
    // simulates the run at this speed, so the costs carry to a run on another CPU.
    const probeBefore = probeCores([APP_CPUS, LOAD_CPUS]);
    probe = await RedisEgressProbe.open(redis.host, redis.port);
    sampler = new ResourceSampler(
      servers.map((s) => s.pid),
      { name: 'redis', pid: redis.pid },
      probe,
    );
    const metrics = new WsLoadMetrics();
    log(`load: ${scenario.users} VUs × ${scenario.iterations} iterations against ${servers.map((s) => s.port).join(', ')}`);
    const redisBefore = await readRedisCounters(redis.host, redis.port);
    await sampler.start();
    const { startMs, endMs } = await runWsLoad(
      {
        vus: scenario.users,
        iterations: scenario.iterations,
        intervalMs: scenario.intervalNs / NS_PER_MS,
        sessionMs: scenario.sessionNs / NS_PER_MS,
        messageBytes: scenario.messageBytes!,
        timerJitterMs: loadChatParams().k6.timerJitterUs.value / 1000,
        urls: servers.map((s) => `ws://127.0.0.1:${s.port}/ws`),
      },
      metrics,
      signal,
    );
    await sampler.stop();
    const redisAfter = await readRedisCounters(redis.host, redis.port);
    const speedProbe = bracket(probeBefore, probeCores([APP_CPUS, LOAD_CPUS]));
    signal.throwIfAborted();

    const durationNs = Math.round((endMs - startMs) * NS_PER_MS);
    const totals = sampler.totals();
    const duration_s = +(durationNs / 1e9).toFixed(3);
    // Core 0 holds only the app servers, so time they spent runnable but not running was taken by
    // other work on the machine; core 1's pair (Redis, load generator) also wait for each other.
    const wait = sampler.runQueueWait();
    const problems = [
      wait.uvicorn > 0.05
        ? `contended: uvicorn waited for its core ${(100 * wait.uvicorn).toFixed(1)}% of the run (Redis ${(100 * wait.redis).toFixed(1)}%, load generator ${(100 * wait.loadGenerator).toFixed(1)}%): other work shared the cores`
        : '',
      ...Object.entries(speedProbe)
        .filter(([, [from, to]]) => Math.abs(to / from - 1) > PROBE_DRIFT)
        .map(([core, [from, to]]) => `contended by the host: the speed probe on ${core} took ${from} ms before the run and ${to} ms after`),
      metrics.errors.length > 0 ? `${metrics.checks.fails} connection(s) failed, e.g. ${metrics.errors[0]}` : '',
      metrics.serverClosed > 0 ? `${metrics.serverClosed} socket(s) closed by the server before the VU closed them` : '',
    ].filter(Boolean);
    const record: RunRecord = {
      kind: 'capsim-run-record',
      model: 'chat',
      id,
      source: 'capsim load',
      createdAt: new Date().toISOString(),
      settings: run.settings,
      machine: { ...machine, runQueueWait: wait, speedProbe, redis: { address: `${redis.host}:${redis.port}`, egressCap: run.egressCap || 'none', settings: '--save "" --appendonly no', ...(redisBefore && redisAfter ? { counters: counterDelta(redisBefore, redisAfter) } : {}) } },
      duration_s,
      metrics: metrics.summary(durationNs).metrics,
      series: {
        ws_msgs_sent: metrics.sent.toArray(durationNs).map((p) => p.value),
        ws_msgs_received: metrics.received.toArray(durationNs).map((p) => p.value),
        ...sampler.series(),
      },
      resources: { ...totals, server_cpu_utilisation: duration_s > 0 ? +(totals.server_cpu_seconds / duration_s).toFixed(4) : 0 },
      notes: problems.join('; '),
    };
    const file = writeRunRecord(record, request.outDir);
    return { record, file, text: chatRunText(record, file) };
  }, tearDownRun);
}
