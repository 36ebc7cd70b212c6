import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatScenario } from '../../models/chat/flags.js';
import { chatModel, predictChat } from '../../models/chat/index.js';
import { coreSpeedFlag } from '../../models/chat/core-speed.js';
import { cpuModelName, givenCoreSpeed, localCoreSpeed } from '../../src/machine/core-speed.js';
import { loadChatParams } from '../../models/chat/params.js';
import { PROBE_NAME } from '../../src/machine/speed-probe.js';
import { validate } from '../../src/config/schema.js';

const tmpCache = (): string => join(mkdtempSync(join(tmpdir(), 'capsim-speed-')), 'core-speed.json');
const DAY = 86_400_000;
const REFERENCE_MS = loadChatParams().app.probeReferenceMs.value;

/** A probe that counts its calls and answers `ms`. */
function fakeProbe(ms: number) {
  const p = { calls: 0, measure: () => (p.calls++, { probeMs: ms, core: '0' }) };
  return p;
}

describe('local core speed: the speed probe on this machine, cached with its date', () => {
  it('measures once, then reads the cache; the factor is reference ÷ probe', () => {
    const file = tmpCache();
    const probe = fakeProbe(50);
    const now = new Date('2026-12-01T10:00:00Z');
    const first = localCoreSpeed({ referenceMs: 100, mode: 'cached', cacheFile: file, now, cpuModel: 'X', measure: probe.measure });
    expect(first).toMatchObject({ source: 'measured', factor: 2, probeMs: 50, measuredAt: now.toISOString() });
    const again = localCoreSpeed({ referenceMs: 100, mode: 'cached', cacheFile: file, now: new Date(now.getTime() + 6 * DAY), cpuModel: 'X', measure: probe.measure });
    expect(again).toMatchObject({ source: 'cache', factor: 2, measuredAt: now.toISOString() });
    expect(probe.calls).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ probe: PROBE_NAME, probeMs: 50, cpuModel: 'X' });
  });

  it('times the probe again when the cache is older than the limit, from another CPU model, or when asked', () => {
    const file = tmpCache();
    const t0 = new Date('2026-12-01T10:00:00Z');
    localCoreSpeed({ referenceMs: 100, mode: 'cached', cacheFile: file, now: t0, cpuModel: 'X', measure: fakeProbe(50).measure });
    const stale = fakeProbe(80);
    const later = new Date(t0.getTime() + 8 * DAY);
    expect(localCoreSpeed({ referenceMs: 100, mode: 'cached', maxAgeDays: 7, cacheFile: file, now: later, cpuModel: 'X', measure: stale.measure })).toMatchObject({ source: 'measured', factor: 1.25, measuredAt: later.toISOString() });
    expect(stale.calls).toBe(1);
    const otherCpu = fakeProbe(40);
    expect(localCoreSpeed({ referenceMs: 100, mode: 'cached', cacheFile: file, now: later, cpuModel: 'Y', measure: otherCpu.measure }).factor).toBe(2.5);
    const asked = fakeProbe(100);
    expect(localCoreSpeed({ referenceMs: 100, mode: 'measure', cacheFile: file, now: later, cpuModel: 'Y', measure: asked.measure })).toMatchObject({ source: 'measured', factor: 1 });
    expect([otherCpu.calls, asked.calls]).toEqual([1, 1]);
  });

  it('a broken cache file is measured over, not trusted', () => {
    const file = tmpCache();
    writeFileSync(file, '{"probeMs": -3}');
    const probe = fakeProbe(62);
    expect(localCoreSpeed({ referenceMs: 93, mode: 'cached', cacheFile: file, cpuModel: 'X', measure: probe.measure }).source).toBe('measured');
    expect(probe.calls).toBe(1);
  });
});

