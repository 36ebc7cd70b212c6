/**
 * A bounded socket.io-client load generator for the ktb-chat stack (calibration/services up --ktb):
 * k6 ramping-vus stages (the same plan the model follows, src/workload), each VU one Socket.IO
 * connection in room ⌊u / S⌋ sending one message every interval. It counts every message sent and
 * every copy received against the room members joined at send time, so a loss (the sharded
 * adapter's dynamic mode can drop the first message to a new room) is reported, never hidden.
 *
 *   taskset -c 1 node dist/calibration/load/ktb-run.js --max-users 400 --step-users 100 --step-every 30s
 *     [--start-users 100] [--room-size 10] [--interval 10s] [--message-bytes 200] [--history-share 0.5]
 *     [--deadline 1s] [--id name] [--seed 1] [--hold 60s]
 *     [--burst-cgroup /sys/fs/cgroup/cpu/capsim-ktb --burst-credits 0.1 [--burst-baseline 0.2]]
 *
 * With --burst-cgroup (the apps already moved into that cgroup v1 directory) the apps' core is a
 * t3.small vCPU emulated by calibration/load/burst-controller.ts: full speed while a credit bucket
 * of --burst-credits lasts, 20% after; the record says so in its settings (credit-mode standard,
 * profile app=local-burstable) and carries the bucket per second. --burst-baseline 0.1 emulates one
 * t3.micro vCPU instead (10% baseline, 6 credits/h; profile app=local-burstable-micro), so an app
 * this one generator core can drive above the baseline empties its bucket. --hold adds a last stage
 * at --max-users for that long (with a long --interval: thousands of idle connections, heartbeats only).
 *
 * Each copy's latency is also split at the server's handler (`srv`, stamped by the app): the way
 * in (send → handler: this generator's send, loopback, the origin loop's queue) and the way out
 * (handler → received), local (same process) or remote (through the Redis adapter); the event-loop
 * delay of this generator and of each app (perf_hooks) goes into the record beside them.
 *
 * Writes calibration/runs/<id>.json (run-record.schema.json) with the settings as `capsim predict
 * ktb-chat` flags, the pinning, a speed probe before and after, k6-named metrics and per-second series.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { io, type Socket } from 'socket.io-client';
import { parseDuration } from '../../src/engine/time.js';
import { Counter, Rate, Trend, k6Summary } from '../../src/metrics/index.js';
import { rampingVusPlan } from '../../src/workload/ramping-vus.js';
import { projectPath } from '../../src/config/project-root.js';
import { writeCheckedJson } from '../../src/config/checked-json.js';
import { cpuSeconds, schedTimes } from './proc-stat.js';
import { BurstController } from './burst-controller.js';
import { machineInfo, redisServerVersion } from './machine.js';
import { bracket, probeCores } from './speed-probe.js';

const { values: opt } = parseArgs({
  options: {
    'start-users': { type: 'string', default: '100' },
    'step-users': { type: 'string', default: '100' },
    'step-every': { type: 'string', default: '30s' },
    'max-users': { type: 'string', default: '300' },
    'room-size': { type: 'string', default: '10' },
    interval: { type: 'string', default: '10s' },
    'message-bytes': { type: 'string', default: '200' },
    'history-share': { type: 'string', default: '0.5' },
    deadline: { type: 'string', default: '1s' },
    id: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'burst-cgroup': { type: 'string' },
    'burst-credits': { type: 'string', default: '0.1' },
    'burst-baseline': { type: 'string', default: '0.2' },
    hold: { type: 'string' },
    'ktb-dir': { type: 'string', default: process.env.CAPSIM_KTB_DIR ?? '/tmp/capsim-ktb' },
  },
});

const num = (name: string, v: string | undefined, max: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, got ${v}`);
  return n;
};
const ms = (name: string, v: string | undefined): number => {
  const ns = parseDuration(String(v));
  if (ns === undefined || ns <= 0) throw new Error(`--${name} must be a duration such as 10s, got ${v}`);
  return ns / 1e6;
};
const startUsers = num('start-users', opt['start-users'], 5000);
const stepUsers = num('step-users', opt['step-users'], 5000);
const maxUsers = num('max-users', opt['max-users'], 5000); // bounded: one generator core holds a few thousand sockets
const stepMs = ms('step-every', opt['step-every']);
const roomSize = num('room-size', opt['room-size'], 1000);
const intervalMs = ms('interval', opt.interval);
const messageBytes = num('message-bytes', opt['message-bytes'], 65536);
const historyShare = Number(opt['history-share']);
const deadlineMs = ms('deadline', opt.deadline);
if (!(historyShare >= 0 && historyShare <= 1)) throw new Error('--history-share must be from 0 to 1');

const env = Object.fromEntries(
  readFileSync(`${opt['ktb-dir']}/ktb.env`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('=') as [string, string]),
);
const ports = env.KTB_APP_PORTS.split(',').map(Number);
const appPids = env.KTB_APP_PIDS.split(',').map(Number);
const redisPids = env.KTB_REDIS_PIDS.split(',').map(Number);

const holdMs = opt.hold === undefined ? 0 : ms('hold', opt.hold);
const stages: Array<{ duration: number; target: number }> = [];
for (let t = startUsers + stepUsers; t < maxUsers + stepUsers; t += stepUsers) stages.push({ duration: stepMs * 1e6, target: Math.min(t, maxUsers) });
if (holdMs > 0) stages.push({ duration: holdMs * 1e6, target: maxUsers });
const plan = rampingVusPlan({ startVUs: startUsers, stages, gracefulRampDown: '30s' });
const testMs = plan.end / 1e6;
const seconds = Math.ceil(testMs / 1000);
const random = seedrandom.alea(`${opt.seed}/ktb-load`);

const m = {
  checks: new Rate(),
  ws_sessions: new Counter(),
  ws_msgs_sent: new Counter(),
  ws_msgs_received: new Counter(),
  ws_msgs_late: new Counter(),
  ws_msgs_missing: new Counter(),
  ws_msgs_unexpected: new Counter(),
  socketio_connect_errors: new Counter(),
  socketio_disconnects: new Counter(),
  ws_connecting: new Trend(),
  ws_delivery_latency: new Trend(),
  ws_latency_in: new Trend(),
  ws_latency_out_local: new Trend(),
  ws_latency_out_remote: new Trend(),
};
const genLoopDelay = monitorEventLoopDelay({ resolution: 1 });
const burstCredits = Number(opt['burst-credits']);
if (!(burstCredits >= 0 && burstCredits <= 288)) throw new Error('--burst-credits must be from 0 to 288');
/** One burstable vCPU's baseline (t3.small 0.2, t3.micro 0.1) and the profile the model takes for it. */
const BURST_PROFILES: Record<string, { profile: string; maxCredits: number }> = {
  '0.2': { profile: 'local-burstable', maxCredits: 288 },
  '0.1': { profile: 'local-burstable-micro', maxCredits: 144 },
};
const burstVcpu = BURST_PROFILES[opt['burst-baseline']!];
if (!burstVcpu) throw new Error(`--burst-baseline must be one of ${Object.keys(BURST_PROFILES).join(', ')}, got ${opt['burst-baseline']}`);
const burstBaseline = Number(opt['burst-baseline']);
const series = Object.fromEntries(['users', 'connected', 'sent', 'received', 'late', 'latency_ms_sum', 'server_cpu', 'redis_cpu', 'generator_cpu', 'generator_wait', 'server_wait', 'credits', 'throttled'].map((k) => [k, new Array<number>(seconds).fill(0)]));

