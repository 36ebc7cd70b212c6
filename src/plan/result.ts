import { decide } from './decide.js';
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
  load: { flag: string; value: string };
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
  return jsonSafe({
    format: 'capsim-plan/1' as const,
    model: input.model,
    load: { flag: input.spec.load.flag, value: input.load },
    slo: input.slo,
    fixed: stringFlags(input.typed),
    search: {
      grid: space.grid.map(knobOut),
      bisected: space.bisected ? knobOut(space.bisected) : null,
      fixedKnobs: space.fixed,
      exhaustive: input.exhaustive ?? false,
      cells: sorted.length,
      configurations: candidates.length,
      simulations: candidates.reduce((n, c) => n + c.seeds.length, 0),
      seeds: input.seeds,
      boundary: input.boundary,
      shard: input.shard ?? null,
    },
    ...decide(sorted),
    candidates,
  });
}

/** Searches and decides: the cheapest configuration that meets every clause. */
export async function runPlan(input: PlanInput, evaluate: Evaluate): Promise<PlanResult> {
  const { space, results } = await searchCells(input, evaluate);
  return planResult(input, space, results);
}
