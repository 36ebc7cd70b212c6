import { UsageError } from '../../src/cli/usage-error.js';

/** The part of a run record an importer fills in from a load generator's own output. */
export interface ImportedRun {
  duration_s: number;
  metrics: Record<string, Record<string, number>>;
  series?: Record<string, number[]>;
  /** One sentence per thing the reader of the record should know (what was dropped, assumed). */
  notes: string[];
  /** Notes the importer's user must see at once (also in `notes`): the input does not hold the whole run. */
  warnings?: string[];
}

const TREND_KEYS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

type Shape = 'counter' | 'rate' | 'trend';

/** Which of the three k6 shapes the schema knows a metric has (gauges {value,min,max} have none). */
function shapeOf(values: Record<string, number>): Shape | undefined {
  const has = (k: string) => k in values;
  if (TREND_KEYS.every(has)) return 'trend';
  if (has('passes') && has('fails') && has('value')) return 'rate';
  if (has('count') && has('rate')) return 'counter';
  return undefined;
}

const SHAPE_KEYS: Record<Exclude<Shape, 'trend'>, string[]> = { counter: ['count', 'rate'], rate: ['passes', 'fails', 'value'] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A metric's numeric fields. Accepts `--summary-export` entries (fields at the top, newer k6 adds
 * `thresholds` beside them) and `handleSummary` data entries (`{type, contains, values}`, where a
 * rate's ratio is called `rate`, not `value`).
 */
function numericFields(entry: Record<string, unknown>): Record<string, number> {
  const source = isObject(entry.values) && typeof entry.type === 'string' ? entry.values : entry;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(source)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  if (source !== entry && entry.type === 'rate' && 'rate' in out && !('value' in out)) {
    out.value = out.rate;
    delete out.rate;
  }
  return out;
}

/** Keys sorted, as k6 writes them (and so records are byte-identical across imports). */
function sorted(values: Record<string, number>, keys: readonly string[] = Object.keys(values)): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...keys].sort()) out[k] = values[k];
  return out;
}

/**
 * A k6 `--summary-export` document → run duration and the metrics in the three shapes a run
 * record holds. Duration is `state.testRunDurationMs`; k6 versions before 0.30 do not write it,
 * and then it is count ÷ rate of the largest counter (k6 computes every rate as count ÷ run time).
 */
export function importK6Summary(doc: unknown, what: string): ImportedRun {
  if (!isObject(doc) || !isObject(doc.metrics)) throw new UsageError(`${what}: not a k6 --summary-export file (no "metrics" object)`);
  const metrics: Record<string, Record<string, number>> = {};
  const dropped: string[] = [];
  for (const name of Object.keys(doc.metrics).sort()) {
    const entry = doc.metrics[name];
    const values = isObject(entry) ? numericFields(entry) : {};
    const shape = shapeOf(values);
    if (shape === undefined) dropped.push(name);
    else metrics[name] = sorted(values, shape === 'trend' ? Object.keys(values) : SHAPE_KEYS[shape]);
  }
  if (Object.keys(metrics).length === 0) throw new UsageError(`${what}: no counter, rate or trend metrics in "metrics"`);

  const notes: string[] = [];
  if (dropped.length > 0) notes.push(`Dropped (gauges or other shapes a run record does not hold): ${dropped.join(', ')}.`);
  const state = isObject(doc.state) ? doc.state : {};
  const ms = state.testRunDurationMs;
  let duration_s: number;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) duration_s = ms / 1000;
  else {
    const counters = Object.entries(metrics).filter(([, v]) => 'count' in v && v.rate > 0 && v.count > 0);
    const largest = counters.sort(([, a], [, b]) => b.count - a.count)[0];
    if (largest === undefined) throw new UsageError(`${what}: no state.testRunDurationMs and no counter with a rate to derive the run duration from`);
    duration_s = largest[1].count / largest[1].rate;
    notes.push(`No state.testRunDurationMs: duration = ${largest[0]} count ÷ rate.`);
  }
  return { duration_s, metrics, notes };
}
