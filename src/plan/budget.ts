import type { Cap, PlanSpec } from './spec.js';

/** What a configuration may cost (USD per month, on demand) or count (--max-<cap>), for the max-users objective. */
export interface Budget {
  usdPerMonth: number | null;
  caps: Record<string, number>;
}

const isCount = (values: readonly string[]): boolean => values.every((v) => /^\d+$/.test(v));

/**
 * The caps a model offers: each monotone numeric knob set by a plain flag caps its own value (--max-tasks; a grid knob is fixed with its flag instead),
 * and the caps the model declares (ktb-chat's instances: backend and Redis nodes together) win
 * over a knob of the same name.
 */
export function capsOf(spec: PlanSpec): Record<string, Cap> {
  const caps: Record<string, Cap> = {};
  for (const k of spec.knobs) {
    if (!k.monotone || k.role !== undefined || !isCount(k.values)) continue;
    caps[k.name] = { describe: `${k.describe} (the knob's own value)`, count: (flags) => Number(flags[k.flag]) };
  }
  return { ...caps, ...spec.caps };
}

/**
 * The spec with each capped knob's values cut to the cap. A cap between two of the knob's values
 * searches the values below it and adds none: the knob's values are what can be bought (highscore's
 * vCPU sizes), and adding the cap would let a larger cap hold less (--max-tasks 7 would search 7,
 * --max-tasks 8 not).
 */
export function cappedSpec(spec: PlanSpec, budget: Budget): PlanSpec {
  const knobs = spec.knobs.map((k) => {
    const cap = budget.caps[k.name];
    if (cap === undefined || spec.caps?.[k.name] !== undefined || k.role !== undefined || !isCount(k.values)) return k;
    const below = k.values.filter((v) => Number(v) <= cap);
    return { ...k, values: below.length > 0 ? below : [k.values[0]] };
  });
  return { ...spec, knobs };
}

/** Why a configuration is over the budget (its flags and monthly cost), or null when within it. */
export function overBudget(spec: PlanSpec, budget: Budget, flags: Record<string, unknown>, usdPerMonth: number): string | null {
  if (budget.usdPerMonth !== null && usdPerMonth > budget.usdPerMonth) return `costs ${usdPerMonth} USD/month, over the budget of ${budget.usdPerMonth}`;
  const caps = capsOf(spec);
  for (const [name, max] of Object.entries(budget.caps)) {
    const n = caps[name].count(flags);
    if (n > max) return `${name} ${n} > ${max}`;
  }
  return null;
}

/** The budget as people write it: "≤ 30 instances, ≤ 500 USD/month". */
export function budgetText(budget: Budget | null): string {
  if (!budget) return 'no budget';
  const parts = Object.entries(budget.caps).map(([name, max]) => `${name} ≤ ${max}`);
  if (budget.usdPerMonth !== null) parts.push(`≤ ${budget.usdPerMonth} USD/month`);
  return parts.length ? parts.join(', ') : 'no budget (every configuration of the space)';
}
