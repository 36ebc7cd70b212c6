import { priceBill } from '../config/prices.js';
import { inShard } from '../sweep/shard.js';
import { overBudget, type Budget } from './budget.js';
import { judgeAll, type Evaluate } from './judge.js';
import { byPosition, candidateOf, cellBest, type Candidate, type CellResult, type PlanInput } from './search.js';
import { cellsOf, flagsOf, searchSpace, type Cell, type SearchSpace } from './space.js';

/** Where one cell's search stands: first the load its largest affordable configuration holds, then the cheapest that holds it. */
interface CellState {
  cell: Cell;
  /** Positions of the bisected knob within the budget, rising. */
  steps: number[];
  phase: 'load' | 'knob' | 'done';
  /** Load phase: indices into the loads, largest passing (−1: none yet) and smallest failing (loads.length: none yet). */
  lo: number;
  hi: number;
  /** Knob phase: indices into steps, largest failing and smallest passing at the load held. */
  kLo: number;
  kHi: number;
  /** Load indices to probe before bisecting: the top first, then where the model says the run held (spec.load.held). */
  guesses: number[];
  candidates: Candidate[];
}

/** The largest load index at or below a load a run held, or −1. */
function indexAtOrBelow(loads: readonly string[], held: number): number {
  let i = -1;
  while (i + 1 < loads.length && Number(loads[i + 1]) <= held) i++;
  return i;
}

const NO_BUDGET: Budget = { usdPerMonth: null, caps: {} };

/**
 * The max-users objective: in every cell of the grid, the largest configuration within the budget
 * is judged at loads bisected over the ladder (a configuration that meets the SLO at a load meets
 * it at every lower one), which finds the most load the cell can hold to one step of the ladder;
 * then the bisected knob is bisected at that load for the cheapest configuration that still holds
 * it (more of the knob never holds less). Cells run in lockstep rounds, as the cheapest search's do.
 * A model that measures the load a run held (spec.load.held) is probed at the top first, then where
 * that run stopped holding and one step above: with a monotone load that is the answer in three
 * judgements, and a guess outside the bracket is skipped, so under a monotone load the answer is the one
 * bisection finds.
 */
export async function searchMostLoad(input: PlanInput, evaluate: Evaluate): Promise<{ space: SearchSpace; results: CellResult[] }> {
  const loads = input.loads ?? [input.load];
  const budget = input.budget ?? NO_BUDGET;
  const space = searchSpace(input.spec, input.typed);
  const values = space.bisected?.values ?? [''];
  const knobsAt = (cell: Cell, step: number): Record<string, string> => (space.bisected ? { ...cell.knobs, [space.bisected.name]: values[step] } : { ...cell.knobs });
  const flagsAt = (cell: Cell, step: number, load: string) => flagsOf(input.spec, input.typed, load, knobsAt(cell, step));
  const affordable = (cell: Cell, step: number): boolean => {
    const flags = flagsAt(cell, step, loads.at(-1)!);
    return overBudget(input.spec, budget, flags, priceBill(input.spec.bill(flags)).usdPerMonth) === null;
  };
  const state: CellState[] = cellsOf(space)
    .filter((c) => !input.shard || inShard(c.index, input.shard))
    .map((cell) => {
      const steps = values.map((_, i) => i).filter((i) => affordable(cell, i));
      const guesses = input.spec.load.held ? [loads.length - 1] : [];
      return { cell, steps, phase: steps.length ? 'load' : 'done', lo: -1, hi: loads.length, kLo: -1, kHi: steps.length - 1, guesses, candidates: [] } as CellState;
    });
  const perCell = Math.ceil(Math.log2(loads.length + 1)) + Math.ceil(Math.log2(values.length));
  const total = state.filter((s) => s.phase !== 'done').length * perCell;
  let done = 0;
  const opts = { model: input.model, spec: input.spec, slo: input.slo, seeds: input.seeds, boundary: input.boundary };
  for (;;) {
    const probes = state.flatMap((s) => {
      if (s.phase === 'load') {
        while (s.guesses.length && !(s.guesses[0] > s.lo && s.guesses[0] < s.hi)) s.guesses.shift();
        return [{ s, step: s.steps.at(-1)!, load: s.guesses.shift() ?? Math.floor((s.lo + s.hi) / 2) }];
      }
      if (s.phase === 'knob') return [{ s, step: s.steps[Math.floor((s.kLo + s.kHi) / 2)], load: s.lo }];
      return [];
    });
    if (probes.length === 0) break;
    const verdicts = await judgeAll(opts, probes.map((p) => flagsAt(p.s.cell, p.step, loads[p.load])), evaluate);
    probes.forEach(({ s, step, load }, i) => {
      const c = candidateOf(input, s.cell, step, knobsAt(s.cell, step), verdicts[i], loads[load]);
      s.candidates.push(c);
      if (s.phase === 'load') {
        if (c.pass) s.lo = load;
        else s.hi = load;
        // A failing run that measured where it stopped holding: try there, then one step above it.
        const held = !c.pass && input.spec.load.held ? indexAtOrBelow(loads, input.spec.load.held(verdicts[i].first.values)) : -1;
        if (held >= 0) s.guesses = [held, held + 1];
        if (s.hi - s.lo <= 1) s.phase = s.lo >= 0 && s.kHi - s.kLo > 1 ? 'knob' : 'done';
      } else {
        const at = Math.floor((s.kLo + s.kHi) / 2);
        if (c.pass) s.kHi = at;
        else s.kLo = at;
        if (s.kHi - s.kLo <= 1) s.phase = 'done';
      }
    });
    done += probes.length;
    input.onProgress?.(done, Math.max(done, total));
  }
  const results = state.map((s) => {
    const candidates = [...s.candidates].sort(byPosition);
    return { cell: s.cell.index, knobs: s.cell.knobs, candidates, best: cellBest(candidates) };
  });
  return { space, results };
}
