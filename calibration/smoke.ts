/**
 * `npm run calibrate:smoke`: the real-run path end to end in well under 3 minutes. Brings the
 * services up, makes a 10-second real chat run at small N, checks its record against the schema and
 * against the simulator's prediction of the same run (received within ±30 %), tears everything
 * down, and fails if anything it started is left: processes, the namespace, listening ports.
 * A MariaDB already up (other work on a shared machine) is neither started nor stopped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../src/config/project-root.js';
import { readJsonFile, validate } from '../src/config/schema.js';
import { chatScenario } from '../models/chat/flags.js';
import { predictChat } from '../models/chat/index.js';
import { RUN_RECORD_SCHEMA, writeRunRecord, type RunRecord } from './load/chat-record.js';

const SERVICES = projectPath('calibration', 'services');
const CAPSIM = projectPath('bin', 'capsim.js');
const APP_PORTS = Array.from({ length: 8 }, (_, i) => 8101 + i);
const TOLERANCE = 0.3;

const say = (line: string): void => void process.stdout.write(`smoke: ${line}\n`);

/** One kind of thing the smoke run starts, and how to see that it exists. */
interface Trace {
  /** Which service brings it up: MariaDB can be someone else's, and is then left alone. */
  service: 'redis' | 'mariadb' | 'app';
  what: string;
  present: () => string;
}

const pgrep = (pattern: string): string => spawnSync('pgrep', ['-af', pattern], { encoding: 'utf8' }).stdout.trim().split('\n').join('; ');
const listening = (port: number): string => (new RegExp(`:${port}\\s`).test(execFileSync('ss', ['-ltnH'], { encoding: 'utf8' })) ? 'listening' : '');

// Other work on the machine may run its own redis-server or mariadbd: only ours count.
const TRACES: Trace[] = [
  { service: 'redis', what: 'redis-server on :6380', present: () => pgrep('redis-server .*:6380') },
  { service: 'redis', what: 'network namespace capsim-redis', present: () => (/\bcapsim-redis\b/.test(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })) ? 'exists' : '') },
  { service: 'redis', what: 'port 6380', present: () => listening(6380) },
  { service: 'mariadb', what: 'mariadbd on :3307', present: () => pgrep('mariadbd .*--port=3307') },
  { service: 'mariadb', what: 'port 3307', present: () => listening(3307) },
  { service: 'app', what: 'uvicorn on :81xx', present: () => pgrep('uvicorn app:app --host 127.0.0.1 --port 81') },
  ...APP_PORTS.map((port): Trace => ({ service: 'app', what: `port ${port}`, present: () => listening(port) })),
];

/** The traces of `services` that exist right now, as "what: evidence". */
function present(services: ReadonlySet<Trace['service']>): string[] {
  return TRACES.filter((t) => services.has(t.service))
    .map((t) => [t.what, t.present()] as const)
    .filter(([, evidence]) => evidence !== '')
    .map(([what, evidence]) => `${what}: ${evidence}`);
}

function services(...args: string[]): void {
  execFileSync(SERVICES, args, { stdio: 'inherit', timeout: 120_000 });
}

function main(): string[] {
  const failures: string[] = [];
  // Redis and the app ports must be free; a MariaDB that is already up belongs to other work.
  const busy = present(new Set(['redis', 'app']));
  if (busy.length > 0) return [`Redis or the app ports are in use before the smoke run (calibration/services down?): ${busy.join('; ')}`];
  const ours = new Set<Trace['service']>(['redis', 'app']);
  if (present(new Set(['mariadb'])).length === 0) ours.add('mariadb');
  else say('MariaDB on :3307 is already up for other work: left alone');
  const out = mkdtempSync(join(tmpdir(), 'capsim-smoke-'));
  try {
    services('up', '--redis', ...(ours.has('mariadb') ? ['--mariadb'] : []));
    const flags = ['--users', '10', '--iterations', '1', '--interval', '1s', '--session', '10s', '--subscription', 'per-connection', '--message-bytes', '100'];
    const run = spawnSync(process.execPath, [CAPSIM, 'load', 'chat', ...flags, '--out', out, '--id', 'smoke-chat'], { stdio: 'inherit', timeout: 120_000 });
    if (run.status !== 0) return [`capsim load chat exited with ${run.status ?? run.signal}`];
    const file = join(out, 'smoke-chat.json');
    const record = validate<RunRecord>(RUN_RECORD_SCHEMA, readJsonFile(file), file);
    say(`record ${file} is valid against ${RUN_RECORD_SCHEMA}`);
    writeRunRecord(record, out); // and it round-trips through the writer's own check

    const predicted = predictChat(chatScenario(record.settings));
    const real = record.metrics.ws_msgs_received.count;
    const sim = predicted.metrics.ws_msgs_received.count;
    const error = (sim - real) / real;
    say(`ws_msgs_received: real ${real}, simulated ${sim} (${(100 * error).toFixed(1)}%); ws_msgs_sent: real ${record.metrics.ws_msgs_sent.count}, simulated ${predicted.metrics.ws_msgs_sent.count}`);
    if (!(real > 0)) failures.push('the real run received no messages');
    if (!(Math.abs(error) <= TOLERANCE)) failures.push(`simulated ws_msgs_received is ${(100 * error).toFixed(1)}% off the real run (tolerance ±${100 * TOLERANCE}%)`);
    if (record.metrics.checks.value !== 1) failures.push(`checks ${(100 * record.metrics.checks.value).toFixed(1)}%, expected 100%`);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  } finally {
    try {
      services('down', '--redis', ...(ours.has('mariadb') ? ['--mariadb'] : []));
    } catch (err) {
      failures.push(`calibration/services down failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    rmSync(out, { recursive: true, force: true });
  }
  const left = present(ours);
  if (left.length > 0) failures.push(`left behind after teardown: ${left.join('; ')}`);
  return failures;
}

const started = Date.now();
const failures = main();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  for (const f of failures) process.stderr.write(`smoke: FAIL: ${f}\n`);
  process.stderr.write(`smoke: failed after ${seconds} s\n`);
  process.exit(1);
}
say(`passed in ${seconds} s; nothing left running`);
