import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROBE_NAME } from './speed-probe.js';

/** One timing of the speed probe on this machine, as cached. */
export interface ProbeReading {
  probe: string;
  probeMs: number;
  core: string;
  cpuModel: string;
  measuredAt: string;
}

/** How fast this machine's core is against the core a model's local costs hold on. */
export interface LocalCoreSpeed extends ProbeReading {
  /** referenceMs ÷ probeMs: the factor the `local` profile's cpuSpeed takes. */
  factor: number;
  referenceMs: number;
  /** measured now, read from the cache, or given on the command line. */
  source: 'measured' | 'cache' | 'given';
  cacheFile?: string;
}

/** A cached probe older than this is timed again: the host, its neighbours or its clock may have changed. */
export const CORE_SPEED_MAX_AGE_DAYS = 7;

/** $CAPSIM_CACHE_DIR, else $XDG_CACHE_HOME/capsim, else ~/.cache/capsim. */
export function coreSpeedCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CAPSIM_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'capsim');
  return join(dir, 'core-speed.json');
}

/** The CPU model line of /proc/cpuinfo ('' where there is none): a cache from another CPU is not used. */
export function cpuModelName(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? '';
  } catch {
    return '';
  }
}

function readCache(file: string): ProbeReading | undefined {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Partial<ProbeReading>;
    const ok = typeof c.probe === 'string' && typeof c.probeMs === 'number' && c.probeMs > 0 && typeof c.core === 'string' && typeof c.cpuModel === 'string' && typeof c.measuredAt === 'string' && !Number.isNaN(Date.parse(c.measuredAt));
    return ok ? (c as ProbeReading) : undefined;
  } catch {
    return undefined;
  }
}

export interface LocalCoreSpeedOptions {
  /** Probe milliseconds on the core where the model's costs hold (e.g. chat's app.probeReferenceMs). */
  referenceMs: number;
  /** 'cached': use a cache younger than maxAgeDays from this CPU model, else measure; 'measure': always measure. */
  mode: 'cached' | 'measure';
  maxAgeDays?: number;
  cacheFile?: string;
  now?: Date;
  cpuModel?: string;
  /** Times the probe; returns its CPU milliseconds and the core it ran on. */
  measure: () => { probeMs: number; core: string };
}

/**
 * This machine's core speed as a factor on the reference core, from the speed probe the run records
 * carry: cached with its date so a prediction does not pay the probe every time, timed again when
 * the cache is older than `maxAgeDays`, came from another CPU model or probe, or when asked.
 */
export function localCoreSpeed(o: LocalCoreSpeedOptions): LocalCoreSpeed {
  const file = o.cacheFile ?? coreSpeedCacheFile();
  const now = o.now ?? new Date();
  const cpuModel = o.cpuModel ?? cpuModelName();
  const maxAgeMs = (o.maxAgeDays ?? CORE_SPEED_MAX_AGE_DAYS) * 86_400_000;
  const cached = o.mode === 'cached' ? readCache(file) : undefined;
  const fresh = cached && cached.probe === PROBE_NAME && cached.cpuModel === cpuModel && now.getTime() - Date.parse(cached.measuredAt) <= maxAgeMs && Date.parse(cached.measuredAt) <= now.getTime();
  let reading: ProbeReading;
  let source: LocalCoreSpeed['source'] = 'cache';
  if (fresh) reading = cached;
  else {
    const m = o.measure();
    reading = { probe: PROBE_NAME, probeMs: m.probeMs, core: m.core, cpuModel, measuredAt: now.toISOString() };
    source = 'measured';
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(reading, null, 2) + '\n');
    } catch {
      // A read-only home still predicts; it measures again next time.
    }
  }
  return { ...reading, factor: +(o.referenceMs / reading.probeMs).toFixed(4), referenceMs: o.referenceMs, source, cacheFile: file };
}

/** A factor given on the command line (`--core-speed 1.3`): no probe, no cache. */
export function givenCoreSpeed(factor: number, referenceMs: number, now: Date = new Date()): LocalCoreSpeed {
  return { probe: PROBE_NAME, probeMs: +(referenceMs / factor).toFixed(2), core: '-', cpuModel: '', measuredAt: now.toISOString(), factor, referenceMs, source: 'given' };
}
