import { UsageError } from '../cli/usage-error.js';
import { decide, decideMostLoad } from './decide.js';
import type { PlanResult } from './result.js';
import { byPosition, cellBest, type CellResult } from './search.js';

/** Everything that fixes a plan's search; the shards of one plan share it exactly. */
function header(r: PlanResult): string {
  const { cells: _c, configurations: _n, simulations: _s, shard: _sh, ...search } = r.search;
  return JSON.stringify({ model: r.model, objective: r.objective, load: r.load, budget: r.budget, slo: r.slo, fixed: r.fixed, search });
}

/**
 * Joins the parts of one plan searched with --shard i/n into the plan one run gives: the cells
 * are independent, so their candidates decide the same answer. A cell's best is its smallest
 * passing position (bisection ends there; exhaustive search keeps the first pass too).
 */
export function mergePlanParts(parts: ReadonlyArray<{ file: string; result: PlanResult }>): PlanResult {
  if (parts.length === 0) throw new UsageError('merge needs at least one plan part');
  const first = parts[0];
  const count = first.result.search.shard?.count;
  const seen = new Set<number>();
  for (const { file, result } of parts) {
    if (header(result) !== header(first.result)) throw new UsageError(`${file} is from a different plan than ${first.file} (model, load, SLO, flags or search differ)`);
    const shard = result.search.shard;
    if (!shard || shard.count !== count) throw new UsageError(`${file} is not shard i/${count ?? 'n'} of a plan run with --shard`);
    if (seen.has(shard.index)) throw new UsageError(`shard ${shard.index}/${count} is given twice (${file})`);
    seen.add(shard.index);
  }
  const missing = Array.from({ length: count! }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`missing plan shards: ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  const bisected = first.result.search.bisected?.name;
  const byCell = new Map<number, CellResult>();
  for (const c of parts.flatMap((p) => p.result.candidates)) {
    // JSON holds a missing figure's margin as null; the search compared it as −∞.
    const candidate = { ...c, clauses: c.clauses.map((v) => ({ ...v, margin: v.margin ?? Number.NEGATIVE_INFINITY, value: v.value ?? Number.NaN })) };
    const knobs = Object.fromEntries(Object.entries(c.knobs).filter(([k]) => k !== bisected));
    const cell = byCell.get(c.cell) ?? { cell: c.cell, knobs, candidates: [], best: null };
    cell.candidates.push(candidate);
    byCell.set(c.cell, cell);
  }
  const cells = [...byCell.values()].sort((a, b) => a.cell - b.cell);
  for (const cell of cells) {
    cell.candidates.sort(byPosition);
    cell.best = cellBest(cell.candidates);
  }
  const candidates = cells.flatMap((r) => r.candidates);
  const merged: PlanResult = {
    ...first.result,
    search: {
      ...first.result.search,
      cells: cells.length,
      configurations: candidates.length,
      simulations: candidates.reduce((n, c) => n + c.seeds.length, 0),
      shard: null,
    },
    ...(first.result.objective === 'max-users' ? decideMostLoad(cells, first.result.load.flag) : decide(cells)),
    candidates,
  };
  return JSON.parse(JSON.stringify(merged, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as PlanResult;
}
