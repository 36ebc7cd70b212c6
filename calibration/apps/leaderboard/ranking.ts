/** The one sorted set that holds every player. */
export const KEY = 'lb';

/** Seconds kept for the tie-break: 2^22 s ≈ 48.5 days, a season. */
const TIME_BITS = 22;
const TIME_SPAN = 2 ** TIME_BITS;

/**
 * The sorted-set score of (score, update time): the score in the high bits and the time, inverted,
 * in the low 22 bits, so equal scores rank the earlier update higher. A double holds it exactly
 * while score < 2^31 (31 + 22 bits ≤ 53).
 */
export function compositeScore(score: number, tMs: number): number {
  const s = Math.floor(tMs / 1000) % TIME_SPAN;
  return score * TIME_SPAN + (TIME_SPAN - 1 - s);
}

export function scoreOf(composite: number): number {
  return Math.floor(composite / TIME_SPAN);
}

export const member = (player: number): string => `p${player}`;
