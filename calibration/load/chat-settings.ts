import { chatScenario } from '../../models/chat/flags.js';
import type { ChatScenario } from '../../models/chat/scenario.js';
import { formatDuration, NS_PER_MS, NS_PER_S } from '../../src/engine/time.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { MIN_PAYLOAD_BYTES } from './chat-payload.js';

export const LOCAL_PROFILES = ['app=local', 'redis=local'];
export const DEFAULT_MESSAGE_BYTES = 100;
/** Limits of one machine: file descriptors, app ports 8101…, and a run short enough to babysit. */
const MAX_USERS = 1000;
const MAX_TASKS = 8;
const MAX_RUN_NS = 30 * 60 * NS_PER_S;

export interface ChatRunSettings {
  /** The run as `capsim predict chat` flags, so the simulator can re-run the same experiment. */
  settings: Record<string, string | string[]>;
  scenario: ChatScenario;
  /** tc rate of the Redis egress cap, '' for none. */
  egressCap: string;
}

/** Validates `capsim load chat` flags (UsageError on bad input) against the model's own parser. */
export function chatRunSettings(flags: Record<string, unknown>): ChatRunSettings {
  const str = (name: string, fallback: string): string => String(flags[name] ?? fallback).trim();
  const egressCap = flags['redis-egress'] === undefined ? '' : str('redis-egress', '').toLowerCase();
  const settings: Record<string, string | string[]> = {
    users: str('users', '100'),
    interval: str('interval', '1s'),
    session: str('session', '10s'),
    iterations: str('iterations', '6'),
    tasks: str('tasks', '1'),
    'message-bytes': str('message-bytes', String(DEFAULT_MESSAGE_BYTES)),
    subscription: str('subscription', 'per-connection'),
    profile: LOCAL_PROFILES,
    ...(egressCap ? { 'redis-egress': egressCap } : {}),
  };
  const scenario = chatScenario(settings);
  if (scenario.users > MAX_USERS) throw new UsageError(`--users: a real run on this machine takes at most ${MAX_USERS} users, got ${scenario.users}`);
  if (scenario.tasks > MAX_TASKS) throw new UsageError(`--tasks: a real run takes at most ${MAX_TASKS} app tasks (ports 8101–${8100 + MAX_TASKS}), got ${scenario.tasks}`);
  if (scenario.intervalNs < NS_PER_MS) throw new UsageError(`--interval: a real run sends at most one message per ms per user, got ${settings.interval}`);
  if ((scenario.messageBytes ?? 0) < MIN_PAYLOAD_BYTES)
    throw new UsageError(`--message-bytes: a real message carries a send time and VU id, so it takes at least ${MIN_PAYLOAD_BYTES} bytes, got ${settings['message-bytes']}`);
  if (scenario.iterations * scenario.sessionNs > MAX_RUN_NS)
    throw new UsageError(`--iterations × --session must stay within ${formatDuration(MAX_RUN_NS)} for a real run, got ${formatDuration(scenario.iterations * scenario.sessionNs)}`);
  return { settings, scenario, egressCap };
}

/** `chat-n50-i500ms-pc-b100`, `…-pp-…`, `…-cap50mbit`; tasks > 1 adds `-t2`. */
export function defaultRunId({ scenario, egressCap }: ChatRunSettings): string {
  const mode = scenario.subscription === 'per-connection' ? 'pc' : 'pp';
  const parts = [`chat-n${scenario.users}`, `i${formatDuration(scenario.intervalNs)}`, mode, `b${scenario.messageBytes}`];
  if (scenario.tasks > 1) parts.push(`t${scenario.tasks}`);
  if (egressCap) parts.push(`cap${egressCap}`);
  return parts.join('-').replace(/[^A-Za-z0-9._-]/g, '');
}
