import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import type { CapsimModel } from '../../models/registry.js';
import { validate } from '../../src/config/schema.js';
import { byCost } from '../../src/plan/decide.js';
import type { Evaluate } from '../../src/plan/judge.js';
import { runPlan, type PlanResult } from '../../src/plan/result.js';
import type { PlanInput } from '../../src/plan/search.js';
import { judgeClause, parseSlo } from '../../src/plan/slo.js';
import { flagsOf } from '../../src/plan/space.js';
import { planText } from '../../src/plan/text.js';
import type { PlanSpec } from '../../src/plan/spec.js';
import { runJobs } from '../../src/sweep/pool.js';
import { recordOf } from '../../src/sweep/run-record.js';
import { replicationSeeds } from '../../src/sweep/seeds.js';

// In this thread: the same simulations the CLI runs on worker threads.
const evaluate: Evaluate = async (jobs) => (jobs.length === 0 ? [] : runJobs(findModel(jobs[0].model)!, jobs, 1, undefined));

function planInput(model: CapsimModel, spec: PlanSpec, load: string, slo: string, typed: Record<string, unknown>, exhaustive = false): PlanInput {
  return { model: model.name, spec, typed, load, slo: parseSlo(slo, spec.metrics), seeds: replicationSeeds(1, 3), boundary: 0.05, exhaustive };
}

/** Simulates a configuration again on each of its seeds and judges every clause afresh. */
function holdsOnResimulation(model: CapsimModel, input: PlanInput, plan: PlanResult): void {
  const c = plan.chosen!;
  const flags = flagsOf(input.spec, input.typed, input.load, c.knobs);
  for (const seed of c.seeds) {
    const record = recordOf(model, model.predict({ ...flags, seed: String(seed) }), seed);
    for (const clause of input.slo) expect(judgeClause(clause, input.spec.metrics[clause.metric].value(record.values)).pass, `${clause.text} at seed ${seed}`).toBe(true);
  }
}

const chat = findModel('chat')!;
const knob = (spec: PlanSpec, name: string) => spec.knobs.find((k) => k.name === name)!;

describe('capsim plan chat: how many tasks before Redis egress', () => {
  // One Redis node (the write-up's cache.t4g.small), the subscription mode and 1–6 tasks: 10 configurations.
  const spec: PlanSpec = { ...chat.plan!, knobs: [knob(chat.plan!, 'subscription'), { ...knob(chat.plan!, 'tasks'), values: ['1', '2', '3', '4', '6'] }] };
  const typed = { interval: '1s', iterations: '1', session: '10s', profile: ['redis=cache.t4g.small'] };
  const slo = 'delivered>=0.9,p95<300ms';

  it('the bisected plan equals the cheapest passing point of the exhaustive grid, and holds on re-simulation', async () => {
    const input = planInput(chat, spec, '100', slo, typed);
    const plan = await runPlan(input, evaluate);
    const grid = await runPlan(planInput(chat, spec, '100', slo, typed, true), evaluate);
    expect(grid.candidates).toHaveLength(10);
    const cheapest = grid.candidates.filter((c) => c.pass).sort(byCost)[0] ?? null;
    expect(plan.chosen?.knobs).toEqual(cheapest?.knobs);
    expect(plan.search.configurations).toBeLessThan(grid.search.configurations);
    validate('src/plan/plan-result.schema.json', plan, 'chat plan');
    if (plan.chosen) holdsOnResimulation(chat, input, plan);

    // Per connection, tasks help until Redis egress binds; from there on no task count passes, and
    // the plan escapes by subscribing once per process instead of buying tasks.
    const perConnection = grid.candidates.filter((c) => c.knobs.subscription === 'per-connection');
    const firstEgress = perConnection.findIndex((c) => c.bottleneck === 'Redis egress');
    expect(firstEgress).toBeGreaterThanOrEqual(0);
    for (const c of perConnection.slice(firstEgress)) {
      expect(c.bottleneck).toBe('Redis egress');
      expect(c.pass).toBe(false);
    }
    expect(plan.chosen?.knobs.subscription).toBe('per-process');
    // Tasks only ever help per process: every smaller count fails, every larger one passes.
    const perProcess = grid.candidates.filter((c) => c.knobs.subscription === 'per-process');
    for (const c of perProcess) expect(c.pass).toBe(Number(c.knobs.tasks) >= Number(plan.chosen?.knobs.tasks));
  }, 600_000);
});

