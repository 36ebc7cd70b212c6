import { meanWithInterval } from './student-t.js';
const HEADER_KEYS = ['format', 'model', 'fixed', 'axes', 'baseSeed', 'replications', 'seeds', 'confidence', 'gridSize'];
export function headerOf(r) {
    return Object.fromEntries(HEADER_KEYS.map((k) => [k, r[k]]));
}
/** Builds the result object with its keys in one fixed order, whoever builds it (sweep or merge). */
export function sweepResult(header, points, shard) {
    return { ...headerOf(header), ...(shard ? { shard } : {}), points };
}
function mode(names, order) {
    const counts = new Map();
    for (const n of names)
        counts.set(n, (counts.get(n) ?? 0) + 1);
    let best = names[0];
    for (const n of order)
        if ((counts.get(n) ?? 0) > (counts.get(best) ?? 0))
            best = n;
    return best;
}
/** Summarises one point's replications. Depends only on its runs, so a shard computes it the same. */
export function summarisePoint(index, values, runs, confidence) {
    const keys = [];
    for (const run of runs)
        for (const k of Object.keys(run.values))
            if (!keys.includes(k))
                keys.push(k);
    const summary = {};
    for (const k of keys) {
        const samples = runs.map((r) => r.values[k]).filter((v) => typeof v === 'number' && Number.isFinite(v));
        if (samples.length > 0)
            summary[k] = meanWithInterval(samples, confidence);
    }
    const names = [];
    for (const run of runs)
        for (const r of run.resources)
            if (!names.includes(r.name))
                names.push(r.name);
    const resources = names.map((name) => {
        const seen = runs.map((run) => run.resources.find((r) => r.name === name)).filter((r) => r !== undefined);
        return {
            name,
            utilisation: meanWithInterval(seen.map((r) => r.utilisation), confidence),
            peakUtilisation: meanWithInterval(seen.map((r) => r.peakUtilisation), confidence),
            saturatedShare: seen.filter((r) => r.saturatedAtS !== null).length / runs.length,
            bottleneckShare: runs.filter((run) => run.bottleneck === name).length / runs.length,
        };
    });
    return { index, values, runs, summary, resources, bottleneck: mode(runs.map((r) => r.bottleneck), names) };
}
/** The JSON text of a result: one line per point keeps it diffable and no larger than it must be. */
export function sweepJson(result) {
    const { points, ...head } = result;
    const lines = points.map((p) => '    ' + JSON.stringify(p));
    return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "points": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
