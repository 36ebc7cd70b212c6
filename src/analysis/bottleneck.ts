/**
 * A second counts as saturated when the resource was at least this busy *and* had at least
 * SATURATION_QUEUE_S of work waiting. Busy alone is not enough: an event loop that batches runs
 * near 100% well before it falls behind, because batching makes each message cheaper.
 */
export const SATURATION_THRESHOLD = 0.95;
export const SATURATION_QUEUE_S = 0.1;
/**
 * Saturation must last this many consecutive seconds to count: a burst of connections can fill
 * every app core for a second without that core being what limits the run.
 */
export const SATURATION_SUSTAINED_S = 3;

/**
 * Work waiting at the end of each second, in seconds of that second's throughput (`drained`); a
 * second that drained less than `minDrained` counts as having drained that much.
 */
export function queueSeconds(waiting: readonly number[], drained: readonly number[], minDrained = 1e-9): number[] {
  return waiting.map((w, sec) => w / Math.max(drained[sec], minDrained));
}

/** How one resource fared over a run, in the units a capacity review reads. */
export interface ResourceUsage {
  name: string;
  /** The kinds of models/resources.schema.json: a pool or database "busy" share is slots or capacity in use. */
  kind: 'cpu' | 'network' | 'pool' | 'database' | 'disk' | 'memory';
  /** Mean busy fraction over the run; for a NIC, bytes sent against its baseline allowance. */
  utilisation: number;
  /** Busy fraction per second against the capacity in force that second. */
  perSecond: number[];
  /** Work waiting at each second, in seconds of this resource's recent throughput. */
  queueSeconds: number[];
  meanQueue: number;
  maxQueue: number;
  queueUnit: string;
  /** What to do if this resource is the bottleneck. */
  scaleNext: string;
  /** Extra figures worth printing (credits, allowance exceeded). */
  detail?: string;
}

export interface ResourceReport extends Omit<ResourceUsage, 'perSecond' | 'queueSeconds'> {
  peakUtilisation: number;
  /** Start of the first sustained saturation (seconds from the start); null if never. */
  saturatedAtS: number | null;
  /** Seconds spent saturated over the run (sustained stretches only). */
  saturatedS: number;
}

export interface Bottleneck {
  resource: string;
  saturated: boolean;
  atS: number | null;
  headline: string;
  scaleNext: string;
}

export function reportResource(r: ResourceUsage): ResourceReport {
  const { perSecond, queueSeconds, ...rest } = r;
  const full = perSecond.map((u, s) => u >= SATURATION_THRESHOLD && (queueSeconds[s] ?? 0) >= SATURATION_QUEUE_S);
  let at: number | null = null;
  let total = 0;
  for (let s = 0; s < full.length; ) {
    let e = s;
    while (e < full.length && full[e]) e++;
    if (e - s >= SATURATION_SUSTAINED_S) {
      at ??= s;
      total += e - s;
    }
    s = Math.max(e, s + 1);
  }
  // Without a per-second series the run's mean is the best figure for the busiest second.
  return { ...rest, peakUtilisation: perSecond.length > 0 ? Math.max(...perSecond) : r.utilisation, saturatedAtS: at, saturatedS: total };
}

/** Shares and counts as the bottleneck headline and the resource table print them. */
export const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
/** "83% busy" for a CPU; "41% of baseline" for a NIC, whose allowance is the figure to watch; "97% in use" for a pool. */
const usage = (r: ResourceReport): string => `${pct(r.utilisation)}${r.kind === 'network' ? ' of baseline' : r.kind === 'pool' ? ' in use' : ' busy'}`;
export const qty = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * The bottleneck is the resource that stayed saturated longest (ties: the one that saturated
 * first, then the busier): the one that limits the run, not the first to flinch. When none
 * saturates, the busiest is named as the one closest to its limit, with its headroom.
 */
export function findBottleneck(resources: readonly ResourceReport[]): Bottleneck {
  const saturated = resources.filter((r) => r.saturatedAtS !== null);
  if (saturated.length > 0) {
    const limit = [...saturated].sort((a, b) => b.saturatedS - a.saturatedS || a.saturatedAtS! - b.saturatedAtS! || b.utilisation - a.utilisation)[0];
    const others = resources.filter((r) => r !== limit).map((r) => `${r.name} at ${usage(r)}`).join('; ');
    return {
      resource: limit.name,
      saturated: true,
      atS: limit.saturatedAtS,
      headline:
        `${limit.name} saturated at t=${limit.saturatedAtS} s (${limit.saturatedS} s in all): ${usage(limit)} over the run, ` +
        `backlog up to ${qty(limit.maxQueue)} ${limit.queueUnit}` +
        (others ? `; ${others}` : ''),
      scaleNext: limit.scaleNext,
    };
  }
  const busiest = [...resources].sort((a, b) => b.peakUtilisation - a.peakUtilisation)[0];
  return {
    resource: busiest.name,
    saturated: false,
    atS: null,
    headline: `no resource saturated; closest is ${busiest.name} at ${usage(busiest)} (busiest second ${pct(busiest.peakUtilisation)})`,
    scaleNext: busiest.scaleNext,
  };
}