describe('capsim plan feed: what to buy for 500 RPS', () => {
  const feed = findModel('feed')!;
  const spec: PlanSpec = { ...feed.plan!, knobs: [knob(feed.plan!, 'max-connections'), { ...knob(feed.plan!, 'tasks'), values: ['1', '2', '4'] }] };
  const typed = { db: 'mysql', 'task-vcpu': '4', duration: '20s' };

  it('500 VUs that sleep 1 s after each POST cannot make 500 requests per second: no configuration passes', async () => {
    const input = planInput(feed, spec, '500', 'rps>=500', typed);
    const plan = await runPlan(input, evaluate);
    expect(plan.chosen).toBeNull();
    // The closed loop's own bound: each VU does at most one request per (1 s + response time).
    for (const c of plan.candidates) expect(c.clauses[0].value).toBeLessThan(500);
    expect(plan.closestMiss?.reason).toMatch(/^fails rps>=500/);
  }, 600_000);

  it('the write-up’s case b (max_connections 150, 2 tasks) fails checks>=0.99; the plan buys one that passes on re-simulation', async () => {
    const input = planInput(feed, spec, '500', 'checks>=0.99', typed);
    const plan = await runPlan(input, evaluate);
    const caseB = recordOf(feed, feed.predict({ ...flagsOf(spec, typed, '500', { 'max-connections': '150', tasks: '2' }), seed: '1' }), 1);
    expect(caseB.values['checks.value']).toBeLessThan(0.99);
    expect(plan.chosen).not.toBeNull();
    expect(plan.chosen!.knobs).not.toEqual({ 'max-connections': '150', tasks: '2' });
    holdsOnResimulation(feed, input, plan);
  }, 600_000);
});

describe('capsim plan ktb-chat --objective max-users: the most users on at most 30 t3.small', () => {
  const ktb = findModel('ktb-chat')!;
  // The write-up's architecture but the backend instances: 5 containers, 5 masters + 5 replicas, classic adapter.
  const typed = { containers: '5', 'redis-masters': '5', adapter: 'classic', 'credit-mode': 'unlimited' };
  const budget = { usdPerMonth: null, caps: { instances: 30 } };
  const loads = ['200', '600', '1000', '1400', '1800', '2200', '2600', '3000'];

  it('keeps backend and Redis nodes within 30, holds its load on re-simulation, and fewer instances or one step more fail (printed, checked blind)', async () => {
    const spec = ktb.plan!;
    const input: PlanInput = { ...planInput(ktb, spec, '200..3000:400', spec.defaultSlo!, typed), objective: 'max-users', loads, budget };
    const plan = await runPlan(input, evaluate);
    validate('src/plan/plan-result.schema.json', plan, 'ktb-chat plan');
    console.log(planText(plan));
    expect(plan.chosen).not.toBeNull();
    const c = plan.chosen!;
    // The cap counts every t3.small: backend instances and the 5 masters' 10 Redis nodes.
    for (const k of plan.candidates) expect(Number(k.knobs.instances) + 10).toBeLessThanOrEqual(30);
    expect(c.bill.map((l) => [l.role, l.profile, l.count])).toEqual([['app instance', 't3.small', Number(c.knobs.instances)], ['Redis node', 't3.small', 10]]);
    const held = { ...input, load: c.load };
    holdsOnResimulation(ktb, held, plan);
    const maxUsers = recordOf(ktb, ktb.predict({ ...flagsOf(spec, typed, c.load, c.knobs), seed: '1' }), 1).values.max_users;
    expect(maxUsers).toBe(Number(c.load));
    if (c.load !== loads.at(-1)) expect(plan.closestMiss?.candidate.pass).toBe(false);
    // The cheapest that holds it: every smaller instance count judged at that load failed.
    for (const k of plan.candidates.filter((k) => k.load === c.load && Number(k.knobs.instances) < Number(c.knobs.instances))) expect(k.pass).toBe(false);
  }, 600_000);
});
