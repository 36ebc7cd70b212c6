/** The figures every sweep point carries when the model has chart hints. */
export const HINTED_VALUES = ['offered_per_s', 'delivered_per_s', 'delivered_ratio', 'failure_rate'];
function resourcesOf(p) {
    const list = Array.isArray(p.resources) ? p.resources : [];
    return list.map((r) => ({
        name: String(r.name),
        utilisation: Number(r.utilisation),
        peakUtilisation: Number(r.peakUtilisation ?? r.utilisation),
        saturatedAtS: typeof r.saturatedAtS === 'number' ? r.saturatedAtS : null,
    }));
}
/** Reduces a prediction to what a sweep keeps. Pure: the same prediction gives the same record. */
export function recordOf(model, p, seed) {
    const values = {};
    const hints = model.charts;
    if (hints) {
        values.offered_per_s = hints.offered.value(p);
        values.delivered_per_s = hints.delivered.value(p);
        values.delivered_ratio = hints.deliveredRatio(p);
        values.failure_rate = hints.failureRate(p);
    }
    for (const [metric, stats] of Object.entries(p.metrics)) {
        for (const [stat, v] of Object.entries(stats))
            if (typeof v === 'number')
                values[`${metric}.${stat}`] = v;
    }
    return { seed, values, resources: resourcesOf(p), bottleneck: p.bottleneck.resource };
}
