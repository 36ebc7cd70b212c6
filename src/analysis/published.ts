import { readJsonFile, validate } from '../config/schema.js';
import { projectPath } from '../config/project-root.js';
import { judge, publishedTarget } from '../../calibration/targets.js';

/** One published load-test case: the flags that reproduce it and the figures the write-up gave. */
export interface PublishedCase {
  case: string;
  label: string;
  flags: Record<string, string>;
  /** Metric path (`ws_msgs_received.count`) → published value; absent for blind cases. */
  published?: Record<string, number>;
  /** The resource the write-up names as the limit. */
  bottleneck?: string;
  /** Metrics a model parameter was fitted to: shown, never counted as validation. */
  fitted?: string[];
  /** Withheld results: the prediction is made blind. */
  blind?: boolean;
  /**
   * The load as the write-up states it, when its published figures cannot come from that load and
   * another case carries them at the load they imply: predicted and printed, never compared.
   */
  asStated?: boolean;
  note?: string;
}

export interface PublishedCases {
  source: string;
  cases: PublishedCase[];
}

export function loadPublished(file: string): PublishedCases {
  return validate<PublishedCases>('models/published.schema.json', readJsonFile(projectPath(file), file), file);
}

/** Reads `a.b` from a k6 metrics object (`ws_session_duration.p(95)` included). */
export function metricAt(metrics: Record<string, Record<string, number>>, path: string): number {
  const dot = path.indexOf('.');
  const value = metrics[path.slice(0, dot)]?.[path.slice(dot + 1)];
  if (value === undefined) throw new Error(`prediction has no metric ${path}`);
  return value;
}

export interface ComparisonRow {
  case: string;
  metric: string;
  published: number | null;
  predicted: number;
  /** (predicted − published) / published × 100; null when blind. */
  errorPct: number | null;
  role: 'fitted' | 'validation' | 'blind' | 'as stated';
  /** The tolerance it is judged by (calibration/targets.ts publishedTarget): "±5%", "reported", "blind", "as stated". */
  target: string;
  /** Within target; true for reported, blind and as-stated rows, which have none. */
  pass: boolean;
}

export function compareCase(c: PublishedCase, metrics: Record<string, Record<string, number>>, blindMetrics: readonly string[]): ComparisonRow[] {
  if (c.blind || c.asStated || !c.published) {
    const role = c.asStated ? 'as stated' : 'blind';
    return blindMetrics.map((metric) => ({ case: c.case, metric, published: null, predicted: metricAt(metrics, metric), errorPct: null, role, target: role, pass: true }));
  }
  return Object.entries(c.published).map(([metric, published]) => {
    const predicted = metricAt(metrics, metric);
    const fitted = c.fitted?.includes(metric) ?? false;
    return {
      case: c.case,
      metric,
      published,
      predicted,
      errorPct: published === 0 ? null : (100 * (predicted - published)) / published,
      role: fitted ? 'fitted' : 'validation',
      ...judge(publishedTarget(metric, fitted), published, predicted),
    };
  });
}
