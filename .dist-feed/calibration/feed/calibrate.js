import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-root.js';
import { levenbergMarquardt } from '../levenberg-marquardt.js';
import { FEED_PARAMS_FILE, loadFeedParams } from '../../models/feed/params.js';
import { simulateRecord, simulatedServerCpuSeconds } from './validate.js';
const speeds = (p) => [p.app.cpuSpeed.local, p.mysql.speed.local];
/**
 * Levenberg–Marquardt on relative residuals of each run's server CPU seconds and request rate,
 * simulated with the run's exact settings. `start` gives everything else and the starting point.
 */
export function calibrateFeed(records, log = () => { }, start = loadFeedParams()) {
    const usable = records.filter((r) => r.resources?.server_cpu_seconds !== undefined && r.settings.db === 'mysql' && r.metrics.http_reqs?.count > 0);
    if (usable.length < 2)
        throw new Error(`calibrate feed needs at least 2 MySQL runs with measured server CPU, got ${usable.length}`);
    const params = structuredClone(start);
    const [app, db] = speeds(params);
    const set = (x) => {
        app.value = +x[0].toFixed(4);
        db.value = +x[1].toFixed(4);
    };
    const figures = () => usable.map((r) => {
        const run = simulateRecord(r, params);
        return { cpu: simulatedServerCpuSeconds(run), rps: run.summary.metrics.http_reqs.rate };
    });
    const fit = levenbergMarquardt((x) => {
        set(x);
        return figures().flatMap((f, i) => [f.cpu / usable[i].resources.server_cpu_seconds - 1, f.rps / usable[i].metrics.http_reqs.rate - 1]);
    }, [app.value, db.value]);
    set(fit.x);
    log(`refined in ${fit.iterations} steps: app.cpuSpeed.local=${app.value} mysql.speed.local=${db.value}`);
    const final = figures();
    const pct = (p, m) => +((100 * (p - m)) / m).toFixed(1);
    const calibration = {
        runs: usable.map((r) => r.id),
        rounds: fit.iterations,
        appCpuSpeedLocal: app.value,
        mysqlSpeedLocal: db.value,
        residuals: usable.flatMap((r, i) => [
            { run: r.id, metric: 'server CPU s', measured: r.resources.server_cpu_seconds, predicted: +final[i].cpu.toFixed(3), errorPct: pct(final[i].cpu, r.resources.server_cpu_seconds) },
            { run: r.id, metric: 'http_reqs/s', measured: r.metrics.http_reqs.rate, predicted: +final[i].rps.toFixed(3), errorPct: pct(final[i].rps, r.metrics.http_reqs.rate) },
        ]),
    };
    return { calibration, params };
}
/** Writes the two local speeds into models/feed/params.json with the runs and residuals as provenance. */
export function saveFeedCalibration(c) {
    const file = projectPath(FEED_PARAMS_FILE);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const worst = (metric) => {
        const rs = c.residuals.filter((r) => r.metric === metric).map((r) => Math.abs(r.errorPct));
        return `${metric}: worst run ${Math.max(...rs)}% off, median ${[...rs].sort((a, b) => a - b)[Math.floor(rs.length / 2)]}%`;
    };
    const residual = `${worst('server CPU s')}; ${worst('http_reqs/s')}`;
    const source = (what) => `capsim calibrate feed: Levenberg–Marquardt (${c.rounds} steps) on relative residuals of server CPU seconds and http_reqs/s of ${c.runs.length} local runs (calibration/feed-runs.sh), ${what}`;
    const [app, db] = speeds(doc);
    app.value = c.appCpuSpeedLocal;
    app.provenance = { kind: 'fitted', source: source('re-simulated with their exact settings; scales every Django CPU cost measured in-process to what gunicorn + Django spend on core 0'), fittedTo: c.runs, residual };
    db.value = c.mysqlSpeedLocal;
    db.provenance = { kind: 'fitted', source: source('fitted jointly with app.cpuSpeed.local; scales the local MariaDB USL (mariadb-slap) to Django\'s connection-per-request INSERTs with the load generator on the same core'), fittedTo: c.runs, residual };
    writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
}
