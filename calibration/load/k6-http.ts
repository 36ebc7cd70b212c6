import { Agent, request, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Counter, type K6Metric } from '../../src/metrics/index.js';
import { FeedMetrics } from '../../models/feed/k6-client.js';

/**
 * The feed script's k6 metrics (models/feed/k6-client.ts, the ones the simulator reports) plus
 * counters a k6 script would keep with `new Counter(...)`: why requests failed.
 */
export class HttpLoadMetrics extends FeedMetrics {
  /** 500s whose page names MySQL error 1040 (Too many connections). */
  readonly errors_1040 = new Counter();
  /** Other 500s (e.g. SQLite's "database is locked"). */
  readonly errors_500_other = new Counter();
  /** No response within the client time-out (status 0). */
  readonly errors_timeout = new Counter();
  /** Connection errors (status 0): refused, reset. */
  readonly errors_connection = new Counter();
  /** Sizes of the 500 pages, to state the page size the simulation should assume. */
  errorPageBytes = 0;
  errorPages = 0;
  firstErrors: string[] = [];

  protected override reported(): Record<string, K6Metric> {
    const { errors_1040, errors_500_other, errors_timeout, errors_connection } = this;
    return { ...super.reported(), errors_1040, errors_500_other, errors_timeout, errors_connection };
  }
}

export interface HttpLoadPlan {
  vus: number;
  durationMs: number;
  /** k6 gracefulStop: iterations in flight at the end of `duration` get this long to finish. */
  gracefulStopMs: number;
  /** k6 Params.timeout. */
  timeoutMs: number;
  /** sleep() after each response. */
  sleepMs: number;
  url: string;
  /** The form body of each POST. */
  body: string;
}

const now = (): number => performance.now();

/** Bytes of the status line and headers as they came over the wire (HTTP/1.1). */
function headerBytes(res: IncomingMessage): number {
  let n = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
  for (let i = 0; i < res.rawHeaders.length; i += 2) n += Buffer.byteLength(res.rawHeaders[i]) + Buffer.byteLength(res.rawHeaders[i + 1]) + 4;
  return n;
}

/**
 * Seed §2's k6 script for real, as models/feed/k6-client.ts and src/workload/constant-vus.ts
 * simulate it: k6 constant-vus, every VU starting at once and looping [POST, check status 200/201,
 * sleep]; none starts an iteration at or after duration; in-flight iterations then get gracefulStop
 * and are interrupted after it (their metrics dropped). Each VU keeps its own keep-alive connection,
 * as a k6 VU does. The run ends when every VU has stopped, or at once when `signal` aborts.
 */
export async function runHttpLoad(plan: HttpLoadPlan, metrics: HttpLoadMetrics, signal: AbortSignal): Promise<{ startMs: number; endMs: number }> {
  const t0 = now();
  const stopAt = t0 + plan.durationMs;
  const hardStopAt = stopAt + plan.gracefulStopMs;
  const atNs = (ms: number): number => Math.max(0, Math.round((ms - t0) * 1e6));
  const url = new URL(plan.url);
  const body = Buffer.from(plan.body);
  const live = new Set<() => void>();
  const interruptAll = (): void => [...live].forEach((stop) => stop());
  const hardStop = setTimeout(interruptAll, hardStopAt - now());
  signal.addEventListener('abort', interruptAll);

  const record = (status: number, bytes: number, startedAt: number): void => {
    const t = now();
    const ok = status === 200 || status === 201;
    metrics.http_reqs.add(1);
    metrics.reqsPerSecond.add(atNs(t), 1);
    if (ok) metrics.okPerSecond.add(atNs(t), 1);
    metrics.http_req_failed.add(!(status >= 200 && status < 400));
    metrics.checks.add(ok);
    metrics.http_req_duration.add(t - startedAt);
    metrics.data_received.add(bytes);
  };

  /** One iteration; resolves false if it was interrupted (then nothing of it past the request is counted). */
  const iteration = (agent: Agent): Promise<boolean> =>
    new Promise((resolve) => {
      const startedAt = now();
      let settled = false;
      let sleepTimer: NodeJS.Timeout | undefined;
      const end = (completed: boolean): void => {
        live.delete(interrupt);
        clearTimeout(sleepTimer);
        resolve(completed);
      };
      const sleepThenEnd = (): void => {
        sleepTimer = setTimeout(() => {
          metrics.iterations.add(1);
          metrics.iteration_duration.add(now() - startedAt);
          end(true);
        }, plan.sleepMs);
      };
      const settle = (status: number, bytes: number): void => {
        if (settled) return;
        settled = true;
        record(status, bytes, startedAt);
        sleepThenEnd();
      };
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (settled) return;
            const status = res.statusCode ?? 0;
            const payload = Buffer.concat(chunks);
            if (status >= 500) {
              metrics.errorPages++;
              metrics.errorPageBytes += payload.length;
              if (payload.includes('Too many connections')) metrics.errors_1040.add(1);
              else {
                metrics.errors_500_other.add(1);
                if (metrics.firstErrors.length < 5) metrics.firstErrors.push(`${status}: ${/<title>([^<]*)<\/title>/.exec(payload.subarray(0, 4096).toString())?.[1]?.trim() ?? 'no title'}`);
              }
            }
            settle(status, headerBytes(res) + payload.length);
          });
          res.on('error', () => undefined);
        },
      );
      req.setTimeout(plan.timeoutMs, () => {
        if (settled) return;
        metrics.errors_timeout.add(1);
        settle(0, 0);
        req.destroy();
      });
      req.on('error', (err) => {
        if (settled) return;
        metrics.errors_connection.add(1);
        if (metrics.firstErrors.length < 5) metrics.firstErrors.push(err.message);
        settle(0, 0);
      });
      metrics.data_sent.add(body.length + 150);
      req.end(body);
      function interrupt(): void {
        settled = true;
        req.destroy();
        end(false);
      }
      live.add(interrupt);
    });

  await Promise.all(
    Array.from({ length: plan.vus }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        while (now() < stopAt && !signal.aborted) if (!(await iteration(agent))) break;
      } finally {
        agent.destroy();
      }
    }),
  );
  clearTimeout(hardStop);
  signal.removeEventListener('abort', interruptAll);
  return { startMs: t0, endMs: now() };
}
