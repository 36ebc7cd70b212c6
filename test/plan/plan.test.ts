import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/config/schema.js';
import { byCost } from '../../src/plan/decide.js';
import { judgeAll } from '../../src/plan/judge.js';
import { planResult, runPlan } from '../../src/plan/result.js';
import { searchCells, type PlanInput } from '../../src/plan/search.js';
import { judgeClause, parseSlo } from '../../src/plan/slo.js';
import { cellsOf, flagsOf, searchSpace } from '../../src/plan/space.js';
import { priceBill } from '../../src/config/prices.js';
import { replicationSeeds } from '../../src/sweep/seeds.js';
import { mergePlanParts } from '../../src/plan/merge.js';
import { toyEvaluate, toyRun, toySpec } from './toy.js';

const spec = toySpec();
const input = (load: number, slo = 'p95<200ms,delivered>=0.99', over: Partial<PlanInput> = {}): PlanInput => ({
  model: 'toy',
  spec,
  typed: {},
  load: String(load),
  slo: parseSlo(slo, spec.metrics),
  seeds: replicationSeeds(1, 3),
  boundary: 0.05,
  ...over,
});

/** Brute force, written apart from the search: judge every configuration, keep the cheapest that passes. */
async function bruteForce(inp: PlanInput): Promise<{ knobs: Record<string, string>; usd: number } | null> {
  const space = searchSpace(inp.spec, inp.typed);
  const all = cellsOf(space).flatMap((cell, ci) =>
    (space.bisected?.values ?? ['']).map((v, step) => ({ ci, step, knobs: space.bisected ? { ...cell.knobs, [space.bisected.name]: v } : cell.knobs })),
  );
  const configs = all.map((c) => flagsOf(inp.spec, inp.typed, inp.load, c.knobs));
  const verdicts = await judgeAll({ model: inp.model, spec: inp.spec, slo: inp.slo, seeds: inp.seeds, boundary: inp.boundary }, configs, toyEvaluate());
  const passing = all
    .map((c, i) => ({ ...c, pass: verdicts[i].pass, usd: priceBill(inp.spec.bill(configs[i])).usdPerMonth }))
    .filter((c) => c.pass)
    .sort((a, b) => a.usd - b.usd || a.ci - b.ci || a.step - b.step);
  return passing[0] ? { knobs: passing[0].knobs, usd: passing[0].usd } : null;
}

const loadArb = fc.integer({ min: 20, max: 6000 });
const sloArb = fc.constantFrom('p95<200ms,delivered>=0.99', 'p95<60ms', 'p50<25ms,delivered>=0.999', 'p95<0.1s');

