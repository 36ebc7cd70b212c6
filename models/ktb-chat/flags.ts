import { duration, oneOf, positiveInt, seed, UsageError } from '../../src/cli/usage-error.js';
import { profilesByRole } from '../../src/cli/profile-flag.js';
import { fromMillis, parseDuration, type Nanos } from '../../src/engine/time.js';
import type { FlagSpec } from '../registry.js';
import { loadKtbParams } from './params.js';
import type { KtbScenario } from './scenario.js';

export const DEFAULT_PROFILES = { app: 't3.small', redis: 't3.small' };
/** At most 30 t3.small instances in all (the challenge's limit); flags stay open beyond it for what-ifs. */
const MAX_INSTANCES = 1000;

export const ktbFlags: Record<string, FlagSpec> = {
  'start-users': { type: 'string', default: '100', describe: 'k6 ramping-vus startVUs' },
  'step-users': { type: 'string', default: '100', describe: 'users added by each stage' },
  'step-every': { type: 'string', default: '30s', describe: 'duration of each stage (a linear k6 ramp)' },
  'max-users': { type: 'string', default: '5000', describe: 'the last stage target: the ramp stops here' },
  stages: { type: 'string', describe: 'explicit k6 stages instead of the steps above, e.g. 30s:200,30s:300,1m:300' },
  'graceful-ramp-down': { type: 'string', default: '30s', describe: "k6's gracefulRampDown" },
  instances: { type: 'string', default: '20', describe: 'backend t3.small instances behind the ELB (I)' },
  containers: { type: 'string', default: '5', describe: 'Node.js containers per instance (K), each one event loop sharing the 2 vCPUs' },
  'app-cores': { type: 'string', describe: "vCPUs of each app instance (default: the profile's; a real run pinned to one core says 1)" },
  'app-share': { type: 'string', describe: 'share of each app vCPU the apps can get, 0..1 (default 1; a local run on a shared machine: its CPU ÷ (CPU + run-queue wait))' },
  'redis-masters': { type: 'string', default: '5', describe: 'Redis Cluster masters (M), each with one replica, one per t3.small' },
  adapter: { type: 'string', default: 'classic', describe: 'classic: PUBLISH reaches every node and process; sharded: SPUBLISH to the room shard, only processes with members subscribe' },
  'credit-mode': { type: 'string', default: 'unlimited', describe: "standard: throttled to the 20%/vCPU baseline when credits run out; unlimited (EC2's default for T3): never throttled, surplus credits billed" },
  'initial-credits': { type: 'string', describe: 'CPU credits each instance holds at the start (default: params.json cloud.initialCredits)' },
  'room-size': { type: 'string', describe: 'assumed users per room (default 10)' },
  interval: { type: 'string', describe: 'assumed time between one user’s messages (default 10s)' },
  'message-bytes': { type: 'string', describe: 'assumed chat payload bytes (default 200)' },
  'history-share': { type: 'string', describe: 'assumed share of connecting users that load room history, 0..1 (default 0.5)' },
  deadline: { type: 'string', describe: 'a message later than this counts as late (default 1s)' },
  profile: { type: 'string', array: true, describe: `hardware profiles, e.g. --profile redis=t4g.medium (default app=${DEFAULT_PROFILES.app}, redis=${DEFAULT_PROFILES.redis})` },
  sensitivity: { type: 'boolean', default: false, describe: 'also run each per-user assumption at ½× and 2× and print how max_users moves' },
  seed: { type: 'string', default: '1', describe: 'random seed: same inputs + seed → identical output' },
};

function share(flag: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${flag} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  return n;
}

function positiveShare(flag: string, value: unknown): number {
  const n = share(flag, value);
  if (n <= 0) throw new UsageError(`--${flag} must be above 0, got ${JSON.stringify(value)}`);
  return n;
}

function credits(value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 576)) throw new UsageError(`--initial-credits must be a number from 0 to 576, got ${JSON.stringify(value)}`);
  return n;
}

