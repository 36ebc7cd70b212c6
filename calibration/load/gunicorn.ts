import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-root.js';
import { healthy, PYTHON, sleep } from './app-servers.js';
import { setAutogroupNice } from './proc-stat.js';

export const FEED_APP_PORT = 8201;
export const FEED_APP_DIR = projectPath('calibration', 'apps', 'feed');

export interface FeedAppOptions {
  db: 'mysql' | 'sqlite' | 'redis-celery';
  fanout: number;
  workers: number;
  threads: number;
  /** taskset core list for the arbiter and its workers. */
  cpus: string;
  autogroupNice: number;
  /** Environment for the app: the database address (settings.py). */
  env: Record<string, string>;
  /** gunicorn's own log (worker boots and deaths), not Django's. */
  logFile: string;
}

export interface GunicornServer {
  port: number;
  /** The arbiter (gunicorn's master process). */
  pid: number;
  process: ChildProcess;
  exited: boolean;
}

/** gunicorn's flags for a run: gthread workers × threads, its defaults for backlog and time-out, said out loud. */
export function gunicornArgs(o: Pick<FeedAppOptions, 'workers' | 'threads' | 'logFile'>, port: number): string[] {
  return ['--bind', `127.0.0.1:${port}`, '--workers', String(o.workers), '--threads', String(o.threads), '--backlog', '2048', '--timeout', '30', '--log-level', 'warning', '--error-logfile', o.logFile];
}

/** `manage.py migrate`: the schema and the users the fan-out writes to, in the fresh database. */
export function migrate(o: Pick<FeedAppOptions, 'db' | 'env'>): void {
  execFileSync(PYTHON, ['manage.py', 'migrate', '--verbosity', '0'], { cwd: FEED_APP_DIR, env: appEnv(o), stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
}

function appEnv(o: Pick<FeedAppOptions, 'db' | 'env'> & Partial<Pick<FeedAppOptions, 'fanout'>>): NodeJS.ProcessEnv {
  return { ...process.env, ...o.env, FEED_DB: o.db, ...(o.fanout ? { FEED_FANOUT: String(o.fanout) } : {}), DJANGO_SETTINGS_MODULE: 'feedsite.settings', PYTHONDONTWRITEBYTECODE: '1' };
}

/**
 * Starts `taskset -c <cpus> /usr/bin/python3 -m gunicorn feedsite.wsgi` on 127.0.0.1:8201 in a
 * session of its own and waits (at most 30 s) until /health answers. The caller must stop it.
 */
export async function startGunicorn(o: FeedAppOptions): Promise<GunicornServer> {
  const child = spawn('taskset', ['-c', o.cpus, PYTHON, '-m', 'gunicorn', 'feedsite.wsgi:application', ...gunicornArgs(o, FEED_APP_PORT)], {
    cwd: FEED_APP_DIR,
    env: appEnv(o),
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error('could not start taskset/gunicorn');
  setAutogroupNice(child.pid, o.autogroupNice);
  const server: GunicornServer = { port: FEED_APP_PORT, pid: child.pid, process: child, exited: false };
  child.on('exit', () => (server.exited = true));
  let up = false;
  for (let i = 0; i < 300 && !up && !server.exited; i++) {
    up = (await healthy(FEED_APP_PORT)) && workerPids(server.pid).length === o.workers;
    if (!up) await sleep(100);
  }
  if (!up) {
    await stopGunicorn(server);
    throw new Error(`gunicorn on port ${FEED_APP_PORT} did not answer /health with ${o.workers} workers within 30 s${server.exited ? ' (it exited)' : ''}; see ${o.logFile}`);
  }
  return server;
}

/** The arbiter's worker processes (children of its main thread). */
export function workerPids(arbiter: number): number[] {
  try {
    return readFileSync(`/proc/${arbiter}/task/${arbiter}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** SIGTERM to the arbiter (it stops its workers), SIGKILL to the whole group after 10 s. */
export async function stopGunicorn(server: GunicornServer): Promise<void> {
  const workers = workerPids(server.pid);
  if (!server.exited) server.process.kill('SIGTERM');
  for (let i = 0; i < 100 && !server.exited; i++) await sleep(100);
  if (!server.exited) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      server.process.kill('SIGKILL');
    }
  }
  for (const pid of workers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 20 && !server.exited; i++) await sleep(100);
}
