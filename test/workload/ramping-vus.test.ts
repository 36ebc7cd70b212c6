import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedSteps, rampSteps, rampingVus, rampingVusPlan, type RampingVusOptions } from '../../src/workload/index.js';
import { MS, S, record, timed, valueAt } from './helpers.js';

describe('ramping-vus plan', () => {
  // k6's TestRampingVUsConfigExecutionPlanExample (lib/executor/ramping_vus_test.go).
  const startVUs = 4;
  const stages = [[6, 2], [1, 5], [5, 4], [1, 4], [4, 3], [4, 2], [1, 0], [1, 3]].map(([target, s]) => ({ target, duration: s * S }));
  const steps = (pairs: number[][]) => pairs.map(([t, vus]) => ({ t: t * S, vus }));

  it('steps the VU count along each stage\'s line exactly as k6 does', () => {
    const raw = steps([[0, 4], [1, 5], [2, 6], [3, 5], [4, 4], [5, 3], [6, 2], [7, 1], [8, 2], [9, 3], [10, 4], [11, 5], [12, 4], [13, 3], [14, 2], [15, 1], [16, 2], [17, 3], [18, 4], [20, 1]]);
    expect(rampSteps(startVUs, stages, false)).toEqual(raw);
    expect(rampSteps(startVUs, stages, true)).toEqual([...raw, { t: 23 * S, vus: 0 }]);
  });

  it('reserves ramped-down VUs for gracefulRampDown, cut off at stages + gracefulStop, as k6 does', () => {
    const raw = rampSteps(startVUs, stages, false);
    const grace = 30 * S;
    expect(allowedSteps(raw, grace, 53 * S)).toEqual(steps([[0, 4], [1, 5], [2, 6], [33, 5], [42, 4], [50, 1], [53, 0]]));
    expect(allowedSteps(raw, grace, 103 * S)).toEqual(steps([[0, 4], [1, 5], [2, 6], [33, 5], [42, 4], [50, 1], [103, 0]]));
    expect(allowedSteps(raw, grace, 26 * S)).toEqual(steps([[0, 4], [1, 5], [2, 6], [26, 0]]));
  });

  it('truncates step times to whole ns like Go, exactly, even where duration × VUs exceeds 2^53', () => {
    // 0 → 3 VUs over 1 h: VU k joins at 3600 s − ⌊3600 s·(3 − k)/3⌋.
    expect(rampSteps(0, [{ duration: 3600 * S, target: 3 }], false).map((s) => s.t)).toEqual([0, 1200 * S, 2400 * S, 3600 * S]);
    // 0 → 94,560 VUs over ~3.6 h: D·(target − k) exceeds 2^53 and floating point would put VU
    // 47,280 one ns late; Go's integer arithmetic (and BigInt) give ⌊…⌋ exactly.
    const d = 13_035_561_933_004;
    const big = rampSteps(0, [{ duration: d, target: 94_560 }], false);
    expect(big.length).toBe(94_561);
    expect(big[47_280]).toEqual({ t: 6_517_780_966_502, vus: 47_280 });
    expect(big.at(-1)).toEqual({ t: d, vus: 94_560 });
  });

  it('never plans more VUs than the stage it is in ramps between', () => {
    const stageArb = fc.record({ duration: fc.integer({ min: 0, max: 20 * S }), target: fc.integer({ min: 0, max: 12 }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.array(stageArb, { minLength: 1, maxLength: 5 }), (start, st) => {
        const steps = rampSteps(start, st, false);
        let from = start;
        let begin = 0;
        const bounds = st.map((s) => {
          const b = { begin, end: begin + s.duration, lo: Math.min(from, s.target), hi: Math.max(from, s.target) };
          [from, begin] = [s.target, b.end];
          return b;
        });
        for (const { t, vus } of steps.slice(1)) {
          expect(bounds.some((b) => b.begin <= t && t <= b.end && b.lo <= vus && vus <= b.hi)).toBe(true);
        }
        expect(steps.at(-1)!.vus).toBe(st.at(-1)!.target);
      }),
    );
  });
});

describe('ramping-vus executor', () => {
  it('k6 TestRampingVUsRun: 5 VUs for 1 s, 3 VUs for 1 s, 300 ms iterations → 29 iterations begun', () => {
    const r = record((sim, hooks) =>
      rampingVus({
        startVUs: 5,
        gracefulStop: 0,
        gracefulRampDown: 0,
        stages: [{ duration: '1s', target: 5 }, { duration: 0, target: 3 }, { duration: '1s', target: 3 }],
      }).start(sim, timed(() => 300 * MS), hooks),
    );
    expect(r.stats).toMatchObject({ started: 29, interrupted: 5, completed: 24, finishedAt: 2 * S });
    expect([500 * MS, 1500 * MS, 2500 * MS].map((t) => valueAt(r.stats.vusSeries, t))).toEqual([5, 3, 0]);
  });

  it('k6 TestRampingVUsHandleRemainingVUs: a ramped-down VU is interrupted after gracefulRampDown, the other finishes', () => {
    const r = record((sim, hooks) =>
      rampingVus({
        startVUs: 0,
        gracefulStop: '50ms',
        gracefulRampDown: '30ms',
        stages: [{ duration: '10ms', target: 2 }, { duration: '40ms', target: 0 }],
      }).start(sim, timed(() => 65 * MS), hooks),
    );
    // VU 1 joins at 5 ms, VU 2 at 10 ms; VU 2 leaves at 30 ms (cut at 60 ms), VU 1 at 50 ms (ends 70 ms).
    expect(r.ends).toEqual([
      { t: 60 * MS, vu: 2, iteration: 0, outcome: 'interrupted' },
      { t: 70 * MS, vu: 1, iteration: 0, outcome: 'completed' },
    ]);
    expect(r.stats.finishedAt).toBe(70 * MS);
  });

  it('k6 TestRampingVUsRampDownNoWobble: ramping down lowers the VU count one by one', () => {
    // k6's test uses gracefulStop 0 with sleeps a hard stop cannot cut short; here a hard stop
    // really interrupts, so give the last iterations time to end on their own.
    const r = record((sim, hooks) =>
      rampingVus({
        startVUs: 0,
        gracefulStop: '1s',
        gracefulRampDown: '1s',
        stages: [{ duration: '3s', target: 10 }, { duration: '2s', target: 0 }],
      }).start(sim, timed(() => 500 * MS), hooks),
    );
    const down = r.stats.vusSeries.filter((c) => c.t >= 3 * S).map((c) => c.vus);
    expect(down).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('a VU re-added while finishing its ramped-down iteration keeps looping without interruption', () => {
    const r = record((sim, hooks) =>
      rampingVus({
        startVUs: 2,
        gracefulRampDown: '10s',
        // 2 VUs; at 1 s down to 1, at 1.2 s back to 2; VU 2's first iteration runs 0–1.5 s.
        stages: [
          { duration: '1s', target: 2 },
          { duration: 0, target: 1 },
          { duration: '200ms', target: 1 },
          { duration: 0, target: 2 },
          { duration: '2s', target: 2 },
        ],
      }).start(sim, timed(() => 1500 * MS), hooks),
    );
    expect(r.starts.filter((s) => s.vu === 2).map((s) => s.t)).toEqual([0, 1500 * MS, 3000 * MS]);
    expect(r.stats.interrupted).toBe(0);
  });

  const optionsArb = fc
    .record({
      startVUs: fc.integer({ min: 0, max: 6 }),
      stages: fc.array(fc.record({ duration: fc.integer({ min: 0, max: 10 * S }), target: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 4 }),
      gracefulRampDown: fc.integer({ min: 0, max: 5 * S }),
      gracefulStop: fc.integer({ min: 0, max: 5 * S }),
    })
    .filter((o) => Math.max(o.startVUs, ...o.stages.map((s) => s.target)) > 0);
  const timesArb = fc.array(fc.integer({ min: 50 * MS, max: 4 * S }), { minLength: 1, maxLength: 8 });

  it('never runs more VUs than the stage targets allow, and only VUs the plan wants begin iterations', () => {
    fc.assert(
      fc.property(optionsArb, timesArb, (options: RampingVusOptions, times) => {
        const plan = rampingVusPlan(options);
        const r = record((sim, hooks) =>
          rampingVus(options).start(sim, timed((vu) => times[(vu.id + vu.iteration) % times.length]), hooks),
        );
        const ceiling = Math.max(options.startVUs ?? 1, ...options.stages.map((s) => s.target));
        for (const { t, vus } of r.stats.vusSeries) {
          expect(vus).toBeLessThanOrEqual(ceiling);
          expect(vus).toBeLessThanOrEqual(valueAt(plan.allowed, t));
        }
        for (const s of r.starts) expect(s.vu).toBeLessThanOrEqual(valueAt(plan.planned, s.t));
        for (const { n, vus } of r.inFlight) expect(n).toBeLessThanOrEqual(vus);
        const hardStops = new Set(plan.allowed.map((s) => s.t));
        for (const e of r.ends) if (e.outcome === 'interrupted') expect(hardStops.has(e.t)).toBe(true);
        expect(r.stats.finishedAt).toBeGreaterThanOrEqual(plan.end);
        expect(r.stats.finishedAt).toBeLessThanOrEqual(plan.end + (options.gracefulStop as number));
        expect(r.stats.vusMax).toBe(ceiling);
      }),
    );
  });
});
