import yargs, { type CommandModule } from 'yargs';
import { ValidationError } from '../config/schema.js';
import { everyModelFlags, type ModelCatalog, type ModelRegistry } from '../model.js';
import { COMMAND_HEADS, type CommandName } from './command-heads.js';
import { UsageError } from './usage-error.js';
import { setCommandLine } from './typed-flags.js';
import { flagKinds, typedHelp } from './flag-kinds.js';

/** Flags that take no value: `--json -1` is a switch and a stray -1, not json=-1. */
const SWITCHES = new Set(['--json', '--markdown', '--force', '--save', '--no-save', '--help', '--version']);

/**
 * `--users -3` as `--users=-3`: a value that starts with a minus and a digit (or Infinity, NaN) would
 * otherwise be read as the short flags -3, -I, -n…, and the error would name them instead of --users.
 */
export function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (/^--[^=]+$/.test(args[i]) && !SWITCHES.has(args[i]) && next !== undefined && /^-(?:[\d.]|inf|nan)/i.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** Whether this command line prints help (--help, -h, or no command at all). */
const wantsHelp = (args: readonly string[]): boolean => args.length === 0 || args.some((a) => a === '--help' || a === '-h' || a === 'help');

/**
 * yargs lays out the whole help before running any command, to have it at hand should the command
 * fail; capsim never shows help on failure (its errors are one line), and laying out predict's ~60
 * flags costs 0.1–0.5 s per run here. The layout is skipped unless help was asked for. This reaches
 * into yargs' internals (usage.cacheHelpMessage, yargs 18): if they change, yargs simply lays it out.
 */
function skipHelpLayout(cli: object): void {
  const usage = (cli as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/** The kinds of the flags in `help`: the models' flags by their specs, the commands' own by name. */
function helpKinds(registry: ModelRegistry, help: string) {
  const named = [...help.matchAll(/--([\w-]+)/g)].map((m) => m[1]);
  return flagKinds(everyModelFlags(registry).flatMap((m) => Object.entries(m.flags)), named);
}

type CommandOf = (registry: ModelRegistry) => CommandModule;
const fixed = (command: CommandModule): CommandOf => () => command;

/**
 * Each command's module, loaded only when its command runs: loading all of them (sweep, plan,
 * charts, the importers) costs a one-command run ~0.1 s. The top-level help shows their heads
 * alone (command-heads.ts); an unknown first word loads them all.
 */
const COMMANDS: Record<CommandName, () => Promise<CommandOf>> = {
  predict: async () => (await import('./commands/predict.js')).predictCommand,
  models: async () => (await import('./commands/models.js')).modelsCommand,
  reproduce: async () => (await import('./commands/reproduce.js')).reproduceCommand,
  sweep: async () => (await import('./commands/sweep.js')).sweepCommand,
  merge: async () => fixed((await import('./commands/merge.js')).mergeCommand),
  chart: async () => (await import('./commands/chart.js')).chartCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  fit: async () => (await import('./commands/fit.js')).fitCommand,
  load: async () => (await import('./commands/load.js')).loadCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  calibrate: async () => fixed((await import('./commands/calibrate.js')).calibrateCommand),
  validate: async () => fixed((await import('./commands/validate.js')).validateCommand),
  plan: async () => (await import('./commands/plan.js')).planCommand,
};
const NAMES = Object.keys(COMMAND_HEADS) as CommandName[];
const isCommand = (word: string | undefined): word is CommandName => NAMES.includes(word as CommandName);

/** A command as the top-level help lists it: its head, and nothing to build or run. */
const headOnly = (name: CommandName): CommandOf => () => ({ ...COMMAND_HEADS[name], handler: () => {} });

/**
 * The commands this command line may run: the one it names first; for a help that names none
 * (`capsim --help`, `capsim`), their heads; otherwise all of them.
 */
async function commandsFor(args: readonly string[]): Promise<CommandOf[]> {
  if (isCommand(args[0])) return [await COMMANDS[args[0]]()];
  if (wantsHelp(args) && !args.some(isCommand)) return NAMES.map(headOnly);
  return Promise.all(NAMES.map((name) => COMMANDS[name]()));
}

/** Commands that run one model, named as their first positional, and need only the others' flags. */
const ONE_MODEL: ReadonlySet<string> = new Set(['predict', 'sweep']);

/**
 * The models this command line needs, from a catalog: none for a help that names no command, the
 * named one (and every model's flags) for predict and sweep, all of them otherwise. A registry
 * handed in whole (the tests') is used as it is.
 */
async function registryFor(models: ModelRegistry | ModelCatalog, args: readonly string[]): Promise<ModelRegistry> {
  if ('models' in models) return models;
  const { module } = models;
  if (wantsHelp(args) && !args.some(isCommand)) return { models: [], flagSets: [], module };
  if (ONE_MODEL.has(args[0]) && (wantsHelp(args) || models.names.includes(args[1]))) {
    const [flagSets, loaded] = await Promise.all([models.flagSets(), wantsHelp(args) ? [] : models.load([args[1]])]);
    return { models: loaded, flagSets, module };
  }
  return { models: await models.load(models.names), module };
}

/** Bad input exits 2 with one line; a broken model or profile file exits 1; never a stack trace. */
function failure(message: string, code: number): number {
  process.stderr.write(`capsim: ${message}\n`);
  return code;
}

/**
 * Runs one capsim command line (without node and the script) against `models` (a registry, or a
 * catalog whose models are loaded as the command line needs them), and
 * returns the exit code: 0, 1 (a broken file, or validate past tolerance) or 2 (bad input). It never
 * exits the process, so tests can run it in-process; bin/capsim.js exits with the code.
 */
export async function main(models: ModelRegistry | ModelCatalog, args: readonly string[]): Promise<number> {
  setCommandLine(args);
  // After `--` yargs would take anything as a positional and ignore it: capsim has no use for one.
  if (args.includes('--')) return failure(`nothing may follow "--" (capsim's commands take no extra arguments)`, 2);
  process.exitCode = undefined;
  try {
    const line = joinNegativeValues(args);
    const registry = await registryFor(models, args);
    const cli = yargs(line);
    if (!wantsHelp(args)) skipHelpLayout(cli);
    cli.scriptName('capsim').usage('$0 <command> — deterministic capacity simulator: where does your system break?');
    for (const command of await commandsFor(args)) cli.command(command(registry));
    const built = cli
      .demandCommand(1, 'name a command: predict, models, reproduce, plan, sweep, merge, chart, report, fit, load, import, calibrate or validate')
      .strict()
      .exitProcess(false)
      .showHelpOnFail(false)
      // yargs lays out the whole help before every command (to show on failure): laid out unwrapped it costs
      // a few ms instead of ~0.3 s for predict's ~60 flags, so wrap only when the help will be read.
      .wrap(wantsHelp(args) ? Math.min(110, process.stdout.columns ?? 110) : null)
      .fail((msg, err) => {
        if (err) throw err;
        // yargs' own messages may span lines (choices): one line, naming the flag as typed.
        throw new UsageError(`${msg.replace(/\s*\n\s*/g, ' ').replace(/Argument: ([\w-]+),/g, '--$1:')} (see capsim --help)`);
      })
      .help();
    // Help is captured and printed with each numeric flag's kind ([duration], [number], …) for yargs' [string].
    const printHelp = (_err: unknown, _argv: unknown, output: string) => {
      if (output) process.stdout.write(typedHelp(output, helpKinds(registry, output)) + '\n');
    };
    await (wantsHelp(args) ? built.parseAsync(line, {}, printHelp) : built.parseAsync());
  } catch (err) {
    if (err instanceof UsageError) return failure(err.message, 2);
    if (err instanceof ValidationError) return failure(err.message, 1);
    return failure(err instanceof Error ? err.message : String(err), 1);
  }
  const code = process.exitCode;
  return typeof code === 'number' ? code : Number(code ?? 0);
}
