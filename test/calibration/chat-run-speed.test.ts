import { describe, expect, it } from 'vitest';
import { coreShare } from '../../src/machine/core-share.js';
import { probeReference, recordScenario, runCoreSpeeds, runQueueWait, sharedCoreScenario } from '../../calibration/chat/run-speed.js';
import type { RunRecord } from '../../calibration/records.js';
import { loadChatParams, type ChatParams } from '../../models/chat/params.js';
import { simulateChat } from '../../models/chat/model.js';

const settings = { users: '20', interval: '500ms', session: '4s', iterations: '1', profile: ['app=local', 'redis=local'], 'message-bytes': '100' };
const record = (id: string, cpu: number, probe?: Record<string, number[]>): RunRecord => ({
  kind: 'capsim-run-record', model: 'chat', id, source: 'capsim load', createdAt: '', settings, machine: probe ? { speedProbe: probe } : {},
  duration_s: 4, metrics: {}, resources: { server_cpu_seconds: cpu, redis_cpu_seconds: 0.1 },
});

describe('chat runs at the speed their probe measured', () => {
  const params: ChatParams = structuredClone(loadChatParams());
  params.app.probeReferenceMs.value = 60;

  it('a core whose probe took twice the reference runs at half speed; a record without a probe at the reference', () => {
    expect(runCoreSpeeds(record('slow', 1, { core0: [110, 130], core1: [60, 60] }), params)).toEqual({ app: 0.5, redis: 1 });
    expect(runCoreSpeeds(record('old', 1), params)).toEqual({ app: 1, redis: 1 });
  });

  it('the simulated run spends CPU in proportion to its core’s slowness', () => {
    const at = (r: RunRecord) => {
      const s = recordScenario(r, params);
      return simulateChat(s.scenario, s.params).appWork.cpuSeconds;
    };
    const reference = at(record('ref', 1, { core0: [60, 60], core1: [60, 60] }));
    const slow = at(record('slow', 1, { core0: [120, 120], core1: [60, 60] }));
    expect(slow / reference).toBeGreaterThan(1.9);
    expect(slow / reference).toBeLessThan(2.1);
  }, 60_000);

  it('a repeat with a probe beside its unprobed original says how fast the original core was', () => {
    // The repeat took half the CPU at a 50-ms probe: the original's core was as fast as a 100-ms probe.
    const runs = [record('x', 2), record('x-r2', 1, { core0: [50, 50], core1: [70, 70] }), record('y', 3), record('y-r2', 1, { core0: [40, 40], core1: [40, 40] })];
    expect(probeReference(runs)).toBe(110); // median of 100 and 120
    // Without pairs: the median of every probe.
    expect(probeReference([record('z', 1, { core0: [50, 70], core1: [60, 60] })])).toBe(60);
    expect(probeReference([record('z', 1)])).toBeUndefined();
  });
});

describe('chat runs with the share of its core uvicorn got', () => {
  const params = loadChatParams();
  const busy = { ...settings, users: '40', interval: '250ms' };
  const waited = (wait?: number): RunRecord => ({ ...record('w', 1), settings: busy, machine: wait === undefined ? {} : { runQueueWait: { uvicorn: wait, redis: 0.01, loadGenerator: 0.1 } } });

  it('a process busy 30% of the time that waited 10% for its core got three quarters of it', () => {
    expect(coreShare(0.3, 0.1)).toBeCloseTo(0.75, 12);
    expect(coreShare(0.3, 0)).toBe(1);
    expect(coreShare(0, 0.1)).toBe(1);
    expect(runQueueWait(waited(0.12))).toBe(0.12);
    expect(runQueueWait(waited())).toBe(0);
  });

  it('a run whose uvicorn waited for its core spends the same CPU and delivers later', () => {
    const run = (r: RunRecord) => {
      const s = sharedCoreScenario(r, params);
      return { share: s.scenario.appCoreShare, sim: simulateChat(s.scenario, s.params) };
    };
    const alone = run(waited());
    const shared = run(waited(0.2));
    expect(alone.share).toBeUndefined();
    const cpu = alone.sim.appWork.cpuSeconds / (alone.sim.durationNs / 1e9);
    // The share comes from the simulated busy time on a whole core, never from the record's CPU.
    expect(shared.share).toBeCloseTo(cpu / (cpu + 0.2), 2);
    expect(shared.sim.appWork.cpuSeconds / alone.sim.appWork.cpuSeconds).toBeGreaterThan(0.9);
    expect(shared.sim.appWork.cpuSeconds / alone.sim.appWork.cpuSeconds).toBeLessThan(1.1);
    const p95 = (r: typeof alone) => r.sim.summary.metrics.ws_delivery_latency['p(95)'];
    expect(p95(shared)).toBeGreaterThan(1.3 * p95(alone));
  }, 60_000);
});
