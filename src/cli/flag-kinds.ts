/**
 * What a string-typed flag holds, for --help. Numeric flags are read as strings so they can carry
 * units (`10s`, `128M`, `50mbit`, `100M` players), which yargs can only label `[string]`; capsim's
 * help labels them by what they hold instead (issue 22).
 */
export type FlagKind = 'number' | 'duration' | 'size' | 'rate';

/** By the flag's name: capsim's flags name what they count, and the same name means the same kind everywhere. */
const BY_NAME: ReadonlyArray<readonly [RegExp, FlagKind]> = [
  [/(^|-)(duration|interval|session|timeout|every|deadline|rtt|delay|ramp-down|run-time)$/, 'duration'],
  [/(^|-)(memory|buffer-pool)$/, 'size'],
  [/-egress$/, 'rate'],
  [
    /(^|-)(users|vus|tasks|iterations|workers|threads|connections|vcpu|bytes|size|chunk|concurrency|fanout|flush|items|pipeline|batch|friends|players|processes|instances|containers|cores|masters|credits|rate|ops|share|seed|replications|jobs|confidence|boundary|slurm)$/,
    'number',
  ],
];

/** By the default's shape, for a flag whose name says nothing. */
const BY_DEFAULT: ReadonlyArray<readonly [RegExp, FlagKind]> = [
  [/^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/, 'duration'],
  [/^\d+(\.\d+)?$/, 'number'],
];

export interface KindedFlag {
  type?: string;
  default?: unknown;
  choices?: unknown;
}

/** The kind to show for `--name`, or undefined for free text (a path, a name, a list of clauses) and typed flags. */
export function flagKind(name: string, spec: KindedFlag): FlagKind | undefined {
  if (spec.type !== undefined && spec.type !== 'string') return undefined;
  if (spec.choices !== undefined) return undefined;
  const byName = BY_NAME.find(([re]) => re.test(name));
  if (byName) return byName[1];
  const d = spec.default;
  if (typeof d === 'string') return BY_DEFAULT.find(([re]) => re.test(d))?.[1];
  return typeof d === 'number' ? 'number' : undefined;
}

/** The flag whose block a help line belongs to: its own line starts with it, wrapped lines follow. */
const FLAG_LINE = /^\s+(?:-\w, )?--([\w-]+)/;

/**
 * yargs' help with `[string]` replaced by the kind of each flag that has one (`[duration]`,
 * `[number]`, `[size]`, `[rate]`); `kinds` maps flag names to their kind.
 */
export function typedHelp(help: string, kinds: ReadonlyMap<string, FlagKind>): string {
  let flag: string | undefined;
  return help
    .split('\n')
    .map((line) => {
      const m = FLAG_LINE.exec(line);
      if (m) flag = m[1];
      else if (/^\S/.test(line)) flag = undefined;
      const kind = flag === undefined ? undefined : kinds.get(flag);
      // Keep the right-aligned column where yargs put it: take or give the difference in the padding.
      return kind ? line.replace(/( *)\[string\]/, (_all, pad: string) => `${' '.repeat(Math.max(1, pad.length + 6 - kind.length))}[${kind}]`) : line;
    })
    .join('\n');
}

/** Kinds of every flag `specs` declares (the models' flags), and of any other flag by its name alone. */
export function flagKinds(specs: Iterable<readonly [string, KindedFlag]>, names: Iterable<string> = []): Map<string, FlagKind> {
  const kinds = new Map<string, FlagKind>();
  for (const [name, spec] of specs) {
    const kind = flagKind(name, spec);
    if (kind) kinds.set(name, kind);
  }
  for (const name of names) {
    const kind = kinds.has(name) ? undefined : flagKind(name, {});
    if (kind) kinds.set(name, kind);
  }
  return kinds;
}
