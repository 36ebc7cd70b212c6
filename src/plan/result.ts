import type { Budget } from './budget.js';
import { decide, decideMostLoad } from './decide.js';
import { searchMostLoad } from './most-load.js';
import type { Evaluate } from './judge.js';
import { searchCells, type Candidate, type CellResult, type PlanInput } from './search.js';
import type { SloClause } from './slo.js';
import type { SearchSpace } from './space.js';

/** A knob as the result lists it. */
interface KnobOut {
  name: string;
  flag: string;
  values: string[];
}

/** What `capsim plan --json` prints (src/plan/plan-result.schema.json). */
export interface PlanResult {
  format: 'capsim-plan/1';
  model: string;
  /** cost: the cheapest configuration at the load; max-users: the most load within the budget. */
  objective: 'cost' | 'max-users';
  /** The load planned for, or for max-users the loads tried as written (e.g. 200..8000:100). */
  load: { flag: string; value: string };
  /** max-users: what a configuration may cost or count; null for the cheapest objective. */
  budget: Budget | null;
  slo: SloClause[];
  /** The model flags the user gave, held fixed. */
  fixed: Record<string, string | string[]>;
  search: {
    grid: KnobOut[];
    bisected: KnobOut | null;
    fixedKnobs: string[];
    exhaustive: boolean;
    cells: number;
    configurations: number;
    simulations: number;
    seeds: number[];
    boundary: number;
    /** max-users: the loads bisected per configuration, rising; null for the cheapest objective. */
    loads: string[] | null;
    shard: { index: number; count: number } | null;
  };
  chosen: Candidate | null;
  runnerUp: { candidate: Candidate; reason: string } | null;
  closestMiss: { candidate: Candidate; reason: string } | null;
  /** Every configuration judged, in cell then bisection order. */
  candidates: Candidate[];
}

const knobOut = (k: { name: string; flag: string; role?: string; values: string[] }): KnobOut => ({ name: k.name, flag: k.role ? `${k.flag} ${k.role}=` : k.flag, values: k.values });

/** JSON has no NaN or infinity: a figure a run lacked, or its margin, becomes null. */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as T;
}

function stringFlags(flags: Record<string, unknown>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
}

/** Assembles the result from cells' results (one run, or the shards of one plan joined). */
export function planResult(input: PlanInput, space: SearchSpace, results: readonly CellResult[]): PlanResult {
  const sorted = [...results].sort((a, b) => a.cell - b.cell);
  const candidates = sorted.flatMap((r) => r.candidates);
  const mostLoad = input.objective === 'max-users';
  return jsonSafe({
    format: 'capsim-plan/1' as const,
    model: input.model,
    objective: mostLoad ? ('max-users' as const) : ('cost' as const),
    load: { flag: input.spec.load.flag, value: input.load },
    budget: mostLoad ? (input.budget ?? { usdPerMonth: null, caps: {} }) : null,
    slo: input.slo,
    fixed: stringFlags(input.typed),
    search: {
      grid: space.grid.map(knobOut),
      bisected: space.bisected ? knobOut(space.bisected) : null,
      fixedKnobs: space.fixed,
      exhaustive: input.exhaustive ?? false,
      // Cells with a configuration judged: a max-users budget may leave some with none.
      cells: sorted.filter((r) => r.candidates.length > 0).length,
      configurations: candidates.length,
      simulations: candidates.reduce((n, c) => n + c.seeds.length, 0),
      seeds: input.seeds,
      boundary: input.boundary,
      loads: mostLoad ? (input.loads ?? [input.load]) : null,
      shard: input.shard ?? null,
    },
    ...(mostLoad ? decideMostLoad(sorted, input.spec.load.flag) : decide(sorted)),
    candidates,
  });
}

/** Searches and decides: the cheapest configuration that meets every clause, or the one that holds the most load within the budget. */
export async function runPlan(input: PlanInput, evaluate: Evaluate): Promise<PlanResult> {
  const { space, results } = await (input.objective === 'max-users' ? searchMostLoad(input, evaluate) : searchCells(input, evaluate));
  return planResult(input, space, results);
}
