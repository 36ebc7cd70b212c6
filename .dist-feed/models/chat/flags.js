import { duration, oneOf, positiveInt, seed, UsageError } from '../../src/cli/usage-error.js';
import { loadProfile, UnknownProfileError } from '../../src/config/profiles.js';
export const DEFAULT_PROFILES = { app: 'fargate-1vcpu', redis: 'cache.t4g.small' };
export const chatFlags = {
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
};
const RATE_UNITS = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 };
/** A tc-style rate (`50mbit`, `1.5gbit`) in bits per second. */
export function bitRate(flag, value) {
    const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(bit|kbit|mbit|gbit)\s*$/i.exec(value) : null;
    const bps = m ? Number(m[1]) * RATE_UNITS[m[2].toLowerCase()] : NaN;
    if (!(bps > 0))
        throw new UsageError(`--${flag} must be a rate such as 50mbit or 1gbit, got ${JSON.stringify(value)}`);
    return bps;
}
function profileNamed(name) {
    try {
        return loadProfile(name);
    }
    catch (err) {
        if (err instanceof UnknownProfileError)
            throw new UsageError(`--profile: ${err.message}`);
        throw err;
    }
}
/** `--profile` values: `role=name`, or a bare name placed by its kind (a cache node is Redis). */
function profiles(values) {
    const chosen = { app: profileNamed(DEFAULT_PROFILES.app), redis: profileNamed(DEFAULT_PROFILES.redis) };
    const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
    for (const raw of list.flatMap((v) => String(v).split(','))) {
        const m = /^(?:(app|redis)=)?(.+)$/.exec(raw.trim());
        if (!m)
            throw new UsageError(`--profile must be a profile name or role=name (roles: app, redis), got "${raw}"`);
        const profile = profileNamed(m[2]);
        const role = m[1] ?? (profile.kind === 'cache' ? 'redis' : 'app');
        chosen[role] = profile;
    }
    return chosen;
}
export function chatScenario(flags) {
    const { app, redis } = profiles(flags.profile);
    return {
        users: positiveInt('users', flags.users ?? '100', 100_000),
        intervalNs: duration('interval', flags.interval ?? '1s'),
        sessionNs: duration('session', flags.session ?? '10s'),
        iterations: positiveInt('iterations', flags.iterations ?? '6', 10_000),
        tasks: positiveInt('tasks', flags.tasks ?? '1', 10_000),
        messageBytes: flags['message-bytes'] === undefined ? undefined : positiveInt('message-bytes', flags['message-bytes'], 64 * 2 ** 20),
        subscription: oneOf('subscription', flags.subscription ?? 'per-connection', ['per-connection', 'per-process']),
        appProfile: app,
        redisProfile: redis,
        redisEgressBitsPerSec: flags['redis-egress'] === undefined ? undefined : bitRate('redis-egress', flags['redis-egress']),
        seed: seed(flags.seed ?? '1'),
    };
}
