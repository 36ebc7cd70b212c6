import type { Simulation } from '../../src/engine/simulation.js';
import { toMillis, type Nanos } from '../../src/engine/time.js';
import { Counter, Rate, Series, Trend, k6Summary, type K6Metric, type K6SummaryExport } from '../../src/metrics/index.js';
import type { Iteration } from '../../src/workload/virtual-user.js';

/** One POST as both ends see it. The server keeps working on it after the client gave up. */
export interface FeedRequest {
  readonly id: number;
  /** k6 stopped waiting (time-out, or the iteration was cut off at the end of the test). */
  clientGone: boolean;
}

/** Where k6 sends: the load balancer in front of the app tasks. `respond` fires at the client. */
export interface Frontend {
  send(req: FeedRequest, respond: (status: number, bytes: number) => void): void;
}

export interface ClientScript {
  /** k6's per-request `timeout` (default 60 s): then status 0, counted as a failed request. */
  timeoutNs: Nanos;
  /** `sleep(1)` after each response. */
  sleepNs: Nanos;
  /** Bytes k6 sends per POST (headers + form body), for data_sent. */
  requestBytes: number;
}

/** k6 metrics of the feed script, named as k6 names them. */
export class FeedMetrics {
  readonly checks = new Rate();
  readonly http_reqs = new Counter();
  readonly http_req_failed = new Rate();
  readonly http_req_duration = new Trend();
  readonly data_received = new Counter();
  readonly data_sent = new Counter();
  readonly iterations = new Counter();
  readonly iteration_duration = new Trend();
  readonly reqsPerSecond = new Series();
  readonly okPerSecond = new Series();

  /** The k6 end-of-test summary (`--summary-export`) of the script's metrics. */
  summary(durationNs: Nanos): K6SummaryExport {
    return k6Summary(this.reported(), durationNs);
  }

  /** The metrics the summary reports, by their k6 names. */
  protected reported(): Record<string, K6Metric> {
    const { checks, data_received, data_sent, http_req_duration, http_req_failed, http_reqs, iteration_duration, iterations } = this;
    return { checks, data_received, data_sent, http_req_duration, http_req_failed, http_reqs, iteration_duration, iterations };
  }
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
  readonly byStatus: Record<string, number> = {};
}

/** The seed's k6 iteration: one POST, a check on the status, sleep(1). */
export function feedIteration(sim: Simulation, frontend: Frontend, script: ClientScript, m: FeedMetrics, ledger: RequestLedger): Iteration {
  let nextId = 0;
  const record = (status: number, bytes: number, startedAt: Nanos): void => {
    const ok = status === 200 || status === 201;
    m.http_reqs.add(1);
    m.reqsPerSecond.add(sim.now, 1);
    if (ok) m.okPerSecond.add(sim.now, 1);
    // k6's default expected statuses are 200–399; a time-out has status 0.
    m.http_req_failed.add(!(status >= 200 && status < 400));
    m.checks.add(ok);
    m.http_req_duration.add(toMillis(sim.now - startedAt));
    m.data_received.add(bytes);
    ledger.byStatus[status] = (ledger.byStatus[status] ?? 0) + 1;
    if (ok) ledger.succeeded++;
    else ledger.failed++;
  };
  return (vu, done) => {
    const startedAt = sim.now;
    const req: FeedRequest = { id: nextId++, clientGone: false };
    ledger.issued++;
    ledger.pending++;
    m.data_sent.add(script.requestBytes);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      ledger.pending--;
      return true;
    };
    const sleepThenEnd = (): void =>
      vu.sleep(script.sleepNs, () => {
        m.iterations.add(1);
        m.iteration_duration.add(toMillis(sim.now - startedAt));
        done();
      });
    const timer = sim.schedule(script.timeoutNs, () => {
      if (!settle()) return;
      req.clientGone = true;
      ledger.timedOut++;
      record(0, 0, startedAt);
      sleepThenEnd();
    });
    vu.onInterrupt(() => {
      sim.cancel(timer);
      if (!settle()) return;
      req.clientGone = true;
      ledger.interrupted++;
    });
    frontend.send(req, (status, bytes) => {
      if (!settle()) return;
      sim.cancel(timer);
      record(status, bytes, startedAt);
      sleepThenEnd();
    });
  };
}
