import { availableParallelism } from 'node:os';
import type { CommandModule } from 'yargs';
import type { CapsimModel, ModelRegistry } from '../../model.js';
import { priceBill, type BillLine } from '../../config/prices.js';
import { validate } from '../../config/schema.js';
import { formatOf } from '../../charts/format.js';
import { outputFile } from '../output-path.js';
import { isSweepValue } from '../../sweep/grid.js';
import { runJobs } from '../../sweep/pool.js';
import { progressBar } from '../../sweep/progress.js';
import { replicationSeeds } from '../../sweep/seeds.js';
import { parseShard } from '../../sweep/shard.js';
import { cappedSpec } from '../../plan/budget.js';
import { mostLoadChart, planChart } from '../../plan/chart.js';
import type { Evaluate } from '../../plan/judge.js';
import { runPlan, type PlanResult } from '../../plan/result.js';
import type { PlanInput } from '../../plan/search.js';
import { parseSlo } from '../../plan/slo.js';
import { flagsOf } from '../../plan/space.js';
import { planText } from '../../plan/text.js';
import { oneOf, positiveInt, seed as parseSeed, UsageError } from '../usage-error.js';
import { mostLoadInput, refuseBudgetFlags, withBudgetOptions } from './plan-budget.js';
import { typedOnCommandLine } from '../typed-flags.js';
import { modelWithFlags, withModelFlags } from './predict.js';
import { COMMAND_HEADS } from '../command-heads.js';

export const PLAN_SCHEMA = 'src/plan/plan-result.schema.json';

function share(flag: string, value: unknown): number {
  const n = typeof value === 'string' && /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n < 1)) throw new UsageError(`--${flag} must be a share from 0 to below 1 (e.g. 0.05), got ${JSON.stringify(value)}`);
  return n;
}

/** Loads for the chart: the listed ones, or ¼, ½, ¾ and all of the planned load. */
function chartLoads(raw: unknown, load: string, flag: string): string[] {
  if (raw !== undefined) {
    const list = String(raw).split(',').map((s) => s.trim());
    for (const v of list) if (!/^\d+(\.\d+)?$/.test(v)) throw new UsageError(`--chart-loads must be numbers such as 250,500,1000, got "${v}"`);
    return list;
  }
  const n = Number(load);
  if (!(n > 0)) throw new UsageError(`--chart needs a numeric --${flag} (got "${load}") or --chart-loads`);
  return [...new Set([0.25, 0.5, 0.75, 1].map((f) => String(Math.max(1, Math.round(n * f)))))];
}

