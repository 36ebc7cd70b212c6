import { CHART_CONFIG, DELIVERED_COLOUR, SATURATION_COLOUR, type VlSpec } from '../charts/theme.js';
import type { PlanResult } from './result.js';
import type { Candidate } from './search.js';

/**
 * Cost against load: every configuration judged at each load (passing or failing the SLO) and the
 * frontier through the cheapest passing one — the monthly bill the SLO demands as load grows.
 */
export function planChart(plans: readonly PlanResult[], loadLabel: string): VlSpec {
  const rows: unknown[] = [];
  for (const p of plans) {
    const load = Number(p.load.value);
    for (const c of p.candidates) {
      rows.push({ kind: 'candidate', load, usd: c.usdPerMonth, outcome: c.pass ? 'meets the SLO' : 'fails the SLO', config: Object.entries(c.knobs).map(([k, v]) => `${k}=${v}`).join(' ') });
    }
    if (p.chosen) rows.push({ kind: 'frontier', load, usd: p.chosen.usdPerMonth, config: Object.entries(p.chosen.knobs).map(([k, v]) => `${k}=${v}`).join(' ') });
  }
  const first = plans[0];
  const x = { field: 'load', type: 'quantitative', title: loadLabel, scale: { zero: true } };
  // Log scale: node types differ by two orders of magnitude in price, and the frontier sits low.
  const y = { field: 'usd', type: 'quantitative', title: 'USD per month (on demand, log scale)', scale: { type: 'log' } };
  const title = { text: `capsim plan ${first.model}: cost against load`, subtitle: `SLO ${first.slo.map((c) => c.text).join(', ')}; the line is the cheapest configuration that meets it` };
  return judgedWithFrontier(title, rows, x, y, [{ field: 'config' }, { field: 'usd' }], { type: 'line' });
}

/**
 * The max-users objective: every configuration judged, placed at its monthly cost and the load it
 * was judged at (passing or failing the SLO), and the frontier: the most load any configuration up
 * to that cost holds.
 */
export function mostLoadChart(plan: PlanResult, loadLabel: string): VlSpec {
  const config = (c: Candidate): string => Object.entries(c.knobs).map(([k, v]) => `${k}=${v}`).join(' ');
  const rows: unknown[] = plan.candidates.map((c) => ({ kind: 'candidate', usd: c.usdPerMonth, load: Number(c.load), outcome: c.pass ? 'meets the SLO' : 'fails the SLO', config: config(c) }));
  let most = -Infinity;
  const bests = plan.candidates.filter((c) => c.pass).sort((a, b) => a.usdPerMonth - b.usdPerMonth || Number(b.load) - Number(a.load));
  for (const c of bests) {
    if (Number(c.load) <= most) continue;
    most = Number(c.load);
    rows.push({ kind: 'frontier', usd: c.usdPerMonth, load: most, config: config(c) });
  }
  // The frontier runs on to the dearest configuration judged: spending more held no more.
  const dearest = Math.max(...plan.candidates.map((c) => c.usdPerMonth));
  if (Number.isFinite(most) && bests.length && dearest > bests[0].usdPerMonth) rows.push({ kind: 'frontier', usd: dearest, load: most, config: 'no more load for more money' });
  const x = { field: 'usd', type: 'quantitative', title: 'USD per month (on demand)', scale: { zero: true } };
  const y = { field: 'load', type: 'quantitative', title: loadLabel, scale: { zero: true } };
  const title = { text: `capsim plan ${plan.model}: the most load held against cost`, subtitle: `SLO ${plan.slo.map((c) => c.text).join(', ')}; the line is the most load a configuration up to that cost holds` };
  return judgedWithFrontier(title, rows, x, y, [{ field: 'config' }, { field: 'usd' }, { field: 'load' }], { type: 'line', interpolate: 'step-after' });
}

/** Both plan charts: the configurations judged as points coloured by the SLO's verdict, the frontier as a black line. */
function judgedWithFrontier(title: object, rows: unknown[], x: object, y: object, tooltip: object[], line: object): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 640,
    height: 320,
    config: CHART_CONFIG,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'candidate'" }],
        mark: { type: 'point', filled: true, opacity: 0.6, size: 50 },
        encoding: {
          x,
          y,
          color: { field: 'outcome', type: 'nominal', title: null, scale: { domain: ['meets the SLO', 'fails the SLO'], range: [DELIVERED_COLOUR, SATURATION_COLOUR] }, legend: { symbolType: 'circle' } },
          tooltip,
        },
      },
      {
        transform: [{ filter: "datum.kind === 'frontier'" }],
        mark: { ...line, point: { color: '#000' }, color: '#000' },
        encoding: { x, y, tooltip },
      },
    ],
  };
}
