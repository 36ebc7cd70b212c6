import { UsageError } from '../../src/cli/usage-error.js';
import { givenCoreSpeed, localCoreSpeed, type LocalCoreSpeed } from '../../src/machine/core-speed.js';
import { probeCoreMs } from '../../src/machine/speed-probe.js';
import type { ChatParams } from './params.js';
import { speedFor } from '../parameter.js';
import type { ChatScenario } from './scenario.js';

/**
 * The scenario and parameters with the app's and Redis's cores at the given speeds (× the reference
 * core, the one on which the speed probe takes `app.probeReferenceMs`).
 */
export function withCoreSpeeds(scenario: ChatScenario, params: ChatParams, speed: { app: number; redis: number }, source: string): { scenario: ChatScenario; params: ChatParams } {
  if (speed.app === 1 && speed.redis === 1) return { scenario, params };
  const p = structuredClone(params);
  // × the speed the profile already has (1 for local; a cloud profile keeps its fitted speed).
  p.app.cpuSpeed[scenario.appProfile.name] = { value: speedFor(params.app.cpuSpeed, scenario.appProfile) * speed.app, unit: '× the reference core', provenance: { kind: 'measured', source } };
  return { scenario: { ...scenario, redisProfile: { ...scenario.redisProfile, cpuSpeed: scenario.redisProfile.cpuSpeed * speed.redis } }, params: p };
}

/** `--core-speed`: cached (default), measure, or a factor on the reference core. */
export function coreSpeedFlag(value: unknown): 'cached' | 'measure' | number {
  if (value === undefined || value === 'cached') return 'cached';
  if (value === 'measure') return 'measure';
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n <= 100)) throw new UsageError(`--core-speed must be cached, measure or a factor such as 1.2 (0 < factor ≤ 100), got ${JSON.stringify(value)}`);
  return n;
}

const isLocal = (s: ChatScenario): { app: boolean; redis: boolean } => ({ app: s.appProfile.name === 'local', redis: s.redisProfile.name === 'local' });

/**
 * How fast this machine's core is, when a role runs on the `local` profile: the reference core ×
 * the factor the speed probe gives here (timed now, or cached with its date). Undefined when no
 * role is local: the cloud profiles carry their own speeds.
 */
export function chatLocalSpeed(scenario: ChatScenario, flags: Record<string, unknown>, params: ChatParams): LocalCoreSpeed | undefined {
  const mode = coreSpeedFlag(flags['core-speed']);
  const local = isLocal(scenario);
  if (!local.app && !local.redis) return undefined;
  const referenceMs = params.app.probeReferenceMs.value;
  if (typeof mode === 'number') return givenCoreSpeed(mode, referenceMs);
  return localCoreSpeed({ referenceMs, mode, measure: () => ({ probeMs: probeCoreMs('0'), core: '0' }) });
}

/** The scenario on this machine: its local roles at the measured factor. */
export function atLocalSpeed(scenario: ChatScenario, params: ChatParams, speed: LocalCoreSpeed | undefined): { scenario: ChatScenario; params: ChatParams } {
  if (!speed) return { scenario, params };
  const local = isLocal(scenario);
  const source = `speed probe ${speed.source === 'given' ? 'factor given with --core-speed' : `${speed.probeMs} ms on core ${speed.core}, ${speed.measuredAt}`} against ${speed.referenceMs} ms`;
  return withCoreSpeeds(scenario, params, { app: local.app ? speed.factor : 1, redis: local.redis ? speed.factor : 1 }, source);
}