describe('predict chat --profile local runs at the measured factor', () => {
  const local = chatScenario({ users: '30', interval: '500ms', session: '3s', iterations: '1', profile: ['app=local', 'redis=local'] });
  const cpuSeconds = (p: ReturnType<typeof predictChat>, name: string): number => p.resources.find((r) => r.name === name)!.utilisation * p.duration_s;

  it('the factor enters the simulation: a core twice as fast spends half the CPU time', () => {
    const slow = predictChat(local, givenCoreSpeed(1, REFERENCE_MS));
    const fast = predictChat(local, givenCoreSpeed(2, REFERENCE_MS));
    expect(cpuSeconds(fast, 'app task 1 CPU') / cpuSeconds(slow, 'app task 1 CPU')).toBeCloseTo(0.5, 1);
    expect(cpuSeconds(fast, 'Redis CPU') / cpuSeconds(slow, 'Redis CPU')).toBeCloseTo(0.5, 2);
    expect(fast.scenario.local_core_speed).toMatchObject({ factor: 2, source: 'given' });
    expect(() => validate('models/chat/prediction.schema.json', fast, 'prediction')).not.toThrow();
  });

  it('only the local role moves: Redis on this machine leaves a cloud app at its own speed', () => {
    const mixed = chatScenario({ users: '30', interval: '500ms', session: '3s', iterations: '1', profile: ['redis=local'] });
    const slow = predictChat(mixed, givenCoreSpeed(1, REFERENCE_MS));
    const fast = predictChat(mixed, givenCoreSpeed(2, REFERENCE_MS));
    // The app's work moves only with Redis's timing (a faster Redis replies sooner): not with the factor.
    expect(cpuSeconds(fast, 'app task 1 CPU') / cpuSeconds(slow, 'app task 1 CPU')).toBeCloseTo(1, 3);
    expect(cpuSeconds(fast, 'Redis CPU') / cpuSeconds(slow, 'Redis CPU')).toBeCloseTo(0.5, 2);
  });

  it('cloud profiles need no probe and carry no local speed', () => {
    const flags = { users: '10', session: '2s', iterations: '1', 'core-speed': 'measure' };
    expect(chatModel.predict(flags).scenario).not.toHaveProperty('local_core_speed');
  });

  const saved = process.env.CAPSIM_CACHE_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.CAPSIM_CACHE_DIR;
    else process.env.CAPSIM_CACHE_DIR = saved;
  });

  it('the printed prediction says which speed it used and when it was measured', () => {
    const file = tmpCache();
    process.env.CAPSIM_CACHE_DIR = join(file, '..');
    const measuredAt = new Date(Date.now() - DAY).toISOString();
    writeFileSync(file, JSON.stringify({ probe: PROBE_NAME, probeMs: REFERENCE_MS / 2, core: '0', cpuModel: cpuModelName(), measuredAt }));
    const p = chatModel.predict({ users: '10', session: '2s', iterations: '1', profile: ['app=local'] });
    expect(p.scenario).toMatchObject({ local_core_speed: { factor: 2, source: 'probe', measured_at: measuredAt, cache_file: file } });
    expect(chatModel.text(p)).toContain(`local core: 2 × the reference core (speed probe ${REFERENCE_MS / 2} ms on core 0 against the reference ${REFERENCE_MS} ms, measured ${measuredAt}; cached in ${file}`);
    // A rerun reads the same cache and prints the same bytes.
    expect(JSON.stringify(chatModel.predict({ users: '10', session: '2s', iterations: '1', profile: ['app=local'] }))).toBe(JSON.stringify(p));
  });

  it('--core-speed takes cached, measure or a positive factor; anything else is a usage error', () => {
    expect([coreSpeedFlag(undefined), coreSpeedFlag('measure'), coreSpeedFlag('1.25')]).toEqual(['cached', 'measure', 1.25]);
    for (const bad of ['fast', '0', '-1', '1e3', '']) expect(() => coreSpeedFlag(bad)).toThrow(/^--core-speed must be/);
  });
});
