import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ktbScenario } from '../../models/ktb-chat/flags.js';
import { predictKtb } from '../../models/ktb-chat/prediction.js';
import { loadKtbParams } from '../../models/ktb-chat/params.js';
import { simulateKtb } from '../../models/ktb-chat/model.js';
import { BurstableCpu, waterLevel } from '../../models/ktb-chat/burstable-cpu.js';
import { chanceOfMembers, crc16, keySlot } from '../../models/ktb-chat/rooms.js';
import { validate } from '../../src/config/schema.js';
import { UsageError } from '../../src/cli/usage-error.js';

const params = loadKtbParams();
const run = (flags: Record<string, string>) => simulateKtb(ktbScenario(flags), params);
/** A small, busy system: one event loop on one instance fails within a short ramp. */
const busy = { instances: '1', containers: '1', interval: '250ms', 'step-every': '2s', 'start-users': '50', 'step-users': '50', 'max-users': '1500' };

describe('ktb-chat model', { timeout: 120_000 }, () => {
  it('same inputs and seed give byte-identical JSON; another seed differs', () => {
    const flags = { ...busy, 'max-users': '600', seed: '3' };
    const a = JSON.stringify(predictKtb(ktbScenario(flags)));
    expect(JSON.stringify(predictKtb(ktbScenario(flags)))).toBe(a);
    expect(JSON.stringify(predictKtb(ktbScenario({ ...flags, seed: '4' })))).not.toBe(a);
  });

  it('prediction JSON validates against its schema and its summary names the bottleneck', () => {
    const p = predictKtb(ktbScenario({ ...busy, 'max-users': '400' }), true);
    expect(() => validate('models/ktb-chat/prediction.schema.json', JSON.parse(JSON.stringify(p)), 'prediction')).not.toThrow();
    expect(p.summary.bottleneck).toBe(p.bottleneck.resource);
    expect(p.sensitivity).toHaveLength(8);
  });

  it('users at each second follow the k6 stages (a linear ramp per stage, VU k joins when the line reaches k)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (start, step, everyS, stages) => {
        const max = start + step * stages;
        const r = run({ instances: '1', containers: '1', 'start-users': String(start), 'step-users': String(step), 'step-every': `${everyS}s`, 'max-users': String(max) });
        const users = r.seconds.get('users');
        // The value held at the last 100 ms step of second s (t = s + 0.9 s).
        users.forEach((u, s) => {
          const t = s + 0.9;
          const line = t >= everyS * stages ? 0 : start + (step * t) / everyS;
          expect(u).toBe(Math.floor(line + 1e-9));
        });
      }),
      { numRuns: 25 },
    );
  });

  it('standard-mode credits stay within [0, 576] whatever the demand; unlimited never throttles', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 576, noNaN: true }), (steps, initial) => {
        const spec = { baselinePerVcpu: 0.2, creditsPerHour: 24, maxCredits: 576 };
        const std = new BurstableCpu(2, 'standard', spec, initial);
        const unl = new BurstableCpu(2, 'unlimited', spec, initial);
        for (const backlog of steps) {
          const shares = backlog.map(() => 0);
          std.serve([...backlog], 60, shares);
          expect(std.credits.level).toBeGreaterThanOrEqual(0);
          expect(std.credits.level).toBeLessThanOrEqual(576);
          expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(std.availableVcpus + 1e-9);
          unl.serve([...backlog], 60, shares);
          expect(unl.availableVcpus).toBe(2);
        }
      }),
      { numRuns: 100 },
    );
    const r = run({ ...busy, 'credit-mode': 'standard', 'initial-credits': '5', 'max-users': '600' });
    for (const c of r.seconds.get('app_credits_min')) expect(c).toBeGreaterThanOrEqual(0);
    for (const c of r.seconds.get('app_credits_mean')) expect(c).toBeLessThanOrEqual(576);
  });

  it('a standard-mode instance out of credits runs at its 40% baseline, and that is what fails', () => {
    const flags = { instances: '1', containers: '2', interval: '500ms', 'step-every': '5s', 'start-users': '50', 'step-users': '50', 'max-users': '1500' };
    const unlimited = predictKtb(ktbScenario({ ...flags, 'credit-mode': 'unlimited' }));
    const standard = predictKtb(ktbScenario({ ...flags, 'credit-mode': 'standard', 'initial-credits': '0' }));
    expect(standard.summary.max_users).toBeLessThan(unlimited.summary.max_users * 0.7);
    expect(standard.summary.bottleneck).toBe('app instance CPU');
  });

  it('every copy owed is delivered on time, late, dropped or in flight, and owed = sent × room size', () => {
    fc.assert(
      fc.property(fc.constantFrom('classic', 'sharded'), fc.integer({ min: 2, max: 30 }), fc.constantFrom('100ms', '250ms', '1s'), fc.integer({ min: 1, max: 3 }), (adapter, room, interval, containers) => {
        const r = run({ ...busy, adapter, 'room-size': String(room), interval, containers: String(containers), 'max-users': '900' });
        const d = r.delivery;
        expect(d.onTime + d.late + d.dropped + d.inFlight).toBe(d.expected);
        expect(d.expected).toBe(r.summary.metrics.ws_msgs_sent.count * room);
        expect(r.summary.metrics.ws_msgs_received.count).toBe(d.onTime + d.late);
      }),
      { numRuns: 12 },
    );
  });

  it('adding instances never lowers max_users by more than one stage (the stated noise)', () => {
    const flags = { ...busy, containers: '2', 'max-users': '3000' };
    let previous = 0;
    for (const instances of [1, 2, 3]) {
      const n = run({ ...flags, instances: String(instances) }).maxUsers;
      expect(n).toBeGreaterThanOrEqual(previous - 50);
      previous = n;
    }
    // …and where the app tier is the limit, instances matter: three hold clearly more than one.
    expect(previous).toBeGreaterThan(run({ ...flags, instances: '1' }).maxUsers * 1.5);
  });

  it('an idle loop pays the base CPU (baseVcpu) per process; a loop held at its quota by messages does not', () => {
    const base = params.node.baseVcpu.value;
    expect(base).toBeGreaterThan(0);
    // Idle: two processes on one local core, 200 users, one message an hour each (about none).
    const idle = { instances: '1', containers: '2', 'app-cores': '1', profile: ['app=local', 'redis=local'] as unknown as string, interval: '1h', 'start-users': '100', 'step-users': '100', 'max-users': '200', 'step-every': '10s' };
    const quiet = run(idle);
    const seconds = quiet.durationNs / 1e9;
    expect(quiet.appCpuSeconds / seconds).toBeGreaterThan(2 * base * 0.9);
    expect(quiet.appCpuSeconds / seconds).toBeLessThan(2 * base * 1.1 + 0.01);
    // Saturated: one t3.micro-like vCPU out of credits (0.1) and more messages than it can serve uses
    // exactly its quota; were the base still charged, the messages served would fall by base ÷ cost.
    const held = { instances: '1', containers: '1', profile: ['app=local-burstable-micro', 'redis=local'] as unknown as string, 'credit-mode': 'standard', 'initial-credits': '0', interval: '500ms', 'start-users': '400', 'step-users': '1', 'max-users': '401', 'step-every': '20s' };
    const r = run(held);
    expect(r.appCpuSeconds / (r.durationNs / 1e9)).toBeCloseTo(0.1, 2);
    const noBase = simulateKtb(ktbScenario(held), { ...params, node: { ...params.node, baseVcpu: { ...params.node.baseVcpu, value: 0 } } });
    expect(r.summary.metrics.ws_msgs_received.count).toBeCloseTo(noBase.summary.metrics.ws_msgs_received.count, -2);
  });

  it('one event loop per instance is the limit with one container; from two on, the instance CPU is, and more containers gain little', () => {
    const at = (k: number) => predictKtb(ktbScenario({ ...busy, instances: '2', containers: String(k), 'max-users': '4000', interval: '500ms' }));
    const one = at(1);
    const two = at(2);
    const five = at(5);
    expect(one.summary.bottleneck).toBe('container event loop');
    expect(two.summary.max_users).toBeGreaterThan(one.summary.max_users * 1.3);
    expect(five.summary.bottleneck).toBe('app instance CPU');
    expect(five.summary.max_users).toBeLessThanOrEqual(two.summary.max_users * 1.1);
  });

  it('rooms: the cluster slot of a key is CRC16-XMODEM mod 16384, hash tags included; member spread is 1 − (1 − 1/C)^(S−1)', () => {
    expect(crc16('123456789')).toBe(0x31c3); // the check value in the Redis Cluster spec
    expect(keySlot('{room-7}:history')).toBe(keySlot('room-7'));
    expect(chanceOfMembers(2, 2)).toBeCloseTo(0.5, 12);
    expect(chanceOfMembers(10, 1)).toBe(0);
    expect(waterLevel([1, 1, 0.1], 1, 1.1)).toBeCloseTo(0.5, 12);
    expect(waterLevel([0.1, 0.1], 1, 2)).toBe(1);
  });

  it('bad flags exit 2 before anything runs, naming the flag', () => {
    expect(() => ktbScenario({ containers: '0' })).toThrow(UsageError);
    expect(() => ktbScenario({ adapter: 'fast' })).toThrow(/--adapter/);
    expect(() => ktbScenario({ 'history-share': '2' })).toThrow(/--history-share/);
    expect(() => ktbScenario({ stages: '30s' })).toThrow(/--stages/);
    expect(() => ktbScenario({ 'max-users': '50', 'start-users': '100' })).toThrow(/--max-users/);
    expect(() => ktbScenario({ 'initial-credits': '600' })).toThrow(/--initial-credits/);
  });
});
