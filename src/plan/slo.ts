import { UsageError } from '../cli/usage-error.js';
import type { SloMetric } from './spec.js';

export type SloOp = '>=' | '>' | '<=' | '<';

/** One clause of an SLO, e.g. p95<500ms: the threshold in the metric's own unit (ms, ratio, per second). */
export interface SloClause {
  text: string;
  metric: string;
  op: SloOp;
  threshold: number;
}

export interface ClauseVerdict {
  clause: string;
  value: number;
  pass: boolean;
  /** Relative room left to the threshold: + inside, − outside (e.g. 0.2 = 20 % of the threshold to spare). */
  margin: number;
}

const CLAUSE = /^\s*([a-z][a-z0-9_]*)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(ms|s|%|\/s)?\s*$/i;

/** The threshold in the metric's unit, or undefined when the written unit does not fit the metric. */
function threshold(n: number, unit: string | undefined, metric: SloMetric): number | undefined {
  const u = unit?.toLowerCase();
  if (metric.unit === 'ms') return u === undefined || u === 'ms' ? n : u === 's' ? n * 1000 : undefined;
  if (metric.unit === 'ratio') return u === undefined ? (n <= 1 ? n : undefined) : u === '%' && n <= 100 ? n / 100 : undefined;
  return u === undefined || u === '/s' ? n : undefined;
}

const UNIT_HINT: Record<SloMetric['unit'], string> = { ms: 'a time such as 500ms or 0.5s', ratio: 'a share such as 0.99 or 99%', per_s: 'a rate such as 500 or 500/s' };

/**
 * Parses `delivered>=0.99,p95<500ms` against the metrics a model declares. Any fault is a
 * UsageError naming --slo and the clause, before anything is simulated.
 */
export function parseSlo(raw: unknown, metrics: Readonly<Record<string, SloMetric>>): SloClause[] {
  const names = Object.keys(metrics).join(', ');
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError(`--slo is required: clauses such as 'p95<500ms,delivered>=0.99' over ${names}`);
  const clauses = raw.split(',').map((text): SloClause => {
    const m = CLAUSE.exec(text);
    if (!m) throw new UsageError(`--slo: "${text.trim()}" is not a clause like p95<500ms (a metric, one of >= > <= <, a number with its unit)`);
    const metric = metrics[m[1]];
    if (!metric) throw new UsageError(`--slo: unknown metric "${m[1]}" in "${text.trim()}"; this model's metrics: ${names}`);
    const t = threshold(Number(m[3]), m[4], metric);
    if (t === undefined) throw new UsageError(`--slo: "${text.trim()}": ${m[1]} takes ${UNIT_HINT[metric.unit]}`);
    return { text: text.trim(), metric: m[1], op: m[2] as SloOp, threshold: t };
  });
  const seen = new Set<string>();
  for (const c of clauses) {
    const key = `${c.metric}${c.op[0]}`;
    if (seen.has(key)) throw new UsageError(`--slo: ${c.metric} is bounded twice from the same side ("${c.text}")`);
    seen.add(key);
  }
  return clauses;
}

/** Whether a run's figure meets a clause, and by how much (a missing figure fails with margin −∞). */
export function judgeClause(clause: SloClause, value: number): ClauseVerdict {
  if (!Number.isFinite(value)) return { clause: clause.text, value, pass: false, margin: Number.NEGATIVE_INFINITY };
  const pass = clause.op === '>=' ? value >= clause.threshold : clause.op === '>' ? value > clause.threshold : clause.op === '<=' ? value <= clause.threshold : value < clause.threshold;
  const room = clause.op[0] === '>' ? value - clause.threshold : clause.threshold - value;
  return { clause: clause.text, value, pass, margin: room / (clause.threshold === 0 ? 1 : Math.abs(clause.threshold)) };
}
