import { Counter, Rate, Trend, k6Summary, type K6SummaryExport } from '../../src/metrics/index.js';
import type { Nanos } from '../../src/engine/time.js';

/**
 * The k6 metrics of seed §1's script, shared by the simulated run and the real load generator so
 * both report the same names the same way. ws_delivery_latency (ms, send → receive) is ours.
 */
export class ChatK6Metrics {
  readonly checks = new Rate();
  readonly ws_sessions = new Counter();
  readonly ws_msgs_sent = new Counter();
  readonly ws_msgs_received = new Counter();
  readonly ws_connecting = new Trend();
  readonly ws_session_duration = new Trend();
  readonly ws_delivery_latency = new Trend();
  readonly iterations = new Counter();
  readonly iteration_duration = new Trend();

  summary(durationNs: Nanos): K6SummaryExport {
    const { checks, ws_sessions, ws_msgs_sent, ws_msgs_received, ws_connecting, ws_session_duration, ws_delivery_latency, iterations, iteration_duration } = this;
    return k6Summary({ checks, ws_sessions, ws_msgs_sent, ws_msgs_received, ws_connecting, ws_session_duration, ws_delivery_latency, iterations, iteration_duration }, durationNs);
  }
}
