import { readdirSync } from 'node:fs';
import { projectPath } from './project-root.js';
import { formatFieldPath, readJsonFile, validate, ValidationError } from './schema.js';

/** Where the profile files live, relative to the repository root. */
export const PROFILES_DIR = 'models/profiles';
export const PROFILE_SCHEMA = `${PROFILES_DIR}/profile.schema.json`;

export type ProfileKind = 'compute' | 'cache' | 'container';
export type ProvenanceKind = 'published' | 'measured' | 'assumed' | 'fitted';

export interface Provenance {
  readonly kind: ProvenanceKind;
  /** The document a value comes from (an AWS page or the write-up named in the model's published.json), a calibration run, or why it is assumed. */
  readonly source: string;
  readonly note?: string;
}

export interface NetworkSpec {
  /** Sustained Gbit/s per direction; null = not published (see assumedGbps). */
  readonly baselineGbps: number | null;
  /** "Up to" Gbit/s per direction while burst credit lasts; null = not published. */
  readonly burstGbps: number | null;
  /** Burst bucket size in Gbit (per direction); present whenever burst > baseline. */
  readonly creditCapacityGbit?: number;
  readonly initialCredit: 'full' | 'empty' | number;
  /** Bandwidth to use where baselineGbps/burstGbps are null. */
  readonly assumedGbps?: number;
  readonly note?: string;
}

/** Burstable CPU: one credit = one vCPU at 100% for one minute. */
export interface CpuCreditSpec {
  readonly baselinePerVcpu: number;
  readonly creditsPerHour: number;
  readonly maxCredits: number;
}

/** A hardware profile, as described by models/profiles/profile.schema.json. */
export interface Profile {
  readonly name: string;
  readonly kind: ProfileKind;
  readonly description: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly network: NetworkSpec;
  readonly cpuCredits?: CpuCreditSpec;
  /** Single-core speed relative to one core of `local` (= 1). */
  readonly cpuSpeed: number;
  /** Dotted field path → provenance; every numeric (or null "unknown") field has one. */
  readonly provenance: Readonly<Record<string, Provenance>>;
}

/** Network figures with unknowns resolved, ready for a NIC component. */
export interface ResolvedNetwork {
  readonly baselineGbps: number;
  readonly burstGbps: number;
  /** 0 when there is no burst above baseline. */
  readonly creditCapacityGbit: number;
  readonly initialCreditGbit: number;
  /** True when the bandwidth is `assumedGbps` because the real one is not published. */
  readonly assumed: boolean;
}

export class UnknownProfileError extends Error {
  override readonly name = 'UnknownProfileError';