/** `30s:200,1m:300` → k6 stages. */
export function parseStages(value: unknown): Array<{ durationNs: Nanos; target: number }> {
  const bad = (): never => {
    throw new UsageError(`--stages must be duration:target pairs such as 30s:200,30s:300, got ${JSON.stringify(value)}`);
  };
  if (typeof value !== 'string' || value.trim() === '') bad();
  return String(value)
    .split(',')
    .map((pair) => {
      const m = /^\s*([^:]+):\s*(\d+)\s*$/.exec(pair);
      const d = m ? parseDuration(m[1].trim()) : undefined;
      if (!m || d === undefined || Number(m[2]) > 100_000) return bad();
      return { durationNs: d, target: Number(m[2]) };
    });
}

/** The write-up's ramp: start, +step every period, up to max (the last stage may be shorter). */
export function stepStages(start: number, step: number, everyNs: Nanos, max: number): Array<{ durationNs: Nanos; target: number }> {
  const stages: Array<{ durationNs: Nanos; target: number }> = [];
  for (let target = start + step; target < max + step; target += step) stages.push({ durationNs: everyNs, target: Math.min(target, max) });
  return stages;
}

export function ktbScenario(flags: Record<string, unknown>): KtbScenario {
  const p = loadKtbParams();
  const { app, redis } = profilesByRole<'app' | 'redis'>(flags.profile, DEFAULT_PROFILES, (p) => (p.kind === 'cache' ? 'redis' : 'app'));
  const startUsers = positiveInt('start-users', flags['start-users'] ?? '100', 100_000);
  const maxUsers = positiveInt('max-users', flags['max-users'] ?? '5000', 100_000);
  const stepUsers = positiveInt('step-users', flags['step-users'] ?? '100', 100_000);
  const every = duration('step-every', flags['step-every'] ?? '30s');
  if (maxUsers < startUsers && flags.stages === undefined) throw new UsageError(`--max-users must be at least --start-users (${startUsers}), got ${maxUsers}`);
  const stages = flags.stages !== undefined ? parseStages(flags.stages) : stepStages(startUsers, stepUsers, every, maxUsers);
  if (stages.length === 0) throw new UsageError('--max-users must be above --start-users for the ramp to have a stage');
  return {
    startUsers,
    stages,
    gracefulRampDownNs: duration('graceful-ramp-down', flags['graceful-ramp-down'] ?? '30s'),
    instances: positiveInt('instances', flags.instances ?? '20', MAX_INSTANCES),
    containers: positiveInt('containers', flags.containers ?? '5', 64),
    appCores: flags['app-cores'] === undefined ? app.vcpus : positiveInt('app-cores', flags['app-cores'], app.vcpus),
    appShare: flags['app-share'] === undefined ? 1 : positiveShare('app-share', flags['app-share']),
    redisMasters: positiveInt('redis-masters', flags['redis-masters'] ?? '5', 100),
    adapter: oneOf('adapter', flags.adapter ?? 'classic', ['classic', 'sharded'] as const),
    creditMode: oneOf('credit-mode', flags['credit-mode'] ?? 'unlimited', ['standard', 'unlimited'] as const),
    initialCredits: flags['initial-credits'] === undefined ? p.cloud.initialCredits.value : credits(flags['initial-credits']),
    user: {
      roomSize: positiveInt('room-size', flags['room-size'] ?? String(p.user.roomSize.value), 100_000),
      intervalNs: duration('interval', flags.interval ?? `${p.user.intervalS.value}s`),
      messageBytes: positiveInt('message-bytes', flags['message-bytes'] ?? String(p.user.messageBytes.value), 1 << 20),
      historyShare: flags['history-share'] === undefined ? p.user.historyShare.value : share('history-share', flags['history-share']),
    },
    deadlineNs: flags.deadline === undefined ? fromMillis(p.failure.deadlineMs.value) : duration('deadline', flags.deadline),
    appProfile: app,
    redisProfile: redis,
    seed: seed(flags.seed ?? '1'),
  };
}

