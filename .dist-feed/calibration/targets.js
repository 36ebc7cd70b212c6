export function judge(t, measured, predicted) {
    if (t.kind === 'none')
        return { target: 'reported', pass: true };
    if (t.kind === 'points')
        return { target: `±${t.limit * 100} points`, pass: Math.abs(predicted - measured) <= t.limit };
    return { target: `±${t.limit * 100}%`, pass: Math.abs(predicted - measured) <= t.limit * Math.abs(measured) };
}
/** One row per target whose measured figure exists, in the targets' order. */
export function validationRows(run, targets, measured, predicted) {
    const rows = [];
    for (const metric of Object.keys(targets)) {
        if (!Number.isFinite(measured[metric]))
            continue;
        const { target, pass } = judge(targets[metric], measured[metric], predicted[metric]);
        const errorPct = measured[metric] === 0 ? 0 : (100 * (predicted[metric] - measured[metric])) / measured[metric];
        rows.push({ run, metric, measured: +measured[metric].toFixed(4), predicted: +predicted[metric].toFixed(4), errorPct: +errorPct.toFixed(1), target, pass });
    }
    return rows;
}