  constructor(
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown hardware profile "${requested}"; known profiles: ${known.join(', ')}`);
  }
}

/**
 * The documented default for the (unpublished) network burst bucket: enough credit for
 * DEFAULT_BURST_SECONDS at full burst from a full bucket, i.e. (burst − baseline) × 300 s.
 * EC2 "instance network bandwidth" says burst lasts "typically from 5 to 60 minutes, depending on
 * the instance size"; 5 minutes is the short, conservative end. Models may fit their own.
 */
export const DEFAULT_BURST_SECONDS = 300;

export function defaultCreditCapacityGbit(baselineGbps: number, burstGbps: number): number {
  return Math.max(0, burstGbps - baselineGbps) * DEFAULT_BURST_SECONDS;
}

/** Paths of every leaf whose value is a number or null (unknown), provenance map excluded. */
export function numericFieldPaths(profile: Profile): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === 'number' || value === null) out.push(path.join('.'));
    else if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  for (const [key, value] of Object.entries(profile)) if (key !== 'provenance') walk(value, [key]);
  return out;
}

function fieldExists(profile: Profile, path: string): boolean {
  let node: unknown = profile;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** Invariants the schema cannot state; each failure names the field it is about. */
function checkInvariants(p: Profile, what: string): void {
  for (const path of numericFieldPaths(p)) {
    if (!Object.hasOwn(p.provenance, path)) {
      throw new ValidationError(
        what,
        formatFieldPath(['provenance', path]),
        `missing: every numeric field needs a provenance entry (field ${path} = ${String(fieldValue(p, path))})`,
      );
    }
  }
  for (const path of Object.keys(p.provenance)) {
    if (path === 'provenance' || path.startsWith('provenance.') || !fieldExists(p, path)) {
      throw new ValidationError(what, formatFieldPath(['provenance', path]), 'names no field of this profile');
    }
  }
  const { baselineGbps, burstGbps, creditCapacityGbit, initialCredit } = p.network;
  if (baselineGbps !== null && burstGbps !== null) {
    if (burstGbps < baselineGbps) {
      throw new ValidationError(what, 'network.burstGbps', `must be >= network.baselineGbps (${burstGbps} < ${baselineGbps})`);
    }
    if (burstGbps > baselineGbps && creditCapacityGbit === undefined) {
      throw new ValidationError(what, 'network.creditCapacityGbit', 'required when burstGbps > baselineGbps');
    }
  }
  if (typeof initialCredit === 'number' && initialCredit > (creditCapacityGbit ?? 0)) {
    throw new ValidationError(
      what,
      'network.initialCredit',
      `must not exceed network.creditCapacityGbit (${initialCredit} > ${creditCapacityGbit ?? 0})`,
    );
  }
}

function fieldValue(p: Profile, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], p);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates arbitrary data as a profile (schema, then provenance and network invariants).
 * `what` names the origin in error messages, e.g. the file path; `expectedName` is the file's name.
 */
export function parseProfile(data: unknown, what: string, expectedName?: string): Profile {
  const profile = validate<Profile>(PROFILE_SCHEMA, data, what);
  if (expectedName !== undefined && profile.name !== expectedName) {
    throw new ValidationError(what, 'name', `must equal the file name "${expectedName}", got ${JSON.stringify(profile.name)}`);
  }
  checkInvariants(profile, what);
  return profile;
}

/** Names of the profiles on disk (file names without .json), sorted. */
export function listProfileNames(): string[] {
  return readdirSync(projectPath(PROFILES_DIR))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

const cache = new Map<string, Profile>();

/** Loads, validates and caches one profile. The result is deeply frozen: copy it to override. */
export function loadProfile(name: string): Profile {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const known = listProfileNames();
  // Only names found on disk are opened, so a name can never reach outside the directory.
  if (!known.includes(name)) throw new UnknownProfileError(name, known);
  const what = `${PROFILES_DIR}/${name}.json`;
  const profile = parseProfile(readJsonFile(projectPath(what), what), what, name);
  cache.set(name, deepFreeze(profile));
  return profile;
}

/** Every profile on disk, in name order. */
export function listProfiles(): Profile[] {
  return listProfileNames().map(loadProfile);
}

/** Resolves unknown bandwidths to `assumedGbps` and the initial credit to Gbit. */
export function resolveNetwork(profile: Profile): ResolvedNetwork {
  const n = profile.network;
  const assumed = n.baselineGbps === null || n.burstGbps === null;
  // The schema requires assumedGbps whenever a bandwidth is null.
  const fallback = n.assumedGbps ?? Number.NaN;
  const baselineGbps = n.baselineGbps ?? fallback;
  const burstGbps = Math.max(baselineGbps, n.burstGbps ?? fallback);
  const creditCapacityGbit = burstGbps > baselineGbps ? (n.creditCapacityGbit ?? 0) : 0;
  const initialCreditGbit =
    n.initialCredit === 'full' ? creditCapacityGbit : n.initialCredit === 'empty' ? 0 : Math.min(n.initialCredit, creditCapacityGbit);
  return { baselineGbps, burstGbps, creditCapacityGbit, initialCreditGbit, assumed };
}
