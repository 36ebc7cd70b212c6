/**
 * A second counts as saturated when the resource was at least this busy *and* had at least
 * SATURATION_QUEUE_S of work waiting. Busy alone is not enough: an event loop that batches runs
 * near 100% well before it falls behind, because batching makes each message cheaper.
 */
export const SATURATION_THRESHOLD = 0.95;
export const SATURATION_QUEUE_S = 0.1;

/** How one resource fared over a run, in the units a capacity review reads. */
export interface ResourceUsage {
  name: string;
  kind: 'cpu' | 'network';
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
  /** First second (from the start) in which the resource was saturated; null if never. */
  saturatedAtS: number | null;
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
  const at = perSecond.findIndex((u, s) => u >= SATURATION_THRESHOLD && (queueSeconds[s] ?? 0) >= SATURATION_QUEUE_S);
  return { ...rest, peakUtilisation: Math.max(0, ...perSecond), saturatedAtS: at < 0 ? null : at };
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
/** "83% busy" for a CPU; "41% of baseline" for a NIC, whose allowance is the figure to watch. */
const usage = (r: ResourceReport): string => `${pct(r.utilisation)}${r.kind === 'network' ? ' of baseline' : ' busy'}`;
const qty = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * The first resource to saturate is the bottleneck (ties: the busier one). When none saturates,
 * the busiest is named as the one closest to its limit, with its headroom.
 */
export function findBottleneck(resources: readonly ResourceReport[]): Bottleneck {
  const saturated = resources.filter((r) => r.saturatedAtS !== null);
  if (saturated.length > 0) {
    const first = [...saturated].sort((a, b) => a.saturatedAtS! - b.saturatedAtS! || b.utilisation - a.utilisation)[0];
    const others = resources.filter((r) => r !== first).map((r) => `${r.name} at ${usage(r)}`).join('; ');
    return {
      resource: first.name,
      saturated: true,
      atS: first.saturatedAtS,
      headline:
        `${first.name} saturated at t=${first.saturatedAtS} s: ${usage(first)} over the run, ` +
        `backlog up to ${qty(first.maxQueue)} ${first.queueUnit}` +
        (others ? `; ${others}` : ''),
      scaleNext: first.scaleNext,
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
