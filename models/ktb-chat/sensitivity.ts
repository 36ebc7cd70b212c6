import type { KtbScenario, UserAssumptions } from './scenario.js';

export interface SensitivityRow {
  assumption: string;
  value: string;
  max_users: number;
  /** max_users relative to the base scenario, in percent. */
  change_pct: number;
}

const FACTORS = [0.5, 2] as const;

/** Each per-user assumption at ½× and 2× (a share capped at 1), all else equal: how max_users moves. */
export function sensitivity(sc: KtbScenario, base: number, maxUsers: (s: KtbScenario) => number): SensitivityRow[] {
  const vary: Array<[string, (u: UserAssumptions, f: number) => UserAssumptions, (u: UserAssumptions) => string]> = [
    ['room size', (u, f) => ({ ...u, roomSize: Math.max(2, Math.round(u.roomSize * f)) }), (u) => String(u.roomSize)],
    ['message interval', (u, f) => ({ ...u, intervalNs: Math.round(u.intervalNs * f) }), (u) => `${u.intervalNs / 1e9}s`],
    ['message bytes', (u, f) => ({ ...u, messageBytes: Math.max(1, Math.round(u.messageBytes * f)) }), (u) => String(u.messageBytes)],
    ['history share', (u, f) => ({ ...u, historyShare: Math.min(1, u.historyShare * f) }), (u) => String(u.historyShare)],
  ];
  const rows: SensitivityRow[] = [];
  for (const [name, change, show] of vary) {
    for (const f of FACTORS) {
      const user = change(sc.user, f);
      const n = maxUsers({ ...sc, user });
      rows.push({ assumption: name, value: show(user), max_users: n, change_pct: base > 0 ? +((100 * (n - base)) / base).toFixed(1) : 0 });
    }
  }
  return rows;
}
