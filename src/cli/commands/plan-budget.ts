import type { Argv } from 'yargs';
import type { ModelRegistry } from '../../model.js';
import { capsOf, type Budget } from '../../plan/budget.js';
import type { PlanSpec } from '../../plan/spec.js';
import { parseAxisValues } from '../../sweep/grid.js';
import { positiveInt, UsageError } from '../usage-error.js';

/** Every --max-<cap> the plannable models offer, except where a model already has a flag of that name (feed's --max-connections). */
export function capNames(registry: ModelRegistry): string[] {
  const flags = new Set(registry.models.flatMap((m) => Object.keys(m.flags)));
  const names = registry.models.flatMap((m) => (m.plan ? Object.keys(capsOf(m.plan)) : []));
  return [...new Set(names)].filter((n) => !flags.has(`max-${n}`)).sort();
}

/** The options of the max-users objective: its budget and the loads it tries. */
export function withBudgetOptions(registry: ModelRegistry, y: Argv): Argv {
  y = y
    .option('objective', { type: 'string', default: 'cost', describe: 'cost: the cheapest configuration that meets the SLO at --<load>; max-users: the configuration that holds the most load within the budget' })
    .option('budget', { type: 'string', describe: 'max-users: at most this many USD per month (on demand), e.g. 500' })
    .option('load-range', { type: 'string', describe: "max-users: the loads to bisect, e.g. 200..8000:100 (default the model's)" });
  for (const name of capNames(registry)) {
    const owners = registry.models.filter((m) => m.plan && capsOf(m.plan)[name]).map((m) => `${m.name}: ${capsOf(m.plan!)[name].describe}`);
    y = y.option(`max-${name}`, { type: 'string', describe: `max-users: at most this many ${name} (${owners.join('; ')})` });
  }
  return y;
}

export interface MostLoadInput {
  loads: string[];
  /** The loads as written, for the result's load.value. */
  loadText: string;
  budget: Budget;
}

function usd(value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) throw new UsageError(`--budget must be USD per month, a number above 0 such as 500, got ${JSON.stringify(value)}`);
  return n;
}

function loadsOf(raw: string): string[] {
  const loads = parseAxisValues('load-range', raw);
  for (const [i, v] of loads.entries()) {
    if (!(Number(v) > 0)) throw new UsageError(`--load-range: loads must be numbers above 0, got "${v}"`);
    if (i > 0 && !(Number(v) > Number(loads[i - 1]))) throw new UsageError(`--load-range: loads must rise, got ${loads[i - 1]} then ${v}`);
  }
  if (loads.length > 10_000) throw new UsageError(`--load-range has ${loads.length} loads; at most 10,000`);
  return loads;
}

/** The budget flags are only for max-users: with the cheapest objective they would say nothing. */
export function refuseBudgetFlags(registry: ModelRegistry, argv: Record<string, unknown>): void {
  for (const flag of ['budget', 'load-range', ...capNames(registry).map((n) => `max-${n}`)]) {
    if (argv[flag] !== undefined) throw new UsageError(`--${flag} belongs to --objective max-users (the cheapest objective already minimises the cost at --<load>)`);
  }
}

/** The loads and budget of a max-users plan, checked before anything runs. */
export function mostLoadInput(registry: ModelRegistry, model: string, spec: PlanSpec, argv: Record<string, unknown>): MostLoadInput {
  const ladder = spec.load.ladder;
  const loadText = argv['load-range'] === undefined ? `${ladder.min}..${ladder.max}:${ladder.step}` : String(argv['load-range']);
  const caps: Record<string, number> = {};
  const own = capsOf(spec);
  for (const name of capNames(registry)) {
    const raw = argv[`max-${name}`];
    if (raw === undefined) continue;
    if (!own[name]) throw new UsageError(`--max-${name}: the ${model} plan has no cap named ${name}; its caps: ${Object.keys(own).map((n) => `--max-${n}`).join(', ') || 'none'} (or --budget)`);
    caps[name] = positiveInt(`max-${name}`, raw, 1_000_000);
  }
  return { loads: loadsOf(loadText), loadText, budget: { usdPerMonth: argv.budget === undefined ? null : usd(argv.budget), caps } };
}
