import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../src/config/project-root.js';

/** Where calibration/services keeps its pidfiles and env files (CAPSIM_SERVICES_DIR overrides). */
export const SERVICES_DIR = process.env.CAPSIM_SERVICES_DIR ?? '/tmp/capsim-services';
const SCRIPT = projectPath('calibration', 'services');

export interface RedisService {
  host: string;
  port: number;
  pid: number;
  /** tc rate of the egress cap, '' when Redis runs uncapped on loopback. */
  egressCap: string;
  cpus: string;
  /** We brought it up, so we take it down. */
  startedHere: boolean;
}

function readEnv(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The Redis that calibration/services runs now, if any. */
export function runningRedis(): Omit<RedisService, 'startedHere'> | undefined {
  const file = join(SERVICES_DIR, 'redis.env');
  if (!existsSync(file)) return undefined;
  const env = readEnv(file);
  const pid = Number(env.REDIS_PID);
  if (!pidAlive(pid)) return undefined;
  return { host: env.REDIS_HOST, port: Number(env.REDIS_PORT), pid, egressCap: env.REDIS_EGRESS_CAP ?? '', cpus: env.REDIS_CPUS ?? '' };
}

function services(args: string[]): void {
  execFileSync(SCRIPT, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 180_000 });
}

/**
 * A Redis with the asked-for egress cap: the one already up if it matches, else a new one from
 * `calibration/services up --redis`. A running Redis with another cap is an error, not replaced:
 * someone else's experiment may be using it.
 */
export function redisUp(egressCap: string): RedisService {
  const running = runningRedis();
  if (running) {
    if (running.egressCap !== egressCap)
      throw new Error(`Redis is already up with egress cap '${running.egressCap || 'none'}', this run needs '${egressCap || 'none'}': run calibration/services down first`);
    return { ...running, startedHere: false };
  }
  services(['up', '--redis', ...(egressCap ? ['--egress-cap', egressCap] : [])]);
  const started = runningRedis();
  if (!started) throw new Error('calibration/services up --redis finished but no Redis is running');
  return { ...started, startedHere: true };
}

/** Stops the Redis that redisUp started (and its namespace); leaves a MariaDB alone. */
export function redisDown(): void {
  services(['down', '--redis']);
}

/**
 * Stops a service at the end of a real run without throwing: an error here would hide the run's
 * own outcome. It is reported, and the exit code says so.
 */
export function tearDown(stop: () => void): void {
  try {
    stop();
  } catch (err) {
    process.stderr.write(`capsim load: teardown failed, see calibration/services status: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

export interface MariadbService {
  host: string;
  port: number;
  socket: string;
  pid: number;
  cpus: string;
  maxConnections: number;
  flush: number;
  startedHere: boolean;
}

/** The MariaDB that calibration/services runs now, if any. */
export function runningMariadb(): Omit<MariadbService, 'startedHere'> | undefined {
  const file = join(SERVICES_DIR, 'mariadb.env');
  if (!existsSync(file)) return undefined;
  const env = readEnv(file);
  const pid = Number(env.MARIADB_PID);
  if (!pidAlive(pid)) return undefined;
  return {
    host: env.MARIADB_HOST,
    port: Number(env.MARIADB_PORT),
    socket: env.MARIADB_SOCKET,
    pid,
    cpus: env.MARIADB_CPUS ?? '',
    maxConnections: Number(env.MARIADB_MAX_CONNECTIONS),
    flush: Number(env.MARIADB_FLUSH),
  };
}

/**
 * A fresh MariaDB with the asked-for max_connections and innodb_flush_log_at_trx_commit, from
 * `calibration/services up --mariadb`. One already running is an error, not reused or replaced:
 * its tables would carry the rows of earlier runs, and someone else's experiment may be using it.
 */
export function mariadbUp(maxConnections: number, flush: number): MariadbService {
  const running = runningMariadb();
  if (running) throw new Error(`a MariaDB is already up (pid ${running.pid}, max_connections ${running.maxConnections}): run calibration/services down --mariadb first`);
  services(['up', '--mariadb', '--max-connections', String(maxConnections), '--flush', String(flush)]);
  const started = runningMariadb();
  if (!started) throw new Error('calibration/services up --mariadb finished but no MariaDB is running');
  return { ...started, startedHere: true };
}

/** Stops the MariaDB that mariadbUp started and removes its datadir; leaves a Redis alone. */
export function mariadbDown(): void {
  services(['down', '--mariadb']);
}

export interface CeleryService {
  /** The worker's main process; its pool processes are its children. */
  pid: number;
  concurrency: number;
  cpus: string;
}

/** The Celery worker that calibration/services runs now, if any. */
export function runningCelery(): CeleryService | undefined {
  const file = join(SERVICES_DIR, 'celery.env');
  if (!existsSync(file)) return undefined;
  const env = readEnv(file);
  const pid = Number(env.CELERY_PID);
  if (!pidAlive(pid)) return undefined;
  return { pid, concurrency: Number(env.CELERY_CONCURRENCY), cpus: env.CELERY_CPUS ?? '' };
}

/**
 * A fresh Celery worker with `concurrency` prefork processes on the Redis that is up, from
 * `calibration/services up --celery`. One already running is an error: its queue would not be this run's.
 */
export function celeryUp(concurrency: number): CeleryService {
  const running = runningCelery();
  if (running) throw new Error(`a Celery worker is already up (pid ${running.pid}): run calibration/services down --celery first`);
  services(['up', '--celery', '--celery-concurrency', String(concurrency)]);
  const started = runningCelery();
  if (!started) throw new Error('calibration/services up --celery finished but no Celery worker is running');
  return started;
}

/** Stops the Celery worker (warm shutdown), leaving Redis and MariaDB alone. */
export function celeryDown(): void {
  services(['down', '--celery']);
}
