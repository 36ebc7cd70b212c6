import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { Counter, Rate, Series, Trend } from '../../src/metrics/index.js';
import { chatPayload, sentAtOf } from './chat-payload.js';
/** k6's built-in ws metrics, plus the delivery latency and per-second series of sends and receipts. */
export class WsLoadMetrics {
    checks = new Rate();
    ws_sessions = new Counter();
    ws_msgs_sent = new Counter();
    ws_msgs_received = new Counter();
    ws_connecting = new Trend();
    ws_session_duration = new Trend();
    /** Receive time − send time embedded in the message, ms (one process, one clock). */
    ws_delivery_latency = new Trend();
    iterations = new Counter();
    iteration_duration = new Trend();
    sent = new Series();
    received = new Series();
    /** Connection errors and sockets the server closed before the VU did. */
    errors = [];
    serverClosed = 0;
}
const now = () => performance.now();
/**
 * Seed §1's k6 script for real, as models/chat/k6-session.ts simulates it: k6 per-vu-iterations,
 * every VU starting at once and running its iterations back to back; an iteration opens a
 * WebSocket, sends one message every interval from open on (due times open + k·interval + jitter,
 * so timers do not drift), counts what arrives while open, and closes at open + session + jitter
 * without waiting for the server (k6 Socket.Close writes the close frame and drops the connection).
 * Ends when every VU is done or `signal` aborts, which drops every socket at once.
 */
export async function runWsLoad(plan, metrics, signal) {
    const live = new Set();
    const abort = () => [...live].forEach((drop) => drop());
    signal.addEventListener('abort', abort);
    let dials = 0;
    const t0 = now();
    const atNs = (ms) => Math.max(0, Math.round((ms - t0) * 1e6));
    const late = () => Math.random() * plan.timerJitterMs;
    const iteration = (vu) => new Promise((resolve) => {
        const start = now();
        const ws = new WebSocket(plan.urls[dials++ % plan.urls.length], { perMessageDeflate: false, handshakeTimeout: 30_000 });
        let open = false;
        let finished = false;
        let timer;
        let closeTimer;
        const finish = () => {
            if (finished)
                return;
            finished = true;
            open = false;
            clearTimeout(timer);
            clearTimeout(closeTimer);
            live.delete(drop);
            metrics.iterations.add(1);
            metrics.iteration_duration.add(now() - start);
            resolve();
        };
        const endSession = () => {
            metrics.ws_sessions.add(1);
            metrics.ws_session_duration.add(now() - start);
            finish();
        };
        function drop() {
            if (open)
                endSession();
            else
                finish();
            ws.terminate();
        }
        live.add(drop);
        ws.on('open', () => {
            const openAt = now();
            open = true;
            metrics.checks.add(true); // the server answered 101 Switching Protocols
            metrics.ws_connecting.add(openAt - start);
            const closeAt = openAt + plan.sessionMs + late();
            const tick = (k) => {
                const due = openAt + k * plan.intervalMs + late();
                if (due >= closeAt)
                    return;
                timer = setTimeout(() => {
                    if (!open)
                        return;
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
        ws.on('message', (data) => {
            if (!open)
                return;
            const t = now();
            metrics.ws_msgs_received.add(1);
            metrics.received.add(atNs(t), 1);
            const sentAt = sentAtOf(data);
            if (sentAt >= 0)
                metrics.ws_delivery_latency.add(Math.max(0, t - sentAt));
        });
        ws.on('error', (err) => {
            if (finished)
                return;
            if (!open) {
                metrics.checks.add(false);
                if (metrics.errors.length < 20)
                    metrics.errors.push(err.message);
                finish();
            }
        });
        ws.on('close', () => {
            if (finished)
                return;
            if (open) {
                metrics.serverClosed++;
                endSession();
            }
            else
                finish();
        });
    });
    await Promise.all(Array.from({ length: plan.vus }, async (_, i) => {
        for (let k = 0; k < plan.iterations && !signal.aborted; k++)
            await iteration(i + 1);
    }));
    signal.removeEventListener('abort', abort);
    return { startMs: t0, endMs: now() };
}
