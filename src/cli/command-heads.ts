/**
 * Each command's usage and one-line description, in --help's order: all the top-level help shows, so
 * `capsim --help` loads no command module (loading all thirteen costs it ~0.3 s). Each command module
 * spreads its own head into its yargs CommandModule.
 */
export const COMMAND_HEADS = {
  predict: {
    command: 'predict <model>',
    describe: 'simulate a model under a load and print k6-style metrics and the bottleneck',
  },
  models: {
    command: 'models [model]',
    describe: 'list the models, or explain one: its network, flags and every parameter with its provenance',
  },
  reproduce: {
    command: 'reproduce <model>',
    describe: "predict every published case of the model's seed and print published vs predicted with error %",
  },
  sweep: {
    command: 'sweep <model>',
    describe: 'run a model over a grid of flag values (lists 1,2,4 or ranges 10..300:10), R seeds per point, with confidence intervals',
  },
  merge: {
    command: 'merge <files..>',
    describe: 'join the shards of one sweep (capsim sweep --shard i/n) into the result a single run writes',
  },
  chart: {
    command: 'chart <input>',
    describe: 'draw a sweep result (capacity, delivery, utilisation) or a predict --json document (one run over time) as SVG, PNG or HTML',
  },
  report: {
    command: 'report',
    describe: 'regenerate reports/: per model the published-vs-predicted tables, local validation, capacity sweep and charts; index.html links them',
  },
  fit: {
    command: 'fit <model>',
    describe: "fit a model's unknowns (e.g. cloud core speed, message size) to its seed's published cases and save them with provenance",
  },
  load: {
    command: 'load <model>',
    describe: 'run the bundled real implementation under the same load on this machine and write a run record',
  },
  import: {
    command: 'import <format> <file>',
    describe: 'turn a k6 --summary-export JSON or Locust --csv files into a capsim run record',
  },
  calibrate: {
    command: 'calibrate <model>',
    describe: "fit a model's local costs to real run records (capsim load / capsim import) and save them with provenance",
  },
  validate: {
    command: 'validate <model>',
    describe: 're-simulate real runs not used for fitting, with their exact settings; print measured vs predicted (a run and its repeats, <id>-r<k>, by their mean); exit 1 past tolerance',
  },
  plan: {
    command: 'plan <model>',
    describe: 'the cheapest configuration that meets an SLO at a load, or (--objective max-users) the one that holds the most load within a budget, searched with the simulator (monthly on-demand cost from models/profiles/prices)',
  },
} as const satisfies Record<string, { command: string; describe: string }>;

export type CommandName = keyof typeof COMMAND_HEADS;
