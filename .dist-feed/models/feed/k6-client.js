import { toMillis } from '../../src/engine/time.js';
import { Counter, Rate, Series, Trend } from '../../src/metrics/index.js';
/** k6 metrics of the feed script, named as k6 names them. */
export class FeedMetrics {
    checks = new Rate();
    http_reqs = new Counter();
    http_req_failed = new Rate();
    http_req_duration = new Trend();
    data_received = new Counter();
    data_sent = new Counter();
    iterations = new Counter();
    iteration_duration = new Trend();
    reqsPerSecond = new Series();
    okPerSecond = new Series();
}
/**
 * Every request k6 issued ends exactly one way: a 200/201 (succeeded), any other status or a
 * time-out (failed; both are http_reqs), or cut off by the end of the test (interrupted: k6 drops
 * its metrics) — or it is still pending when the run stops.
 */
export class RequestLedger {
    issued = 0;
    succeeded = 0;
    failed = 0;
    timedOut = 0;
    interrupted = 0;
    pending = 0;
    byStatus = {};
}
/** The seed's k6 iteration: one POST, a check on the status, sleep(1). */
export function feedIteration(sim, frontend, script, m, ledger) {
    let nextId = 0;
    const record = (status, bytes, startedAt) => {
        const ok = status === 200 || status === 201;
        m.http_reqs.add(1);
        m.reqsPerSecond.add(sim.now, 1);
        if (ok)
            m.okPerSecond.add(sim.now, 1);
        // k6's default expected statuses are 200–399; a time-out has status 0.
        m.http_req_failed.add(!(status >= 200 && status < 400));
        m.checks.add(ok);
        m.http_req_duration.add(toMillis(sim.now - startedAt));
        m.data_received.add(bytes);
        ledger.byStatus[status] = (ledger.byStatus[status] ?? 0) + 1;
        if (ok)
            ledger.succeeded++;
        else
            ledger.failed++;
    };
    return (vu, done) => {
        const startedAt = sim.now;
        const req = { id: nextId++, vu: vu.id, sentAt: startedAt, clientGone: false };
        ledger.issued++;
        ledger.pending++;
        m.data_sent.add(script.requestBytes);
        let settled = false;
        const settle = () => {
            if (settled)
                return false;
            settled = true;
            ledger.pending--;
            return true;
        };
        const sleepThenEnd = () => vu.sleep(script.sleepNs, () => {
            m.iterations.add(1);
            m.iteration_duration.add(toMillis(sim.now - startedAt));
            done();
        });
        const timer = sim.schedule(script.timeoutNs, () => {
            if (!settle())
                return;
            req.clientGone = true;
            ledger.timedOut++;
            record(0, 0, startedAt);
            sleepThenEnd();
        });
        vu.onInterrupt(() => {
            sim.cancel(timer);
            if (!settle())
                return;
            req.clientGone = true;
            ledger.interrupted++;
        });
        frontend.send(req, (status, bytes) => {
            if (!settle())
                return;
            sim.cancel(timer);
            record(status, bytes, startedAt);
            sleepThenEnd();
        });
    };
}
