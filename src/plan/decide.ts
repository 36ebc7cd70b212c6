import type { Candidate, CellResult } from './search.js';

/** The plan's answer from the cells' results, in any order or from any shards. */
export interface Decision {
  chosen: Candidate | null;
  /** The cheapest passing configuration of another cell, and why it lost. */
  runnerUp: { candidate: Candidate; reason: string } | null;
  /** The most expensive failing configuration no dearer than the chosen (or the nearest to passing when none passed), and what it failed. */
  closestMiss: { candidate: Candidate; reason: string } | null;
}

const usd = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Cheaper first; at equal cost the earlier cell, then the smaller bisected value: the search's own order. */
export const byCost = (a: Candidate, b: Candidate): number => a.usdPerMonth - b.usdPerMonth || a.cell - b.cell || a.step - b.step;

const worstMargin = (c: Candidate): number => Math.min(...c.clauses.map((v) => v.margin));

export function failedClauses(c: Candidate): string {
  return c.clauses
    .filter((v) => !v.pass)
    .map((v) => `${v.clause} (${Number.isFinite(v.value) ? +v.value.toPrecision(4) : 'no such figure'})`)
    .join(', ');
}

export function decide(results: readonly CellResult[]): Decision {
  const cells = [...results].sort((a, b) => a.cell - b.cell);
  const bests = cells.flatMap((r) => (r.best ? [r.best] : [])).sort(byCost);
  const chosen = bests[0] ?? null;
  // The next cheapest way to buy it: a passing configuration of another cell with a different bill,
  // or, if every other passing one costs the same lines, the next in search order.
  const sameBill = (c: Candidate): boolean => JSON.stringify(c.bill) === JSON.stringify(chosen?.bill);
  const second = bests.slice(1).find((c) => !sameBill(c)) ?? bests[1];
  const runnerUp = chosen && second
    ? {
        candidate: second,
        reason:
          second.usdPerMonth > chosen.usdPerMonth
            ? `costs ${usd(second.usdPerMonth - chosen.usdPerMonth)} USD/month more`
            : `same cost; the search prefers earlier knob values (${Object.entries(chosen.knobs).map(([k, v]) => `${k}=${v}`).join(' ')})`,
      }
    : null;
  const failed = cells.flatMap((r) => r.candidates).filter((c) => !c.pass);
  const miss = chosen
    ? failed.filter((c) => c.usdPerMonth <= chosen.usdPerMonth).sort((a, b) => b.usdPerMonth - a.usdPerMonth || worstMargin(b) - worstMargin(a) || byCost(a, b))[0]
    : failed.sort((a, b) => worstMargin(b) - worstMargin(a) || byCost(a, b))[0];
  const closestMiss = miss ? { candidate: miss, reason: `fails ${failedClauses(miss)}` } : null;
  return { chosen, runnerUp, closestMiss };
}

/** More load first; at equal load the cheaper, then the search's own order. */
export const byLoadHeld = (a: Candidate, b: Candidate): number => Number(b.load) - Number(a.load) || byCost(a, b);

/**
 * The max-users objective's answer: the cell whose best holds the most load (cheaper at a tie);
 * the runner-up is the next cell's best, and the miss is what the chosen cell failed one step above
 * the load it holds (why it holds no more).
 */
export function decideMostLoad(results: readonly CellResult[], loadFlag: string): Decision {
  const cells = [...results].sort((a, b) => a.cell - b.cell);
  const bests = cells.flatMap((r) => (r.best ? [r.best] : [])).sort(byLoadHeld);
  const chosen = bests[0] ?? null;
  const sameBill = (c: Candidate): boolean => JSON.stringify(c.bill) === JSON.stringify(chosen?.bill);
  const second = bests.slice(1).find((c) => !sameBill(c) || c.load !== chosen?.load) ?? bests[1];
  let runnerUp: Decision['runnerUp'] = null;
  if (chosen && second) {
    const fewer = Number(chosen.load) - Number(second.load);
    const reason =
      fewer > 0
        ? `holds ${fewer.toLocaleString('en-US')} ${loadFlag} less (${Number(second.load).toLocaleString('en-US')})`
        : second.usdPerMonth > chosen.usdPerMonth
          ? `holds the same ${loadFlag} but costs ${usd(second.usdPerMonth - chosen.usdPerMonth)} USD/month more`
          : `same load and cost; the search prefers earlier knob values (${Object.entries(chosen.knobs).map(([k, v]) => `${k}=${v}`).join(' ')})`;
    runnerUp = { candidate: second, reason };
  }
  const failed = cells.flatMap((r) => r.candidates).filter((c) => !c.pass);
  const miss = chosen
    ? failed.filter((c) => c.cell === chosen.cell && Number(c.load) > Number(chosen.load)).sort((a, b) => Number(a.load) - Number(b.load) || b.step - a.step)[0]
    : failed.sort((a, b) => worstMargin(b) - worstMargin(a) || byCost(a, b))[0];
  const closestMiss = miss ? { candidate: miss, reason: `at ${loadFlag}=${miss.load} fails ${failedClauses(miss)}` } : null;
  return { chosen, runnerUp, closestMiss };
}
