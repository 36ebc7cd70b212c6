import { UsageError } from '../cli/usage-error.js';
import type { Knob, PlanSpec } from './spec.js';

/** The knobs a plan searches once the user's own flags are held fixed, and how it searches them. */
export interface SearchSpace {
  /** Knobs enumerated as a grid, in the model's order (the first varies slowest). */
  grid: Knob[];
  /** The knob bisected inside each grid cell: the last monotone knob not fixed by the user. */
  bisected: Knob | undefined;
  /** Knobs the user fixed by giving their flag (or, for a profile role, `--profile role=…`). */
  fixed: string[];
}

/** One cell of the grid: its index (grid order) and the value of every grid knob. */
export interface Cell {
  index: number;
  knobs: Record<string, string>;
}

function typedRoles(profile: unknown): string[] {
  const list = profile === undefined ? [] : Array.isArray(profile) ? profile : [profile];
  return list.flatMap((v) => String(v).split(',')).map((v) => /^([a-z]+)=/.exec(v.trim())?.[1] ?? '').filter((r) => r !== '');
}

/** Splits the spec's knobs into grid, bisected and fixed, given the flags the user typed. */
export function searchSpace(spec: PlanSpec, typed: Readonly<Record<string, unknown>>): SearchSpace {
  const roles = typedRoles(typed.profile);
  const isFixed = (k: Knob): boolean => (k.role !== undefined ? roles.includes(k.role) : typed[k.flag] !== undefined);
  const free = spec.knobs.filter((k) => !isFixed(k));
  const monotone = free.filter((k) => k.monotone);
  const bisected = monotone.at(-1);
  return { grid: free.filter((k) => k !== bisected), bisected, fixed: spec.knobs.filter(isFixed).map((k) => k.name) };
}

/** Every cell of the grid, first knob slowest. */
export function cellsOf(space: SearchSpace): Cell[] {
  let cells: Array<Record<string, string>> = [{}];
  for (const k of space.grid) cells = cells.flatMap((c) => k.values.map((v) => ({ ...c, [k.name]: v })));
  if (cells.length > 10_000) throw new UsageError(`the plan's grid has ${cells.length} cells; fix some knobs with their flags (at most 10,000)`);
  return cells.map((knobs, index) => ({ index, knobs }));
}

/** The model flags of a configuration: the user's flags, the load, then each knob's value. */
export function flagsOf(spec: PlanSpec, typed: Readonly<Record<string, unknown>>, load: string, knobs: Readonly<Record<string, string>>): Record<string, unknown> {
  const flags: Record<string, unknown> = { ...typed, [spec.load.flag]: load };
  for (const k of spec.knobs) {
    const v = knobs[k.name];
    if (v === undefined) continue;
    if (k.role === undefined) flags[k.flag] = v;
    else {
      const prev = flags[k.flag];
      flags[k.flag] = [...(prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)]), `${k.role}=${v}`];
    }
  }
  return flags;
}
