import { readJsonFile, validate } from '../../src/config/schema.js';
import { projectPath } from '../../src/config/project-root.js';
export const FEED_PARAMS_FILE = 'models/feed/params.json';
export function loadFeedParams(file = FEED_PARAMS_FILE) {
    return validate('models/feed/params.schema.json', readJsonFile(projectPath(file), file), file);
}
export const num = (p) => p.value;
/** Speed of a profile's core for this model: its fitted value if the model has one, else the profile's. */
export function speedFor(table, profile) {
    return table[profile.name]?.value ?? profile.cpuSpeed;
}
/** The contention law of the local MariaDB measurements for one innodb_flush_log_at_trx_commit. */
export function mysqlUsl(params, flush) {
    const m = params.mysql;
    return { lambda: num(m[`flush${flush}Lambda`]), sigma: num(m[`flush${flush}Sigma`]), kappa: num(m[`flush${flush}Kappa`]) };
}
