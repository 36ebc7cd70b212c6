import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { projectPath } from '../../src/config/project-root.js';
import { setAutogroupNice } from './proc-stat.js';

export const PYTHON = '/usr/bin/python3';
export const FIRST_APP_PORT = 8101;
/** What uvicorn's `auto` picks here anyway (no uvloop or httptools in Debian's set), made explicit. */
export const UVICORN_OPTIONS = ['--loop', 'asyncio', '--http', 'h11', '--ws', 'websockets', '--log-level', 'warning', '--no-access-log'];
/** app.py's directory is the working directory: no `redis/` folder there to shadow the package. */
const APP_DIR = projectPath('calibration', 'apps', 'chat');

export interface AppServer {
  port: number;
  pid: number;
  process: ChildProcess;
  exited: boolean;
}

export interface AppServersOptions {
  tasks: number;
  subscription: string;
  redisHost: string;
  redisPort: number;
  /** taskset core list for every uvicorn process. */
  cpus: string;
  /** Scheduler weight of each process's own session (autogroup); see proc-stat.ts. */
  autogroupNice: number;
}

/** True when GET /health on 127.0.0.1:port answers 200 within 0.5 s. */
export function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `tasks` uvicorn processes of calibration/apps/chat/app.py on 127.0.0.1:8101…, each
 * `taskset -c <cpus> /usr/bin/python3 -m uvicorn` (taskset execs python, so the pid is uvicorn's)
 * in a session of its own, and waits until every one answers /health (at most 15 s). Being
 * detached they miss a terminal's Ctrl-C: the caller must stop them.
 */
export async function startAppServers(options: AppServersOptions, servers: AppServer[]): Promise<void> {
  for (let i = 0; i < options.tasks; i++) {
    const port = FIRST_APP_PORT + i;
    const child = spawn(
      'taskset',
      ['-c', options.cpus, PYTHON, '-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), ...UVICORN_OPTIONS],
      {
        cwd: APP_DIR,
        env: { ...process.env, CHAT_SUBSCRIPTION: options.subscription, REDIS_HOST: options.redisHost, REDIS_PORT: String(options.redisPort), PYTHONDONTWRITEBYTECODE: '1' },
        stdio: ['ignore', 'inherit', 'inherit'],
        // Its own session, hence its own autogroup, whose weight is set below.
        detached: true,
      },
    );
    if (child.pid === undefined) throw new Error('could not start taskset/uvicorn');
    setAutogroupNice(child.pid, options.autogroupNice);
    const server: AppServer = { port, pid: child.pid, process: child, exited: false };
    child.on('exit', () => (server.exited = true));
    servers.push(server);
  }
  for (const server of servers) {
    let up = false;
    for (let i = 0; i < 150 && !up && !server.exited; i++) {
      up = await healthy(server.port);
      if (!up) await sleep(100);
    }
    if (!up) throw new Error(`uvicorn on port ${server.port} did not answer /health within 15 s${server.exited ? ' (it exited)' : ''}`);
  }
}

/** SIGTERM, then SIGKILL for any still running after 5 s. */
export async function stopAppServers(servers: AppServer[]): Promise<void> {
  for (const s of servers) if (!s.exited) s.process.kill('SIGTERM');
  for (let i = 0; i < 50 && servers.some((s) => !s.exited); i++) await sleep(100);
  for (const s of servers) if (!s.exited) s.process.kill('SIGKILL');
  for (let i = 0; i < 20 && servers.some((s) => !s.exited); i++) await sleep(100);
}
