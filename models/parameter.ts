import { readJsonFile, validate } from '../src/config/schema.js';
import { projectPath } from '../src/config/project-root.js';
import { writeCheckedJson } from '../src/config/checked-json.js';
import type { Profile } from '../src/config/profiles.js';

/** A model parameter as params.json holds it (schema: models/parameter.schema.json). */
export interface Provenance {
  kind: 'published' | 'measured' | 'assumed' | 'fitted' | 'derived';
  source: string;
  fittedTo?: string[];
  residual?: string;
}

export interface Param<T = number> {
  value: T;
  unit: string;
  provenance: Provenance;
}

export type ParamGroup = Record<string, Param>;
/** A figure that depends on the hardware profile: profile name → value. */
export type PerProfile = Record<string, Param>;

/** Speed of a profile's core for a model: its fitted value if the model has one, else the profile's. */
export function speedFor(table: PerProfile, profile: Profile): number {
  return table[profile.name]?.value ?? profile.cpuSpeed;
}

/** A model's params.json (a path from the project root), validated against its schema. */
export function loadParams<T>(file: string, schema: string): T {
  return validate<T>(schema, readJsonFile(projectPath(file), file), file);
}

/** Writes a model's params.json once it satisfies its schema (what a calibration or fit changed). */
export function saveParams(file: string, schema: string, doc: unknown): void {
  writeCheckedJson(projectPath(file), schema, doc, file);
}

export interface ParameterLine {
  name: string;
  value: string;
  provenance: string;
}

const isParam = (v: unknown): v is Param => typeof v === 'object' && v !== null && 'provenance' in v;

/** Every parameter of a params.json document as `group.key[.profile]`, for `capsim models`. */
export function listParameters(params: object): ParameterLine[] {
  const out: ParameterLine[] = [];
  const line = (name: string, p: Param<unknown>): ParameterLine => ({ name, value: `${String(p.value)} ${p.unit}`, provenance: `${p.provenance.kind}: ${p.provenance.source}` });
  for (const [group, entries] of Object.entries(params)) {
    if (group === '$schema') continue;
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      if (isParam(value)) out.push(line(`${group}.${key}`, value));
      else for (const [sub, p] of Object.entries(value as PerProfile)) out.push(line(`${group}.${key}.${sub}`, p));
    }
  }
  return out;
}
