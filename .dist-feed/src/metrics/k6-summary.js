import { Counter } from './counter.js';
import { Rate } from './rate.js';
import { K6_TREND_STATS } from './trend-stats.js';
/**
 * Builds k6's `--summary-export` JSON from named metrics, so a simulated run can be compared
 * field by field with a real one. Trends must already hold milliseconds, as k6 time metrics do.
 * Metric names and each metric's keys come out sorted, because k6 writes them from Go maps,
 * which encoding/json sorts; that also keeps our output byte-identical across runs.
 */
export function k6Summary(metrics, durationNs, trendStats = K6_TREND_STATS) {
    const out = {};
    for (const name of Object.keys(metrics).sort()) {
        const metric = metrics[name];
        const values = metric instanceof Counter ? metric.summary(durationNs) : metric instanceof Rate ? metric.summary() : metric.summary(trendStats);
        out[name] = sortKeys(values);
    }
    return { metrics: out };
}
function sortKeys(values) {
    const sorted = {};
    for (const key of Object.keys(values).sort())
        sorted[key] = values[key];
    return sorted;
}
