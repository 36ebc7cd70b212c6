/** A held-out validation target: relative error, absolute points (for shares), or reported only. */
export interface Target {
  kind: 'relative' | 'points' | 'none';
  limit: number;
}

/**
 * The held-out tolerances every model is judged by (issue 3, and issue 4 "with the same targets as
 * chat"): a throughput and a success share within ±5 %, server CPU within ±5 points, a p95 within
 * ±25 %; other figures are only reported. Never widened silently.
 */
export const HELD_OUT = {
  rate: { kind: 'relative', limit: 0.05 },
  share: { kind: 'relative', limit: 0.05 },
  cpu: { kind: 'points', limit: 0.05 },
  p95: { kind: 'relative', limit: 0.25 },
  reported: { kind: 'none', limit: 0 },
} as const satisfies Record<string, Target>;

export interface ValidationRow {
  run: string;
  metric: string;
  measured: number;
  predicted: number;
  /** Relative error in %; for a target in points, the difference in percentage points. */
  errorPct: number;
  errorUnit: '%' | 'points';
  target: string;
  pass: boolean;
  /**
   * The lowest and highest of the runs whose mean `measured` is, when a setting was run more than
   * once: how far the real system itself strays, to read an error against.
   */
  measuredRange?: [number, number];
}

/** How far a fit is off over its runs, as provenance says it: "worst run 8.7% off, median 4.7%". */
export function worstAndMedian(errors: number[], unit = '%'): string {
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  return `worst run ${abs[abs.length - 1]}${unit} off, median ${abs[Math.floor(abs.length / 2)]}${unit}`;
}

export function judge(t: Target, measured: number, predicted: number): { target: string; pass: boolean } {
  if (t.kind === 'none') return { target: 'reported', pass: true };
  if (t.kind === 'points') return { target: `±${t.limit * 100} points`, pass: Math.abs(predicted - measured) <= t.limit };
  return { target: `±${t.limit * 100}%`, pass: Math.abs(predicted - measured) <= t.limit * Math.abs(measured) };
}

/** One row per target whose measured figure exists, in the targets' order; `readings`: the runs `measured` is the mean of. */
export function validationRows<M extends string>(run: string, targets: Record<M, Target>, measured: Record<M, number>, predicted: Record<M, number>, readings: Array<Record<M, number>> = []): ValidationRow[] {
  const rows: ValidationRow[] = [];
  for (const metric of Object.keys(targets) as M[]) {
    if (!Number.isFinite(measured[metric])) continue;
    const { target, pass } = judge(targets[metric], measured[metric], predicted[metric]);
    const points = targets[metric].kind === 'points';
    const diff = predicted[metric] - measured[metric];
    const errorPct = points ? 100 * diff : measured[metric] === 0 ? 0 : (100 * diff) / measured[metric];
    const values = readings.map((r) => r[metric]);
    const range: Pick<ValidationRow, 'measuredRange'> = values.length > 1 ? { measuredRange: [+Math.min(...values).toFixed(4), +Math.max(...values).toFixed(4)] } : {};
    rows.push({ run, metric, measured: +measured[metric].toFixed(4), predicted: +predicted[metric].toFixed(4), errorPct: +errorPct.toFixed(1), errorUnit: points ? 'points' : '%', target, pass, ...range });
  }
  return rows;
}
