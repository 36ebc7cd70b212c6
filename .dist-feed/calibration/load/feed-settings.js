import { feedScenario } from '../../models/feed/flags.js';
import { formatDuration, NS_PER_S } from '../../src/engine/time.js';
import { UsageError } from '../../src/cli/usage-error.js';
/** This machine as both roles: gunicorn on core 0, MariaDB on core 1, loopback between them. */
export const FEED_LOCAL_PROFILES = ['app=local', 'db=local'];
export const DEFAULT_LOCAL_FANOUT = 50;
/** gunicorn on one core: 2 × 1 + 1 workers (its recommendation), the model's default threads. */
export const DEFAULT_LOCAL_WORKERS = 3;
const MAX_VUS = 1000;
const MAX_SLOTS = 1000;
const MAX_DURATION_NS = 10 * 60 * NS_PER_S;
/** Validates `capsim load feed` flags (UsageError on bad input) against the model's own parser. */
export function feedRunSettings(flags) {
    const str = (name, fallback) => String(flags[name] ?? fallback).trim();
    const db = str('db', 'mysql');
    if (db !== 'mysql' && db !== 'sqlite')
        throw new UsageError(`--db: a real feed run uses mysql (a private MariaDB) or sqlite, got "${db}"`);
    const settings = {
        db,
        vus: str('vus', '50'),
        duration: str('duration', '30s'),
        fanout: str('fanout', String(DEFAULT_LOCAL_FANOUT)),
        tasks: '1',
        'task-vcpu': '1',
        workers: str('workers', String(DEFAULT_LOCAL_WORKERS)),
        threads: str('threads', '32'),
        'db-conn': 'per-request',
        ...(db === 'mysql' ? { 'max-connections': str('max-connections', '151'), flush: str('flush', '1') } : {}),
        profile: FEED_LOCAL_PROFILES,
    };
    for (const fixed of ['tasks', 'task-vcpu', 'db-conn']) {
        if (flags[fixed] !== undefined && String(flags[fixed]) !== settings[fixed])
            throw new UsageError(`--${fixed}: a real feed run has ${fixed} ${String(settings[fixed])} on this machine, got "${String(flags[fixed])}"`);
    }
    const scenario = feedScenario(settings);
    if (scenario.vus > MAX_VUS)
        throw new UsageError(`--vus: a real run on this machine takes at most ${MAX_VUS} VUs, got ${scenario.vus}`);
    if (scenario.threads < 2)
        throw new UsageError('--threads: a real run uses gthread workers (threads ≥ 2): a killed sync worker would take its CPU figures with it');
    if (scenario.workers * scenario.threads > MAX_SLOTS)
        throw new UsageError(`--workers × --threads must stay within ${MAX_SLOTS}, got ${scenario.workers * scenario.threads}`);
    if (scenario.fanout > 1000)
        throw new UsageError(`--fanout: the app has 1,000 friends to write to, got ${scenario.fanout}`);
    if (scenario.durationNs > MAX_DURATION_NS)
        throw new UsageError(`--duration must stay within ${formatDuration(MAX_DURATION_NS)} for a real run, got ${settings.duration}`);
    return { settings, scenario };
}
/** `feed-mysql-v100-c10-f1-w3x32-F50`, `feed-sqlite-v10-w3x32-F50`. */
export function defaultFeedRunId({ scenario: s }) {
    const parts = [`feed-${s.db}`, `v${s.vus}`];
    if (s.db === 'mysql')
        parts.push(`c${s.maxConnections}`, `f${s.flush}`);
    parts.push(`w${s.workers}x${s.threads}`, `F${s.fanout}`);
    if (s.durationNs !== 30 * NS_PER_S)
        parts.push(formatDuration(s.durationNs));
    return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '');
}
