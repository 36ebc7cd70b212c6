import { duration, oneOf, positiveInt, seed, UsageError } from '../../src/cli/usage-error.js';
import { formatDuration, parseDuration } from '../../src/engine/time.js';
import { profilesByRole } from '../../src/cli/profile-flag.js';
import type { FlagSpec } from '../registry.js';
import type { ChatScenario } from './scenario.js';

export const DEFAULT_PROFILES = { app: 'fargate-1vcpu', redis: 'cache.t4g.small' };

export const chatFlags: Record<string, FlagSpec> = {
  users: { type: 'string', default: '100', describe: 'k6 VUs, all in one room (N): each message goes to all N' },
  interval: { type: 'string', default: '1s', describe: 'each VU sends one message every interval while its socket is open' },
  session: { type: 'string', default: '10s', describe: 'how long each WebSocket stays open' },
  iterations: { type: 'string', default: '6', describe: 'sessions per VU, back to back (k6 per-vu-iterations)' },
  tasks: { type: 'string', default: '1', describe: 'app tasks (uvicorn processes, one core each) behind the load balancer' },
  'message-bytes': { type: 'string', describe: 'chat message payload in bytes (default: the size fitted to seed case c)' },
  subscription: { type: 'string', default: 'per-connection', describe: 'per-connection: one Redis subscription per WebSocket; per-process: one per room per task' },
  profile: {
    type: 'string',
    array: true,
    describe: `hardware profiles, e.g. --profile cache.t4g.medium or --profile app=local --profile redis=local (default app=${DEFAULT_PROFILES.app}, redis=${DEFAULT_PROFILES.redis})`,
  },
  'redis-egress': { type: 'string', describe: "cap Redis egress at a fixed rate like tc tbf, e.g. 50mbit (replaces the profile's baseline and burst)" },
  seed: { type: 'string', default: '1', describe: 'random seed: same inputs + seed → identical output' },
  'core-speed': {
    type: 'string',
    describe:
      "with a local profile, this machine's core against the reference core the local costs hold on: cached (default: the speed probe's time, cached with its date in ~/.cache/capsim/core-speed.json or $CAPSIM_CACHE_DIR, timed again after 7 days or on another CPU model), measure (time the probe now), or a factor such as 1.2",
  },
};

const RATE_UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 };

/** A tc-style rate (`50mbit`, `1.5gbit`) in bits per second. */
export function bitRate(flag: string, value: unknown): number {
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(bit|kbit|mbit|gbit)\s*$/i.exec(value) : null;
  const bps = m ? Number(m[1]) * RATE_UNITS[m[2].toLowerCase()] : NaN;
  if (!(bps > 0)) throw new UsageError(`--${flag} must be a rate such as 50mbit or 1gbit, got ${JSON.stringify(value)}`);
  return bps;
}

/** k6's per-vu-iterations executor ends every VU at its maxDuration (the seed's script keeps k6's default). */
export const K6_MAX_DURATION = '10m';
/** Messages one prediction may simulate: its cost grows with messages sent (600,000 to 1,000 users took 17 s on this loaded host). */
export const MAX_MESSAGES = 2_000_000;

/**
 * Refuses a run k6 would cut short (sessions beyond maxDuration end unfinished, silently) and one whose
 * message count would take the simulator many minutes.
 */
function boundedWork(s: ChatScenario): ChatScenario {
  const planned = s.sessionNs * s.iterations;
  if (planned >= parseDuration(K6_MAX_DURATION)!) {
    throw new UsageError(`--iterations × --session must stay under k6's maxDuration of ${K6_MAX_DURATION} (per-vu-iterations stops every VU there), got ${s.iterations} × ${formatDuration(s.sessionNs)}`);
  }
  const messages = s.users * s.iterations * Math.ceil(s.sessionNs / s.intervalNs);
  if (messages > MAX_MESSAGES) {
    throw new UsageError(`--users × --iterations × (--session ÷ --interval) is ${messages.toLocaleString('en-US')} messages; at most ${MAX_MESSAGES.toLocaleString('en-US')} per prediction (about a minute of simulation)`);
  }
  return s;
}

export function chatScenario(flags: Record<string, unknown>): ChatScenario {
  // A bare cache-node name is the Redis node; anything else runs the app.
  const { app, redis } = profilesByRole(flags.profile, DEFAULT_PROFILES, (p) => (p.kind === 'cache' ? 'redis' : 'app'));
  return boundedWork({
    users: positiveInt('users', flags.users ?? '100', 100_000),
    intervalNs: duration('interval', flags.interval ?? '1s', { min: '1ms', why: "k6's socket.setInterval counts whole milliseconds" }),
    sessionNs: duration('session', flags.session ?? '10s'),
    iterations: positiveInt('iterations', flags.iterations ?? '6', 10_000),
    tasks: positiveInt('tasks', flags.tasks ?? '1', 10_000),
    messageBytes: flags['message-bytes'] === undefined ? undefined : positiveInt('message-bytes', flags['message-bytes'], 64 * 2 ** 20),
    subscription: oneOf('subscription', flags.subscription ?? 'per-connection', ['per-connection', 'per-process'] as const),
    appProfile: app,
    redisProfile: redis,
    redisEgressBitsPerSec: flags['redis-egress'] === undefined ? undefined : bitRate('redis-egress', flags['redis-egress']),
    seed: seed(flags.seed ?? '1'),
  });
}
