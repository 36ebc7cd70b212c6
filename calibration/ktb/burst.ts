import type { KtbRun } from '../../models/ktb-chat/model.js';
import type { RunRecord } from '../records.js';

type Figures = Record<'credit bucket lasted (s)' | 'CPU credits left at the end' | 'delivery latency mean, last 10 s (ms)', number>;

/**
 * First second whose credit level is zero (≤ 1e-9) and, when a throttle series is given, that ran
 * throttled (a second the generator's stalled loop never sampled reads 0 credits and 0 throttled);
 * the series length if none.
 */
function lastedS(credits: readonly number[], from = 1, throttled?: readonly number[]): number {
  for (let s = from; s < credits.length; s++) if (credits[s] <= 1e-9 && (!throttled || throttled[s] > 0)) return s;
  return credits.length;
}

/** The last sampled level (a second never sampled has neither credits nor throttling). */
function lastLevel(credits: readonly number[], throttled: readonly number[]): number {
  for (let s = credits.length - 1; s >= 0; s--) if (credits[s] > 0 || throttled[s] > 0) return credits[s];
  return 0;
}

/**
 * Mean latency over the last `seconds` seconds in which copies arrived (a simulated app whose
 * connections all dropped delivers nothing at the end: its last deliveries stand for it).
 */
function lastMean(sum: readonly number[], count: readonly number[], seconds = 10): number {
  let a = 0;
  let b = 0;
  let taken = 0;
  for (let s = sum.length - 1; s >= 0 && taken < seconds; s--) if (count[s] > 0) (a += sum[s]), (b += count[s]), taken++;
  return b > 0 ? a / b : 0;
}

/**
 * For a run on the emulated burstable vCPU (settings credit-mode standard; calibration/load/
 * burst-controller.ts), the measured and simulated bucket: how long it lasted, what was left, and
 * the mean delivery latency over the last 10 s with deliveries (the seconds most likely after it emptied).
 */
export function burstFigures(r: RunRecord, sim: KtbRun): { measured: Figures; predicted: Figures } | undefined {
  const s = r.series;
  if (r.settings['credit-mode'] !== 'standard' || !s?.credits) return undefined;
  // The generator's last series second is the drain after the test; the test's seconds come first.
  const n = Math.ceil(r.duration_s);
  const credits = s.credits.slice(0, n);
  const throttled = (s.throttled ?? []).slice(0, n);
  const simCredits = sim.seconds.get('app_credits_min');
  return {
    measured: {
      'credit bucket lasted (s)': lastedS(credits, 1, throttled),
      'CPU credits left at the end': lastLevel(credits, throttled),
      'delivery latency mean, last 10 s (ms)': lastMean(s.latency_ms_sum.slice(0, n), s.received.slice(0, n)),
    },
    predicted: {
      'credit bucket lasted (s)': lastedS(simCredits, 0),
      'CPU credits left at the end': simCredits[simCredits.length - 1],
      'delivery latency mean, last 10 s (ms)': 1000 * lastMean(sim.seconds.get('latency_sum_s'), sim.seconds.get('latency_count')),
    },
  };
}
