import { readJsonFile, validate } from '../config/schema.js';
import { projectPath } from '../config/project-root.js';
export function loadPublished(file) {
    return validate('models/published.schema.json', readJsonFile(projectPath(file), file), file);
}
/** Reads `a.b` from a k6 metrics object (`ws_session_duration.p(95)` included). */
export function metricAt(metrics, path) {
    const dot = path.indexOf('.');
    const value = metrics[path.slice(0, dot)]?.[path.slice(dot + 1)];
    if (value === undefined)
        throw new Error(`prediction has no metric ${path}`);
    return value;
}
export function compareCase(c, metrics, blindMetrics) {
    if (c.blind || !c.published) {
        return blindMetrics.map((metric) => ({ case: c.case, metric, published: null, predicted: metricAt(metrics, metric), errorPct: null, role: 'blind' }));
    }
    return Object.entries(c.published).map(([metric, published]) => {
        const predicted = metricAt(metrics, metric);
        return {
            case: c.case,
            metric,
            published,
            predicted,
            errorPct: published === 0 ? null : (100 * (predicted - published)) / published,
            role: c.fitted?.includes(metric) ? 'fitted' : 'validation',
        };
    });
}
