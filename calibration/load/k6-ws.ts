import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { Series } from '../../src/metrics/index.js';
import { ChatK6Metrics } from '../../models/chat/k6-metrics.js';
import { chatPayload, sentAtOf } from './chat-payload.js';

/** k6's ws metrics (as the simulation names them), plus per-second series of sends and receipts. */
export class WsLoadMetrics extends ChatK6Metrics {
  readonly sent = new Series();
  readonly received = new Series();
  /** Connection errors and sockets the server closed before the VU did. */
  errors: string[] = [];
  serverClosed = 0;
}

export interface WsLoadPlan {
  vus: number;
  iterations: number;
  intervalMs: number;
  sessionMs: number;
  messageBytes: number;
  /**
   * Upper bound of a uniform delay added to every send and close time. In k6/ws, setInterval and
   * setTimeout run on separate goroutines, so the send due at open + session races the close;
   * models/chat/k6-session.ts models that race with this delay (params k6.timerJitterUs), and the
   * real load uses the same rule so both run the same script.
   */
  timerJitterMs: number;
  /** The app servers; each new connection goes to the next in turn (the load balancer). */
  urls: string[];
}

const now = (): number => performance.now();

/**
 * Seed §1's k6 script for real, as models/chat/k6-session.ts simulates it: k6 per-vu-iterations,
 * every VU starting at once and running its iterations back to back; an iteration opens a
 * WebSocket, sends one message every interval from open on (due times open + k·interval + jitter,
 * so timers do not drift), counts what arrives while open, and closes at open + session + jitter
 * without waiting for the server (k6 Socket.Close writes the close frame and drops the connection).
 * Ends when every VU is done or `signal` aborts, which drops every socket at once.
 */
export async function runWsLoad(plan: WsLoadPlan, metrics: WsLoadMetrics, signal: AbortSignal): Promise<{ startMs: number; endMs: number }> {
  const live = new Set<() => void>();
  const abort = (): void => [...live].forEach((drop) => drop());
  signal.addEventListener('abort', abort);
  let dials = 0;
  const t0 = now();
  const atNs = (ms: number): number => Math.max(0, Math.round((ms - t0) * 1e6));
  const late = (): number => Math.random() * plan.timerJitterMs;

  const iteration = (vu: number): Promise<void> =>
    new Promise((resolve) => {
      const start = now();
      const ws = new WebSocket(plan.urls[dials++ % plan.urls.length], { perMessageDeflate: false, handshakeTimeout: 30_000 });
      let open = false;
      let finished = false;
      let timer: NodeJS.Timeout | undefined;
      let closeTimer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        open = false;
        clearTimeout(timer);
        clearTimeout(closeTimer);
        live.delete(drop);
        metrics.iterations.add(1);
        metrics.iteration_duration.add(now() - start);
        resolve();
      };
      const endSession = (): void => {
        metrics.ws_sessions.add(1);
        metrics.ws_session_duration.add(now() - start);
        finish();
      };
      function drop(): void {
        if (open) endSession();
        else finish();
        ws.terminate();
      }
      live.add(drop);

      ws.on('open', () => {
        const openAt = now();
        open = true;
        metrics.checks.add(true); // the server answered 101 Switching Protocols
        metrics.ws_connecting.add(openAt - start);
        const closeAt = openAt + plan.sessionMs + late();
        const tick = (k: number): void => {
          const due = openAt + k * plan.intervalMs + late();
          if (due >= closeAt) return;
          timer = setTimeout(() => {
            if (!open) return;
            const t = now();
            ws.send(chatPayload(t, vu, plan.messageBytes));
            metrics.ws_msgs_sent.add(1);
            metrics.sent.add(atNs(t), 1);
            tick(k + 1);
          }, due - now());
        };
        tick(1);
        closeTimer = setTimeout(() => {
          endSession();
          ws.close(1000);
          setImmediate(() => ws.terminate()); // after the close frame has reached the kernel
        }, closeAt - now());
      });
      ws.on('message', (data: Buffer) => {
        if (!open) return;
        const t = now();
        metrics.ws_msgs_received.add(1);
        metrics.received.add(atNs(t), 1);
        const sentAt = sentAtOf(data);
        if (sentAt >= 0) metrics.ws_delivery_latency.add(Math.max(0, t - sentAt));
      });
      ws.on('error', (err) => {
        if (finished) return;
        if (!open) {
          metrics.checks.add(false);
          if (metrics.errors.length < 20) metrics.errors.push(err.message);
          finish();
        }
      });
      ws.on('close', () => {
        if (finished) return;
        if (open) {
          metrics.serverClosed++;
          endSession();
        } else finish();
      });
    });

  await Promise.all(
    Array.from({ length: plan.vus }, async (_, i) => {
      for (let k = 0; k < plan.iterations && !signal.aborted; k++) await iteration(i + 1);
    }),
  );
  signal.removeEventListener('abort', abort);
  return { startMs: t0, endMs: now() };
}