interface Vu {
  socket?: Socket;
  joined: boolean;
  timer?: NodeJS.Timeout;
  seq: number;
  stopped: boolean;
}
const vus: Vu[] = [];
const joinedInRoom = new Map<number, number>();
const pending = new Map<string, { sentAt: number; expected: number; got: number }>();
let t0 = 0;
const second = (): number => Math.min(seconds - 1, Math.max(0, Math.floor((performance.now() - t0) / 1000)));
const body = 'x'.repeat(Math.max(1, messageBytes - 40));
let historyCarry = random();

function startVu(u: number): void {
  const room = Math.floor(u / roomSize);
  const vu: Vu = (vus[u] ??= { joined: false, seq: 0, stopped: false });
  vu.stopped = false;
  const began = performance.now();
  const port = ports[u % ports.length];
  const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true, reconnectionDelay: 1000, timeout: 20_000 });
  vu.socket = socket;
  historyCarry += historyShare;
  const history = historyCarry >= 1;
  if (history) historyCarry -= 1;
  socket.on('connect', () => {
    socket.emit('join', { room: `{room-${room}}`, history }, () => {
      if (vu.stopped) return;
      m.checks.add(true);
      m.ws_sessions.add(1);
      m.ws_connecting.add(performance.now() - began);
      vu.joined = true;
      joinedInRoom.set(room, (joinedInRoom.get(room) ?? 0) + 1);
      const send = (): void => {
        if (!vu.joined) return;
        const key = `${u}:${vu.seq}`;
        pending.set(key, { sentAt: performance.now(), expected: joinedInRoom.get(room) ?? 0, got: 0 });
        socket.emit('chat', { room: `{room-${room}}`, body, from: u, seq: vu.seq++ });
        m.ws_msgs_sent.add(1);
        series.sent[second()]++;
      };
      vu.timer = setTimeout(() => {
        send();
        vu.timer = setInterval(send, intervalMs);
      }, random() * intervalMs);
    });
  });
  socket.on('connect_error', () => {
    m.checks.add(false);
    m.socketio_connect_errors.add(1);
  });
  socket.on('disconnect', () => {
    if (vu.stopped) return;
    m.socketio_disconnects.add(1);
    leave(vu, room);
  });
  socket.on('chat', (msg: { from: number; seq: number; srv?: number; port?: number }) => {
    const p = pending.get(`${msg.from}:${msg.seq}`);
    if (!p) return void m.ws_msgs_unexpected.add(1);
    p.got++;
    const now = performance.now();
    const latency = now - p.sentAt;
    if (msg.srv !== undefined) {
      // One clock for both processes (same machine): epoch ms = timeOrigin + now.
      const srv = msg.srv - performance.timeOrigin;
      if (p.got === 1) m.ws_latency_in.add(Math.max(0, srv - p.sentAt));
      (msg.port === port ? m.ws_latency_out_local : m.ws_latency_out_remote).add(Math.max(0, now - srv));
    }
    m.ws_msgs_received.add(1);
    m.ws_delivery_latency.add(latency);
    const s = second();
    series.received[s]++;
    series.latency_ms_sum[s] += latency;
    if (latency > deadlineMs) (m.ws_msgs_late.add(1), series.late[s]++);
  });
}

