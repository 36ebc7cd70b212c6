import type { RunJob, RunRecord } from '../sweep/run-record.js';
import { judgeClause, type ClauseVerdict, type SloClause } from './slo.js';
import type { PlanSpec } from './spec.js';

/** Runs simulations and returns their records in job order (src/sweep/pool.ts in the CLI; in-thread in tests). */
export type Evaluate = (jobs: readonly RunJob[]) => Promise<RunRecord[]>;

/** How a configuration fared: every clause at its worst over the seeds simulated. */
export interface Verdict {
  pass: boolean;
  seeds: number[];
  clauses: ClauseVerdict[];
  /** The first seed's run: what the bottleneck and resources are read from. */
  first: RunRecord;
}

export interface JudgeOptions {
  model: string;
  spec: PlanSpec;
  slo: readonly SloClause[];
  /** Seeds in order: the first always runs, the rest only near a bound. */
  seeds: readonly number[];
  /** A verdict whose smallest |margin| is below this is replicated over every seed. */
  boundary: number;
}

function verdictOf(o: JudgeOptions, runs: readonly RunRecord[]): Verdict {
  const clauses = o.slo.map((c) => {
    const each = runs.map((r) => judgeClause(c, o.spec.metrics[c.metric].value(r.values)));
    // The worst seed speaks for the clause: a pass must hold on every seed simulated.
    return each.reduce((worst, v) => (!(v.margin >= worst.margin) ? v : worst));
  });
  return { pass: clauses.every((c) => c.pass), seeds: runs.map((r) => r.seed), clauses, first: runs[0] };
}

const nearBound = (v: Verdict, boundary: number): boolean => v.clauses.some((c) => Number.isFinite(c.margin) && Math.abs(c.margin) < boundary);

/**
 * Judges configurations together (so the evaluator can run them in parallel): the first seed for
 * all, then every other seed for those whose margin to some bound is under `boundary`.
 */
export async function judgeAll(o: JudgeOptions, configs: ReadonlyArray<Record<string, unknown>>, evaluate: Evaluate): Promise<Verdict[]> {
  const firstRuns = await evaluate(configs.map((flags) => ({ model: o.model, flags, seed: o.seeds[0] })));
  const verdicts = firstRuns.map((r) => verdictOf(o, [r]));
  const again = verdicts.map((v, i) => (o.seeds.length > 1 && nearBound(v, o.boundary) ? i : -1)).filter((i) => i >= 0);
  const more = o.seeds.slice(1);
  const extra = await evaluate(again.flatMap((i) => more.map((seed) => ({ model: o.model, flags: configs[i], seed }))));
  again.forEach((i, k) => {
    verdicts[i] = verdictOf(o, [firstRuns[i], ...extra.slice(k * more.length, (k + 1) * more.length)]);
  });
  return verdicts;
}
