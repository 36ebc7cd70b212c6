import { formatDuration, toMillis, toSeconds } from '../../src/engine/time.js';
import type { K6SummaryExport } from '../../src/metrics/index.js';
import type { Bottleneck, ResourceReport } from '../../src/analysis/bottleneck.js';
import type { Prediction } from '../registry.js';
import { loadKtbParams } from './params.js';
import { simulateKtb, type Failures } from './model.js';
import type { DeliveryAccount } from './ledger.js';
import { ktbResources, whatFailsFirst } from './resources.js';
import type { KtbScenario } from './scenario.js';
import { sensitivity, type SensitivityRow } from './sensitivity.js';

export interface KtbPrediction extends Prediction {
  model: 'ktb-chat';
  scenario: Record<string, unknown>;
  assumptions: Record<string, string | number>;
  summary: { max_users: number; peak_users: number; bottleneck: string; failures: Failures };
  duration_s: number;
  metrics: K6SummaryExport['metrics'];
  delivery: DeliveryAccount;
  bottleneck: Bottleneck;
  resources: ResourceReport[];
  credits: { app_min: number; redis_min: number; surplus_credits: number };
  series: Record<string, number[]>;
  sensitivity: SensitivityRow[] | null;
  engine: { events: number; steps: number };
}

const r3 = (x: number): number => +x.toFixed(3);

/** Runs one scenario and shapes it as `capsim predict ktb-chat --json` prints it (prediction.schema.json). */
export function predictKtb(sc: KtbScenario, withSensitivity = false): KtbPrediction {
  const params = loadKtbParams();
  const run = simulateKtb(sc, params);
  const usages = ktbResources(sc, run);
  const bottleneck = whatFailsFirst(usages, run);
  const sec = run.seconds;
  const latencySum = sec.get('latency_sum_s');
  const latencyCount = sec.get('latency_count');
  return {
    model: 'ktb-chat',
    scenario: {
      start_users: sc.startUsers,
      stages: sc.stages.map((s) => `${formatDuration(s.durationNs)}:${s.target}`).join(','),
      graceful_ramp_down: formatDuration(sc.gracefulRampDownNs),
      instances: sc.instances,
      containers: sc.containers,
      app_cores: sc.appCores,
      processes: sc.instances * sc.containers,
      redis_masters: sc.redisMasters,
      adapter: sc.adapter,
      credit_mode: sc.creditMode,
      initial_credits: sc.initialCredits,
      profiles: { app: sc.appProfile.name, redis: sc.redisProfile.name },
      seed: sc.seed,
    },
    assumptions: {
      room_size: sc.user.roomSize,
      interval: formatDuration(sc.user.intervalNs),
      message_bytes: sc.user.messageBytes,
      history_share: sc.user.historyShare,
      history_messages: params.user.historyMessages.value,
      deadline_ms: toMillis(sc.deadlineNs),
      late_share_failing: params.failure.lateShare.value,
      note: 'the write-up does not publish its per-user script: these are stated assumptions, see the sensitivity table (--sensitivity)',
    },
    summary: { max_users: run.maxUsers, peak_users: run.peakUsers, bottleneck: bottleneck.resource, failures: run.failures },
    duration_s: r3(toSeconds(run.durationNs)),
    metrics: run.summary.metrics,
    delivery: run.delivery,
    bottleneck,
    resources: usages.map((u) => u.report),
    credits: { app_min: r3(run.credits.appMin), redis_min: r3(run.credits.redisMin), surplus_credits: r3(run.credits.surplus) },
    series: {
      users: sec.get('users'),
      connected: sec.get('connected'),
      app_credits_min: sec.get('app_credits_min').map(r3),
      app_credits_mean: sec.get('app_credits_mean').map(r3),
      redis_credits_min: sec.get('redis_credits_min').map(r3),
      latency_ms_mean: latencySum.map((x, s) => (latencyCount[s] > 0 ? r3((1000 * x) / latencyCount[s]) : 0)),
      late: sec.get('late').map(Math.round),
      dropped: sec.get('dropped_failure').map(Math.round),
      failed_connects: sec.get('failed_connects'),
      disconnects: sec.get('disconnects'),
      instance_cpu: run.usage.instanceCpu.map(r3),
      event_loop: run.usage.loop.map(r3),
    },
    sensitivity: withSensitivity ? sensitivity(sc, run.maxUsers, (s) => simulateKtb(s, params).maxUsers) : null,
    engine: run.engine,
  };
}