/** A bill every line of which has a price, or a usage error (a tier on this machine cannot be bought). */
function billable(lines: BillLine[]): void {
  try {
    priceBill(lines);
  } catch (err) {
    throw new UsageError(`--profile: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The model flags typed on the command line, load included: these are held fixed. */
function typedFlags(argv: Record<string, unknown>, flags: readonly string[]): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const flag of flags) {
    if (argv[flag] === undefined || !typedOnCommandLine(flag)) continue;
    const v = argv[flag];
    if (typeof v === 'string' && isSweepValue(v)) throw new UsageError(`--${flag}: a plan takes one value per flag (leave a knob out to search it), got "${v}"`);
    typed[flag] = v;
  }
  return typed;
}

function evaluator(model: CapsimModel, registry: ModelRegistry, jobs: unknown): Evaluate {
  const workers = jobs === undefined ? availableParallelism() : positiveInt('jobs', jobs, 1024);
  return (list) => runJobs(model, list, workers, registry.module);
}

/** The max-users objective: one search (the chart draws the configurations it judged, no more plans). */
async function planMostLoad(input: PlanInput, chart: string, json: boolean, model: CapsimModel, registry: ModelRegistry, jobs: unknown): Promise<void> {
  const evaluate = evaluator(model, registry, jobs);
  const plan = await runPlan({ ...input, onProgress: progressBar(process.stderr, 'configurations', json) }, evaluate);
  validate(PLAN_SCHEMA, plan, `${input.model} plan`);
  process.stdout.write(json ? JSON.stringify(plan, null, 2) + '\n' : planText(plan) + '\n');
  if (chart !== '') {
    const { writeCharts } = await import('../../charts/write.js');
    await writeCharts([{ spec: mostLoadChart(plan, input.spec.load.label), caption: 'the most load held against cost' }], chart, `capsim plan ${input.model}`);
    process.stderr.write(`capsim: wrote ${chart} (${plan.candidates.length} configurations judged)\n`);
  }
  if (!plan.chosen) process.exitCode = 1;
}

/** Models that declare plan knobs, for help and errors. */
const plannable = (registry: ModelRegistry): string => registry.models.filter((m) => m.plan).map((m) => m.name).join(', ');

export const planCommand = (registry: ModelRegistry): CommandModule => ({
  ...COMMAND_HEADS.plan,
  builder: (y) =>
    withModelFlags(
      registry,
      withBudgetOptions(registry, y)
        .positional('model', { type: 'string', describe: `system to plan: ${plannable(registry)}` })
        .option('slo', { type: 'string', describe: "clauses every configuration must meet, e.g. 'delivered>=0.99,p95<500ms'; an unknown metric lists the model's" })
        .option('replications', { type: 'string', default: '3', describe: 'seeds a configuration is judged on when a figure sits near its bound' })
        .option('boundary', { type: 'string', default: '0.05', describe: 'near a bound: within this share of the threshold' })
        .option('exhaustive', { type: 'boolean', default: false, describe: 'judge every configuration instead of bisecting the monotone knob (a check on the search)' })
        .option('jobs', { type: 'string', alias: 'j', describe: `simulations at once on worker threads (default one per core, here ${availableParallelism()})` })
        .option('shard', { type: 'string', describe: "search only the grid cells of shard i of n (e.g. 2/4); the parts' candidates decide the same plan" })
        .option('json', { type: 'boolean', default: false, describe: 'print the plan as JSON (src/plan/plan-result.schema.json)' })
        .option('chart', { type: 'string', describe: 'also plan at several loads and draw cost against load with the SLO frontier (.svg, .png, .html)' })
        .option('chart-loads', { type: 'string', describe: 'loads for --chart, e.g. 250,500,1000 (default ¼, ½, ¾ and all of the load)' })
        .example("$0 plan chat --users 300 --interval 1s --slo 'delivered>=0.99,p95<500ms'", 'app tasks, Redis node and subscription mode for 300 users')
        .example("$0 plan feed --vus 500 --duration 1m --slo 'checks>=0.99,rps>=400'", 'what to buy for the feed write-up')
        .example('$0 plan ktb-chat --max-instances 30 --objective max-users', "the most users a ramp reaches before failures on at most 30 t3.small (backend and Redis nodes), the challenge's limit")
        .example("$0 plan chat --objective max-users --max-tasks 4 --interval 1s --iterations 2 --load-range 20..400:20 --slo 'delivered>=0.95,p95<500ms'", 'the most users 4 app tasks carry within the SLO'),
    ),
  handler: async (argv) => {
    const name = String(argv.model);
    const model = modelWithFlags(registry, name, argv, 'plan');
    const planSpec = model.plan;
    if (!planSpec) throw new UsageError(`the ${name} model declares no plan knobs; models with plans: ${plannable(registry)}`);
    const objective = oneOf('objective', argv.objective, ['cost', 'max-users'] as const);
    const mostLoad = objective === 'max-users' ? mostLoadInput(registry, name, planSpec, argv as Record<string, unknown>) : undefined;
    if (!mostLoad) refuseBudgetFlags(registry, argv as Record<string, unknown>);
    const spec = mostLoad ? cappedSpec(planSpec, mostLoad.budget) : planSpec;
    const slo = parseSlo(argv.slo === undefined && mostLoad ? spec.defaultSlo : argv.slo, spec.metrics);
    const typed = typedFlags(argv as Record<string, unknown>, Object.keys(model.flags));
    const load = mostLoad ? mostLoad.loadText : typed[spec.load.flag];
    if (mostLoad && typed[spec.load.flag] !== undefined) throw new UsageError(`--${spec.load.flag}: --objective max-users searches the load; give the loads to try with --load-range (default ${mostLoad.loadText})`);
    if (load === undefined) throw new UsageError(`--${spec.load.flag} is required: the load to plan for (${spec.load.label})`);
    if (mostLoad && argv.exhaustive) throw new UsageError('--exhaustive checks the cheapest objective; --objective max-users bisects the load and the monotone knob');
    if (mostLoad && argv['chart-loads'] !== undefined) throw new UsageError('--chart-loads belongs to the cheapest objective; a max-users chart draws the configurations it judged');
    delete typed[spec.load.flag];
    const seeds = replicationSeeds(parseSeed(typed.seed ?? '1'), positiveInt('replications', argv.replications, 100));
    delete typed.seed;
    const input: PlanInput = {
      model: name,
      spec,
      typed,
      load: String(load),
      slo,
      seeds,
      boundary: share('boundary', argv.boundary),
      exhaustive: Boolean(argv.exhaustive),
      ...(argv.shard === undefined ? {} : { shard: parseShard(argv.shard) }),
      ...(mostLoad ? { objective: 'max-users' as const, loads: mostLoad.loads, budget: mostLoad.budget } : {}),
    };
    if (mostLoad) {
      if (argv.chart !== undefined) formatOf(outputFile('chart', argv.chart), 'chart');
      billable(spec.bill(flagsOf(spec, typed, mostLoad.loads[0], {})));
      return planMostLoad(input, String(argv.chart ?? ''), argv.json === true, model, registry, argv.jobs);
    }
    const loads = argv.chart === undefined ? [] : (formatOf(outputFile('chart', argv.chart), 'chart'), chartLoads(argv['chart-loads'], input.load, spec.load.flag));
    // Flags are checked before anything runs: the bill of one configuration goes through the model's own parsing.
    for (const l of [input.load, ...loads]) billable(spec.bill(flagsOf(spec, typed, l, {})));
    const evaluate = evaluator(model, registry, argv.jobs);
    const plan = await runPlan({ ...input, onProgress: progressBar(process.stderr, 'configurations', Boolean(argv.json)) }, evaluate);
    validate(PLAN_SCHEMA, plan, `${name} plan`);
    process.stdout.write(argv.json ? JSON.stringify(plan, null, 2) + '\n' : planText(plan) + '\n');
    if (argv.chart !== undefined) {
      const plans: PlanResult[] = [];
      for (const l of loads) plans.push(l === input.load ? plan : await runPlan({ ...input, load: l }, evaluate));
      const { writeCharts } = await import('../../charts/write.js');
      await writeCharts([{ spec: planChart(plans, spec.load.label), caption: 'cost against load' }], String(argv.chart), `capsim plan ${name}`);
      process.stderr.write(`capsim: wrote ${String(argv.chart)} (plans at ${spec.load.flag} ${loads.join(', ')})\n`);
    }
    if (!plan.chosen) process.exitCode = 1;
  },
});
