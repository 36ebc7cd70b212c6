import type { PlanResult } from './result.js';
import type { Candidate } from './search.js';
import { budgetText } from './budget.js';

const usd = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const knobsText = (c: Candidate): string => Object.entries(c.knobs).map(([k, v]) => `${k}=${v}`).join(' ') || '(no knobs searched)';
const pct = (x: number | null): string => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`);
const figure = (x: number | null): string => (x === null ? 'none' : (+x.toPrecision(4)).toLocaleString('en-US'));

function billText(c: Candidate): string {
  return c.bill.map((l) => `${l.count} × ${l.role} ${l.profile}${l.vcpus !== undefined ? ` (${l.vcpus} vCPU, ${l.memoryGiB} GiB)` : ''} ${usd(l.usdPerMonth)}`).join(' + ');
}

function marginsText(c: Candidate): string {
  const clauses = c.clauses.map((v) => `${v.clause}: ${figure(v.value as number | null)} (${pct(v.margin as number | null)})`).join('; ');
  return `${clauses} — worst of ${c.seeds.length} seed${c.seeds.length > 1 ? 's' : ''}`;
}

/** The plan as a person reads it: what to buy, what it costs, how close it runs, and what lost. */
export function planText(r: PlanResult): string {
  const s = r.search;
  const how = [
    s.bisected ? `${s.bisected.name} ${s.bisected.values[0]}..${s.bisected.values.at(-1)} ${s.exhaustive ? 'every value' : 'bisected'}` : '',
    s.grid.length ? `grid ${s.grid.map((k) => `${k.name} {${k.values.join(', ')}}`).join(' × ')}` : '',
    s.fixedKnobs.length ? `fixed by your flags: ${s.fixedKnobs.join(', ')}` : '',
  ].filter((x) => x !== '');
  const mostLoad = r.objective === 'max-users';
  const loads = s.loads ?? [];
  const lines = [
    mostLoad
      ? `capsim plan ${r.model} --objective max-users: the configuration that holds the highest --${r.load.flag} within ${budgetText(r.budget)} and meets ${r.slo.map((c) => c.text).join(', ')}`
      : `capsim plan ${r.model}: the cheapest configuration for ${r.load.flag}=${r.load.value} that meets ${r.slo.map((c) => c.text).join(', ')}`,
    `  searched: ${how.join('; ')}`,
    `  ${s.cells} cell(s), ${s.configurations} configurations judged, ${s.simulations} simulations; seed ${s.seeds[0]}, and seeds ${s.seeds.slice(1).join(', ') || '—'} too where a figure sat within ${(100 * s.boundary).toFixed(0)}% of its bound (a pass must hold on every seed)`,
  ];
  if (mostLoad) {
    lines.push(
      `  load: ${r.load.flag} ${r.load.value} (${loads.length} values) bisected per cell on its largest configuration within the budget — a configuration that meets the SLO at a load meets it at every lower one —, then ${s.bisected?.name ?? 'nothing'} bisected at the load held for the cheapest that holds it; exact to one step of the loads on the seeds judged`,
    );
  }
  if (s.shard) lines.push(`  shard ${s.shard.index}/${s.shard.count} of the grid's cells only: join every part with capsim merge (save each with --json) for the plan`);
  const c = r.chosen;
  if (!c) {
    lines.push(mostLoad ? `  no configuration within the budget meets the SLO even at ${r.load.flag}=${loads[0]}` : `  no configuration in this space meets the SLO`);
  } else {
    const held = Number(c.load).toLocaleString('en-US');
    const atTop = mostLoad && c.load === loads.at(-1) ? ` (the top of the loads tried: raise --load-range to find its limit)` : '';
    lines.push(mostLoad ? `  chosen: ${knobsText(c)} — holds ${r.load.flag}=${held}${atTop} — ${usd(c.usdPerMonth)} USD/month` : `  chosen: ${knobsText(c)} — ${usd(c.usdPerMonth)} USD/month`);
    lines.push(`    bill: ${billText(c)}`);
    lines.push(`    SLO margins${mostLoad ? ` at ${r.load.flag}=${held}` : ''}: ${marginsText(c)}`);
    const busiest = [...c.resources].sort((a, b) => b.utilisation - a.utilisation).slice(0, 3);
    lines.push(`    bottleneck: ${c.bottleneck}; busiest: ${busiest.map((x) => `${x.name} ${(100 * x.utilisation).toFixed(0)}%`).join(', ')}`);
  }
  if (r.runnerUp) {
    const u = r.runnerUp.candidate;
    lines.push(`  runner-up: ${knobsText(u)} —${mostLoad ? ` holds ${r.load.flag}=${Number(u.load).toLocaleString('en-US')} —` : ''} ${usd(u.usdPerMonth)} USD/month: ${r.runnerUp.reason}`);
  }
  if (r.closestMiss) {
    const m = r.closestMiss.candidate;
    const label = !c ? 'nearest to passing' : mostLoad ? 'one step more' : 'closest miss';
    lines.push(`  ${label}: ${knobsText(m)} — ${usd(m.usdPerMonth)} USD/month: ${r.closestMiss.reason}; bottleneck ${m.bottleneck}`);
  }
  return lines.join('\n');
}