describe('capsim plan: the search (a closed-form toy model)', () => {
  it('equals the cheapest passing point of a brute-force grid', async () => {
    await fc.assert(
      fc.asyncProperty(loadArb, sloArb, async (load, slo) => {
        const plan = await runPlan(input(load, slo), toyEvaluate());
        const brute = await bruteForce(input(load, slo));
        expect(plan.chosen ? { knobs: plan.chosen.knobs, usd: plan.chosen.usdPerMonth } : null).toEqual(brute);
      }),
      { numRuns: 60 },
    );
  });

  it('bisects: fewer simulations than the grid has configurations, and --exhaustive agrees', async () => {
    const bisect = { runs: 0 };
    const every = { runs: 0 };
    const a = await runPlan(input(1500), toyEvaluate(bisect));
    const b = await runPlan(input(1500, undefined, { exhaustive: true }), toyEvaluate(every));
    expect(a.chosen?.knobs).toEqual(b.chosen?.knobs);
    expect(a.search.configurations).toBeLessThan(b.search.configurations);
    expect(b.search.configurations).toBe(3 * 2 * 8);
    expect(bisect.runs).toBeLessThan(every.runs);
  });

  it('never picks a configuration that fails a clause when simulated again on its seeds', async () => {
    await fc.assert(
      fc.asyncProperty(loadArb, sloArb, async (load, slo) => {
        const inp = input(load, slo);
        const plan = await runPlan(inp, toyEvaluate());
        if (!plan.chosen) return;
        const flags = flagsOf(spec, {}, String(load), plan.chosen.knobs);
        for (const seed of plan.chosen.seeds) {
          const run = toyRun(flags, seed);
          for (const c of inp.slo) expect(judgeClause(c, spec.metrics[c.metric].value(run.values)).pass).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('raising the load never lowers the cost of the plan (nor makes an infeasible plan feasible)', async () => {
    await fc.assert(
      fc.asyncProperty(loadArb, fc.integer({ min: 1, max: 3000 }), sloArb, async (load, more, slo) => {
        const low = await runPlan(input(load, slo), toyEvaluate());
        const high = await runPlan(input(load + more, slo), toyEvaluate());
        if (!high.chosen) return;
        expect(low.chosen).not.toBeNull();
        expect(high.chosen.usdPerMonth).toBeGreaterThanOrEqual(low.chosen!.usdPerMonth);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the identical result for any shard count, the parts joined in any order', async () => {
    await fc.assert(
      fc.asyncProperty(loadArb, fc.integer({ min: 1, max: 8 }), async (load, n) => {
        const whole = await runPlan(input(load), toyEvaluate());
        const parts = [];
        for (let i = n; i >= 1; i--) parts.push(...(await searchCells(input(load, undefined, { shard: { index: i, count: n } }), toyEvaluate())).results);
        const joined = planResult(input(load), searchSpace(spec, {}), parts);
        expect(JSON.stringify(joined)).toBe(JSON.stringify(whole));
      }),
      { numRuns: 30 },
    );
  });

  it('is deterministic and its JSON meets the schema; the runner-up and the closest miss say why they lost', async () => {
    const a = await runPlan(input(1500), toyEvaluate());
    const b = await runPlan(input(1500), toyEvaluate());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    validate('src/plan/plan-result.schema.json', a, 'toy plan');
    expect(a.chosen).not.toBeNull();
    expect(a.runnerUp!.candidate.usdPerMonth).toBeGreaterThanOrEqual(a.chosen!.usdPerMonth);
    expect(a.runnerUp!.reason).toMatch(/USD\/month more|same cost/);
    expect(a.closestMiss!.candidate.pass).toBe(false);
    expect(a.closestMiss!.candidate.usdPerMonth).toBeLessThanOrEqual(a.chosen!.usdPerMonth);
    expect(a.closestMiss!.reason).toMatch(/^fails /);
    // Every configuration judged is listed, the chosen among them, and the chosen is the cheapest that passed.
    const passing = a.candidates.filter((c) => c.pass).sort(byCost);
    expect(passing[0]).toEqual(a.chosen);
  });

  it('replicates seeds only where a figure sits near its bound', async () => {
    const plan = await runPlan(input(1500), toyEvaluate());
    for (const c of plan.candidates) {
      const near = c.clauses.some((v) => v.margin !== null && Math.abs(v.margin) < 0.05);
      if (c.seeds.length === 1) expect(near).toBe(false);
    }
    expect(plan.candidates.some((c) => c.seeds.length === 3)).toBe(true);
    expect(plan.candidates.some((c) => c.seeds.length === 1)).toBe(true);
  });

  it('holds knobs the user gave fixed and searches the rest', async () => {
    const plan = await runPlan(input(1500, undefined, { typed: { tier: 'large' } }), toyEvaluate());
    expect(plan.search.fixedKnobs).toEqual(['tier']);
    expect(plan.search.grid.map((k) => k.name)).toEqual(['mode']);
    for (const c of plan.candidates) expect(c.bill[1].profile).toBe('c5.2xlarge');
  });

  it('reports no plan, and the configuration nearest to passing, when nothing meets the SLO', async () => {
    const plan = await runPlan(input(1e6), toyEvaluate());
    expect(plan.chosen).toBeNull();
    expect(plan.runnerUp).toBeNull();
    expect(plan.closestMiss?.candidate.pass).toBe(false);
  });
});

describe('capsim merge of plan parts (capsim plan --shard i/n)', () => {
  it('joins the parts, in any order, into the plan one run gives, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(loadArb, fc.integer({ min: 1, max: 6 }), async (load, n) => {
        const whole = await runPlan(input(load), toyEvaluate());
        const parts = [];
        for (let i = n; i >= 1; i--) {
          const part = await runPlan(input(load, undefined, { shard: { index: i, count: n } }), toyEvaluate());
          parts.push({ file: `part-${i}.json`, result: JSON.parse(JSON.stringify(part)) as typeof part });
        }
        expect(JSON.stringify(mergePlanParts(parts))).toBe(JSON.stringify(whole));
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a missing shard, a repeated one and a part of another plan', async () => {
    const part = (i: number, n: number, load = 900) => runPlan(input(load, undefined, { shard: { index: i, count: n } }), toyEvaluate());
    const [a, b, c] = await Promise.all([part(1, 3), part(2, 3), part(3, 3, 901)]);
    expect(() => mergePlanParts([{ file: 'a', result: a }, { file: 'b', result: b }])).toThrow(/missing plan shards: 3\/3/);
    expect(() => mergePlanParts([{ file: 'a', result: a }, { file: 'a2', result: a }])).toThrow(/given twice/);
    expect(() => mergePlanParts([{ file: 'a', result: a }, { file: 'c', result: c }])).toThrow(/different plan/);
  });
});
