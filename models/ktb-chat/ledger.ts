import type { Trend } from '../../src/metrics/trend.js';

export type Outcome = 'onTime' | 'late' | 'dropped' | 'inFlight';

export interface DeliveryAccount {
  /** Σ over emits of the room's members: every copy owed (sender included, as io.to(room).emit does). */
  expected: number;
  onTime: number;
  late: number;
  dropped: number;
  /** Still on its way when the test ended. */
  inFlight: number;
}

/**
 * Every copy an emit owes, placed in exactly one outcome. Fan-outs are arithmetic, so a step adds
 * fractional copies per outcome; whole counts are settled at the end by largest remainders, which
 * keeps onTime + late + dropped + inFlight = expected exactly. Latency samples go into the trend
 * with whole weights carried per outcome stream.
 */
export class DeliveryLedger {
  expected = 0;
  private readonly sums: Record<Outcome, number> = { onTime: 0, late: 0, dropped: 0, inFlight: 0 };
  private readonly carry: Float64Array;

  /** `streams`: how many latency streams carry fractions separately (numbered 0 … streams − 1). */
  constructor(private readonly latencyMs: Trend, streams: number) {
    this.carry = new Float64Array(streams);
  }

  owe(copies: number): void {
    this.expected += copies;
  }

  /** `copies` (fractional) of what was owed met `outcome`; those that arrive add their latency. */
  settle(outcome: Outcome, copies: number, latencyMs: number, stream: number): void {
    if (copies <= 0) return;
    this.sums[outcome] += copies;
    if (outcome === 'onTime' || outcome === 'late') {
      const acc = this.carry[stream] + copies;
      const whole = Math.floor(acc);
      this.carry[stream] = acc - whole;
      if (whole > 0) this.latencyMs.add(latencyMs, whole);
    }
  }

  /** Whole counts summing exactly to `expected` (largest remainder). */
  account(): DeliveryAccount {
    const keys: Outcome[] = ['onTime', 'late', 'dropped', 'inFlight'];
    const floors = keys.map((k) => Math.floor(this.sums[k]));
    let left = this.expected - floors.reduce((a, b) => a + b, 0);
    const order = keys.map((k, i) => ({ i, r: this.sums[k] - floors[i] })).sort((a, b) => b.r - a.r || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      floors[i]++;
      left--;
    }
    const [onTime, late, dropped, inFlight] = floors;
    return { expected: this.expected, onTime, late, dropped, inFlight };
  }
}
