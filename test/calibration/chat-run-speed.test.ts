import { describe, expect, it } from 'vitest';
import { probeReference, recordScenario, runCoreSpeeds } from '../../calibration/chat/run-speed.js';
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