function leave(vu: Vu, room: number): void {
  if (vu.timer) clearInterval(vu.timer);
  vu.timer = undefined;
  if (vu.joined) joinedInRoom.set(room, (joinedInRoom.get(room) ?? 1) - 1);
  vu.joined = false;
}

function stopVu(u: number): void {
  const vu = vus[u];
  if (!vu) return;
  vu.stopped = true;
  leave(vu, Math.floor(u / roomSize));
  vu.socket?.disconnect();
}

/** The cgroup's CPU weight (1024 by default; the apps' autogroup boost, nice -10, weighs 9548). */
const cgroupShares = (cg: string): string => {
  try {
    return readFileSync(`${cg}/cpu.shares`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
};

const cpuOf = (pids: number[]): number => pids.reduce((a, p) => a + (cpuSeconds(p) ?? 0), 0);

async function main(): Promise<void> {
  const probeBefore = probeCores(['0', '1']);
  const appCpuNow = (): number => cpuOf(appPids);
  const burst = opt['burst-cgroup']
    ? new BurstController({ cgroup: opt['burst-cgroup'], initialCredits: burstCredits, baselineVcpus: burstBaseline, maxCredits: burstVcpu.maxCredits, periodUs: 100_000 }, appCpuNow)
    : undefined;
  const waitOf = (pids: number[]): number => pids.reduce((a, p) => a + (schedTimes(p)?.wait ?? 0), 0);
  let lastGen = { cpu: process.cpuUsage(), wait: schedTimes('self')?.wait ?? 0, server: waitOf(appPids) };
  genLoopDelay.enable();
  const cpu0 = { app: cpuOf(appPids), redis: cpuOf(redisPids) };
  let lastCpu = { ...cpu0 };
  let active = 0;
  t0 = performance.now();
  const timers: NodeJS.Timeout[] = [];
  let lastTick = t0;
  const burstTimer = burst
    ? setInterval(() => {
        const now = performance.now();
        burst.tick((now - lastTick) / 1000, (now - t0) / 1000);
        lastTick = now;
        const s = second();
        series.credits[s] = burst.credits;
        series.throttled[s] += burst.throttled ? 0.1 : 0;
      }, 100)
    : undefined;
  for (const step of plan.planned) {
    timers.push(
      setTimeout(() => {
        for (; active < step.vus; active++) startVu(active);
        for (; active > step.vus; active--) stopVu(active - 1);
      }, step.t / 1e6),
    );
  }
  const sampler = setInterval(() => {
    const s = second();
    const now = { app: cpuOf(appPids), redis: cpuOf(redisPids) };
    series.server_cpu[s] += now.app - lastCpu.app;
    series.redis_cpu[s] += now.redis - lastCpu.redis;
    lastCpu = now;
    const gen = { cpu: process.cpuUsage(), wait: schedTimes('self')?.wait ?? 0, server: waitOf(appPids) };
    series.generator_cpu[s] += (gen.cpu.user + gen.cpu.system - lastGen.cpu.user - lastGen.cpu.system) / 1e6;
    series.generator_wait[s] += gen.wait - lastGen.wait;
    series.server_wait[s] += gen.server - lastGen.server;
    lastGen = gen;
    series.users[s] = active;
    series.connected[s] = vus.filter((v) => v?.joined).length;
  }, 1000);
  await new Promise((r) => setTimeout(r, testMs + 50));
  for (let u = 0; u < vus.length; u++) stopVu(u);
  // Copies still on their way get 3 s to arrive; after that they count as missing.
  await new Promise((r) => setTimeout(r, 3000));
  clearInterval(sampler);
  if (burstTimer) clearInterval(burstTimer);
  burst?.release();
  timers.forEach(clearTimeout);
  genLoopDelay.disable();
  const loopMs = (h: typeof genLoopDelay): Record<string, number> => {
    const v = (ns: number): number => +(ns / 1e6).toFixed(3);
    return { avg: v(h.mean), min: v(h.min), med: v(h.percentile(50)), max: v(h.max), 'p(90)': v(h.percentile(90)), 'p(95)': v(h.percentile(95)), 'p(99)': v(h.percentile(99)) };
  };
  const appLoops: Array<Record<string, number>> = [];
  for (const p of ports) {
    try {
      const stats = (await (await fetch(`http://127.0.0.1:${p}/stats`)).json()) as { loopDelayMs?: Record<string, number> };
      if (stats.loopDelayMs) appLoops.push(stats.loopDelayMs);
    } catch {
      // an app that died is already counted in the disconnects and missing copies
    }
  }
  const cpu1 = { app: cpuOf(appPids), redis: cpuOf(redisPids) };
  let expected = 0;
  let missing = 0;
  for (const p of pending.values()) {
    expected += p.expected;
    missing += Math.max(0, p.expected - p.got);
  }
  m.ws_msgs_missing.add(missing);
  const probeAfter = probeCores(['0', '1']);
  const durationS = testMs / 1000;
  const id = opt.id ?? `ktb-${env.KTB_ADAPTER}-k${ports.length}-u${maxUsers}-i${opt.interval}`;
  const versions = (name: string): string => (JSON.parse(readFileSync(projectPath('node_modules', ...name.split('/'), 'package.json'), 'utf8')) as { version: string }).version;
  const record = {
    kind: 'capsim-run-record',
    model: 'ktb-chat',
    id,
    source: 'capsim load',
    createdAt: new Date().toISOString(),
    settings: {
      'start-users': String(startUsers),
      'step-users': String(stepUsers),
      'step-every': opt['step-every']!,
      'max-users': String(maxUsers),
      // A hold is a stage the step flags cannot say: the same plan as explicit k6 stages.
      ...(holdMs > 0 ? { stages: stages.map((st) => `${st.duration / 1e9}s:${st.target}`).join(',') } : {}),
      instances: '1',
      containers: String(ports.length),
      'app-cores': '1',
      'redis-masters': '3',
      adapter: env.KTB_ADAPTER,
      'room-size': String(roomSize),
      interval: opt.interval!,
      'message-bytes': String(messageBytes),
      'history-share': String(historyShare),
      deadline: opt.deadline!,
      profile: [burst ? `app=${burstVcpu.profile}` : 'app=local', 'redis=local'],
      ...(burst ? { 'credit-mode': 'standard', 'initial-credits': String(burstCredits) } : {}),
    },
    machine: machineInfo(
      { apps: env.KTB_APP_CPUS, 'redis-server': env.KTB_REDIS_CPUS, 'load generator': '1' },
      {
        node: process.version,
        'redis-server': redisServerVersion(),
        'socket.io': versions('socket.io'),
        '@socket.io/redis-adapter': versions('@socket.io/redis-adapter'),
        redis: versions('redis'),
        'socket.io-client': versions('socket.io-client'),
        express: versions('express'),
      },
      { speedProbe: bracket(probeBefore, probeAfter) },
    ),
    duration_s: +durationS.toFixed(3),
    metrics: {
      ...k6Summary(m, plan.end).metrics,
      generator_loop_delay: loopMs(genLoopDelay),
      ...(appLoops.length > 0 ? { server_loop_delay: appLoops.reduce((a, b) => (b['p(95)'] > a['p(95)'] ? b : a)) } : {}),
    },
    series,
    resources: {
      server_cpu_seconds: +(cpu1.app - cpu0.app).toFixed(3),
      server_cpu_utilisation: +((cpu1.app - cpu0.app) / durationS).toFixed(4),
      redis_cpu_seconds: +(cpu1.redis - cpu0.redis).toFixed(3),
    },
    notes:
      `${ports.length} ${env.KTB_ADAPTER} app(s) on core ${env.KTB_APP_CPUS}, Redis Cluster 3+3 and this generator on core 1. ` +
      `Copies owed (sender included, members joined at send time per the generator) ${expected}, received ${m.ws_msgs_received.count}, ` +
      `missing after a 3 s drain ${missing}, unexpected ${m.ws_msgs_unexpected.count}; connect errors ${m.socketio_connect_errors.count}, disconnects ${m.socketio_disconnects.count}. ` +
      `Event-loop delay p95: generator ${loopMs(genLoopDelay)['p(95)']} ms, apps ${appLoops.map((l) => l['p(95)']).join(', ')} ms (server_loop_delay: the worst app).` +
      (burst ? ` Burstable vCPU emulated (cgroup ${opt['burst-cgroup']}, cpu.shares ${cgroupShares(opt['burst-cgroup']!)}, quota 100% → ${100 * burstBaseline}% of 100 ms): bucket ${burstCredits} credits, earned at ${burstBaseline} vCPU-s/s, emptied at ${burst.emptiedAtS === null ? 'never' : burst.emptiedAtS.toFixed(1) + ' s'}.` : ''),
  };
  const file = projectPath('calibration', 'runs', `${id}.json`);
  writeCheckedJson(file, 'calibration/run-record.schema.json', record, file);
  console.log(`${id}: sent ${m.ws_msgs_sent.count}, owed ${expected}, received ${m.ws_msgs_received.count}, missing ${missing}, late ${m.ws_msgs_late.count}, ` +
    `server CPU ${(cpu1.app - cpu0.app).toFixed(2)} s, Redis CPU ${(cpu1.redis - cpu0.redis).toFixed(2)} s → ${file}`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
