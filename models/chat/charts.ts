import type { ChartHints, Prediction } from '../registry.js';
import type { ChatPrediction } from './index.js';

const chat = (p: Prediction): ChatPrediction => p as ChatPrediction;
const users = (p: Prediction): number => chat(p).scenario.users as number;

/** Every message goes to all N users, so the offered deliveries are messages sent × N. */
export const chatCharts: ChartHints = {
  load: { flag: 'users', label: 'users in the room (k6 VUs)' },
  delivered: { label: 'delivered (ws_msgs_received/s)', unit: 'messages per second', value: (p) => chat(p).metrics.ws_msgs_received.rate },
  offered: { label: 'offered (ws_msgs_sent/s × users)', value: (p) => chat(p).metrics.ws_msgs_sent.rate * users(p) },
  deliveredRatio: (p) => chat(p).delivery.deliveredRatio,
  failureRate: (p) => {
    const { passes, fails } = chat(p).metrics.checks;
    return passes + fails === 0 ? 0 : fails / (passes + fails);
  },
  latency: { metric: 'ws_delivery_latency', label: 'delivery latency (send → receive)' },
  timeline: [
    { title: 'messages sent per second', unit: 'messages/s', pick: (p) => ({ 'sent (ws_msgs_sent)': chat(p).series.ws_msgs_sent }) },
    {
      title: 'messages received per second, against what was offered',
      unit: 'messages/s',
      pick: (p) => ({
        'offered (sent × users)': chat(p).series.ws_msgs_sent.map((x) => x * users(p)),
        'received (ws_msgs_received)': chat(p).series.ws_msgs_received,
      }),
    },
    {
      title: 'app backlog (deliveries waiting to be written)',
      unit: 'deliveries',
      pick: (p) => perTask(chat(p).series, /^app_(\d+)_backlog$/),
    },
    {
      title: 'Redis network credits (burst allowance banked above the baseline)',
      unit: 'Gbit',
      pick: (p) => ({ 'Redis egress credits': chat(p).series.redis_nic_credits_bits.map((b) => b / 1e9) }),
    },
    {
      title: 'Redis CPU credits (1 credit = 1 vCPU busy for 1 minute)',
      unit: 'credits',
      pick: (p): Record<string, number[]> => {
        const credits = chat(p).series.redis_cpu_credits;
        return credits ? { 'Redis CPU credits': credits } : {};
      },
    },
  ],
  reportSweep: { users: '10..200:10', tasks: '1,2,4', iterations: '2' },
};

/** `app_2_backlog` → "app task 2", in task order. */
function perTask(series: Record<string, number[]>, pattern: RegExp): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(series)) {
    const m = pattern.exec(key);
    if (m) out[`app task ${m[1]}`] = values;
  }
  return out;
}
