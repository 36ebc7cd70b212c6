import { loadProfile, UnknownProfileError, type Profile } from '../config/profiles.js';
import { UsageError } from './usage-error.js';

function profileNamed(name: string): Profile {
  try {
    return loadProfile(name);
  } catch (err) {
    if (err instanceof UnknownProfileError) throw new UsageError(`--profile: ${err.message}`);
    throw err;
  }
}

/**
 * `--profile` values (repeated or comma-separated): `role=name`, or a bare name that `roleOf`
 * places by the profile's kind. Roles not named keep their defaults.
 */
export function profilesByRole<R extends string>(values: unknown, defaults: Record<R, string>, roleOf: (p: Profile) => R): Record<R, Profile> {
  const roles = Object.keys(defaults) as R[];
  const chosen = Object.fromEntries(roles.map((r) => [r, profileNamed(defaults[r])])) as Record<R, Profile>;
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  for (const raw of list.flatMap((v) => String(v).split(','))) {
    const m = new RegExp(`^(?:(${roles.join('|')})=)?(.+)$`).exec(raw.trim());
    if (!m) throw new UsageError(`--profile must be a profile name or role=name (roles: ${roles.join(', ')}), got "${raw}"`);
    const profile = profileNamed(m[2]);
    chosen[(m[1] as R | undefined) ?? roleOf(profile)] = profile;
  }
  return chosen;
}
