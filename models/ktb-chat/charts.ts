import type { ChartHints, Prediction } from '../registry.js';
import type { KtbPrediction } from './prediction.js';

const k = (p: Prediction): KtbPrediction => p as KtbPrediction;

/** Sweeps run along the containers per instance (the write-up's retrospective); the timeline shows the ramp, credits, latency and failures. */
export const ktbCharts: ChartHints = {
  load: { flag: 'containers', label: 'Node.js containers per instance' },
  delivered: { label: 'delivered (ws_msgs_received/s)', unit: 'messages per second', value: (p) => k(p).metrics.ws_msgs_received.rate },
  offered: { label: 'owed (copies per second)', value: (p) => k(p).delivery.expected / Math.max(1e-9, k(p).duration_s) },
  deliveredRatio: (p) => {
    const d = k(p).delivery;
    return d.expected === 0 ? 0 : (d.onTime + d.late) / d.expected;
  },
  failureRate: (p) => {
    const { passes, fails } = k(p).metrics.checks;
    return passes + fails === 0 ? 0 : fails / (passes + fails);
  },
  latency: { metric: 'ws_delivery_latency', label: 'delivery latency (send → receive)' },
  timeline: [
    { title: 'users: planned by the ramp, and connected', unit: 'users', pick: (p) => ({ planned: k(p).series.users, connected: k(p).series.connected }) },
    { title: 'app instance CPU credits (1 credit = 1 vCPU for 1 minute)', unit: 'credits', pick: (p) => ({ 'lowest instance': k(p).series.app_credits_min, mean: k(p).series.app_credits_mean }) },
    { title: 'mean delivery latency', unit: 'ms', pick: (p) => ({ latency: k(p).series.latency_ms_mean }) },
    { title: 'busiest instance CPU and event loop', unit: 'share', pick: (p) => ({ 'instance CPU': k(p).series.instance_cpu, 'event loop': k(p).series.event_loop }) },
    { title: 'failures per second', unit: 'count', pick: (p) => ({ 'failed connects': k(p).series.failed_connects, disconnects: k(p).series.disconnects, 'late messages': k(p).series.late }) },
  ],
  // The retrospective's sweep: the write-up's 20 instances, a heavier stated script (1 message/s per user) so the
  // ramp reaches what fails first within 60,000 users.
  reportSweep: { containers: '1..5', interval: '1s', 'max-users': '60000', 'step-users': '1000' },
};
