import { priceBill, type PricedLine } from '../config/prices.js';
import { inShard, type Shard } from '../sweep/shard.js';
import { judgeAll, type Evaluate, type Verdict } from './judge.js';
import type { ClauseVerdict, SloClause } from './slo.js';
import { cellsOf, flagsOf, searchSpace, type Cell, type SearchSpace } from './space.js';
import type { PlanSpec } from './spec.js';
import type { Budget } from './budget.js';

export interface PlanInput {
  model: string;
  spec: PlanSpec;
  /** The model flags the user gave (fixed in every configuration), without the load. */
  typed: Record<string, unknown>;
  load: string;
  slo: SloClause[];
  seeds: number[];
  boundary: number;
  shard?: Shard;
  /** Judge every configuration of every cell instead of bisecting (a check on the search, or a knob that is not monotone). */
  exhaustive?: boolean;
  /** What the plan optimises: the cheapest configuration at `load`, or the most load (over `loads`) within the budget. */
  objective?: 'cost' | 'max-users';
  /** The max-users objective: loads to try, rising (the model's ladder or --load-range). */
  loads?: string[];
  /** The max-users objective: what a configuration may cost or count. */
  budget?: Budget;
  /** After every round of simulations: (configurations judged, configurations at most). */
  onProgress?: (done: number, total: number) => void;
}

/** One configuration the search simulated. */
export interface Candidate {
  cell: number;
  /** Position of the bisected knob's value (0 without one). */
  step: number;
  /** The load it was judged at (the plan's load, or for max-users the one tried). */
  load: string;
  knobs: Record<string, string>;
  usdPerMonth: number;
  bill: PricedLine[];
  pass: boolean;
  seeds: number[];
  clauses: ClauseVerdict[];
  bottleneck: string;
  resources: Array<{ name: string; utilisation: number }>;
}

/** What the search learnt in one cell: every configuration it judged, and the cheapest that passed. */
export interface CellResult {
  cell: number;
  knobs: Record<string, string>;
  candidates: Candidate[];
  /** The cell's answer (cellBest), or null when no configuration of it passed. */
  best: Candidate | null;
}

/** A cell's candidates in order: the bisected knob's position, then the load. */
export const byPosition = (a: Candidate, b: Candidate): number => a.step - b.step || Number(a.load) - Number(b.load);

/** A cell's answer from its candidates: of those that passed, the highest load, then the smallest bisected value. */
export function cellBest(candidates: readonly Candidate[]): Candidate | null {
  const passing = candidates.filter((c) => c.pass).sort((a, b) => Number(b.load) - Number(a.load) || a.step - b.step);
  return passing[0] ?? null;
}

export function candidateOf(input: PlanInput, cell: Cell, step: number, knobs: Record<string, string>, v: Verdict, load = input.load): Candidate {
  const bill = priceBill(input.spec.bill(flagsOf(input.spec, input.typed, load, knobs)));
  return {
    cell: cell.index,
    step,
    load,
    knobs,
    usdPerMonth: bill.usdPerMonth,
    bill: bill.lines,
    pass: v.pass,
    seeds: v.seeds,
    clauses: v.clauses,
    bottleneck: v.first.bottleneck,
    resources: v.first.resources.map((r) => ({ name: r.name, utilisation: r.utilisation })),
  };
}

/**
 * Searches every cell of the grid (or the cells of one shard) in lockstep rounds: each round
 * judges one configuration per unfinished cell, all at once, so they run in parallel. In a cell
 * the bisected knob is halved between the largest failing and the smallest passing position (a
 * monotone knob: more never hurts), so a cell of n values costs about log2(n + 1) judgements.
 */
export async function searchCells(input: PlanInput, evaluate: Evaluate): Promise<{ space: SearchSpace; results: CellResult[] }> {
  const space = searchSpace(input.spec, input.typed);
  const cells = cellsOf(space).filter((c) => !input.shard || inShard(c.index, input.shard));
  const values = space.bisected?.values ?? [''];
  const state = cells.map((cell) => ({ cell, lo: -1, hi: values.length, candidates: [] as Candidate[] }));
  const knobsAt = (cell: Cell, step: number): Record<string, string> => (space.bisected ? { ...cell.knobs, [space.bisected.name]: values[step] } : { ...cell.knobs });
  const total = cells.length * (input.exhaustive ? values.length : Math.ceil(Math.log2(values.length + 1)));
  let done = 0;
  const opts = { model: input.model, spec: input.spec, slo: input.slo, seeds: input.seeds, boundary: input.boundary };
  if (input.exhaustive) {
    const probes = state.flatMap((s) => values.map((_, step) => ({ s, step })));
    const verdicts = await judgeAll(opts, probes.map(({ s, step }) => flagsOf(input.spec, input.typed, input.load, knobsAt(s.cell, step))), evaluate);
    probes.forEach(({ s, step }, i) => s.candidates.push(candidateOf(input, s.cell, step, knobsAt(s.cell, step), verdicts[i])));
    for (const s of state) s.hi = s.lo = -1;
    input.onProgress?.(probes.length, total);
  }
  for (;;) {
    const active = state.filter((s) => s.hi - s.lo > 1);
    if (active.length === 0) break;
    const probes = active.map((s) => ({ s, step: Math.floor((s.lo + s.hi) / 2) }));
    const configs = probes.map(({ s, step }) => flagsOf(input.spec, input.typed, input.load, knobsAt(s.cell, step)));
    const verdicts = await judgeAll(opts, configs, evaluate);
    probes.forEach(({ s, step }, i) => {
      const c = candidateOf(input, s.cell, step, knobsAt(s.cell, step), verdicts[i]);
      s.candidates.push(c);
      if (c.pass) s.hi = step;
      else s.lo = step;
    });
    done += probes.length;
    input.onProgress?.(done, total);
  }
  const results = state.map((s) => {
    const candidates = [...s.candidates].sort(byPosition);
    return { cell: s.cell.index, knobs: s.cell.knobs, candidates, best: cellBest(candidates) };
  });
  return { space, results };
}
