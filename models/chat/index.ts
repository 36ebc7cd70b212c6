import { formatDuration, toSeconds } from '../../src/engine/time.js';
import { checkedJson } from '../../src/config/checked-json.js';
import { k6Text } from '../../src/report/k6-text.js';
import { bottleneckText } from '../../src/report/resources-text.js';
import type { K6SummaryExport } from '../../src/metrics/index.js';
import type { Bottleneck, ResourceReport } from '../../src/analysis/bottleneck.js';
import { listParameters } from '../parameter.js';
import type { CapsimModel, Prediction } from '../registry.js';
import { chatFlags, chatScenario } from './flags.js';
import { loadChatParams } from './params.js';
import { payloadBytes, simulateChat, type DeliveryAccount } from './model.js';
import type { ChatScenario } from './scenario.js';
import { CHAT_PUBLISHED_FILE, fitChat, saveChatFit } from './fit.js';
import { chatCharts } from './charts.js';
import { chatPlan } from './plan.js';
import { atLocalSpeed, chatLocalSpeed, coreSpeedFlag } from './core-speed.js';
import type { LocalCoreSpeed } from '../../src/machine/core-speed.js';

export interface ChatPrediction extends Prediction {
  model: 'chat';
  scenario: Record<string, unknown>;
  duration_s: number;
  metrics: K6SummaryExport['metrics'];
  delivery: DeliveryAccount;
  bottleneck: Bottleneck;
  resources: ResourceReport[];
  series: Record<string, number[]>;
  warnings: string[];
  engine: { events: number };
}

/** Runs one scenario and shapes the result as the JSON the CLI prints (schema: prediction.schema.json). */
export function predictChat(scenario: ChatScenario, localSpeed?: LocalCoreSpeed): ChatPrediction {
  const local = atLocalSpeed(scenario, loadChatParams(), localSpeed);
  const params = local.params;
  const run = simulateChat(local.scenario, params);
  return {
    model: 'chat',
    scenario: {
      users: scenario.users,
      interval: formatDuration(scenario.intervalNs),
      session: formatDuration(scenario.sessionNs),
      iterations: scenario.iterations,
      tasks: scenario.tasks,
      message_bytes: payloadBytes(params, scenario),
      subscription: scenario.subscription,
      profiles: { app: scenario.appProfile.name, redis: scenario.redisProfile.name },
      redis_egress_bits_per_s: scenario.redisEgressBitsPerSec ?? null,
      seed: scenario.seed,
      ...(localSpeed
        ? // The same whether the probe was timed now or read from its cache: a rerun prints the same bytes.
          { local_core_speed: { factor: localSpeed.factor, probe_ms: localSpeed.probeMs, reference_ms: localSpeed.referenceMs, core: localSpeed.core, measured_at: localSpeed.measuredAt, source: localSpeed.source === 'given' ? 'given' : 'probe', ...(localSpeed.cacheFile ? { cache_file: localSpeed.cacheFile } : {}) } }
        : {}),
    },
    duration_s: +toSeconds(run.durationNs).toFixed(3),
    metrics: run.summary.metrics,
    delivery: run.delivery,
    bottleneck: run.bottleneck,
    resources: run.resources,
    series: run.series,
    warnings: run.warnings,
    engine: run.engine,
  };
}

function chatText(p: Prediction): string {
  const c = p as ChatPrediction;
  const s = c.scenario as Record<string, unknown> & { profiles: { app: string; redis: string } };
  const d = c.delivery;
  const n = (x: number): string => x.toLocaleString('en-US');
  return [
    `  capsim predict chat (simulated, seed ${s.seed}): ${s.users} users × ${s.iterations} sessions of ${s.session}, one message every ${s.interval}`,
    `  ${s.tasks} app task(s) on ${s.profiles.app}, Redis on ${s.profiles.redis}, ${s.subscription} subscriptions, ${n(s.message_bytes as number)}-byte messages`,
    ...(s.local_core_speed ? [localSpeedLine(s.local_core_speed as LocalSpeedJson)] : []),
    '',
    k6Text({ metrics: c.metrics }),
    '',
    `  test duration: ${c.duration_s} s`,
    `  delivered: ${n(d.received)} of ${n(c.metrics.ws_msgs_sent.count * (s.users as number))} expected (sent × users) = ${(100 * d.deliveredRatio).toFixed(1)}%;` +
      ` owed to subscribers ${n(d.expected)}: arrived after close ${n(d.afterClose)}, in flight at end ${n(d.inFlight)}`,
    bottleneckText(c.bottleneck, c.resources),
    ...c.warnings.map((w) => `  warning: ${w}`),
  ].join('\n');
}

type LocalSpeedJson = { factor: number; probe_ms: number; reference_ms: number; core: string; measured_at: string; source: string; cache_file?: string };

/** Which speed the local profile ran at and where it came from. */
function localSpeedLine(l: LocalSpeedJson): string {
  const how =
    l.source === 'given'
      ? 'given with --core-speed'
      : `speed probe ${l.probe_ms} ms on core ${l.core} against the reference ${l.reference_ms} ms, measured ${l.measured_at}` +
        (l.cache_file ? `; cached in ${l.cache_file} for 7 days, --core-speed measure times it again` : '');
  return `  local core: ${l.factor} × the reference core (${how})`;
}

export const chatModel: CapsimModel = {
  name: 'chat',
  title: 'many-to-many chat over Redis pub/sub (FastAPI + uvicorn, Redis, k6)',
  seed: 'models/chat/published.json',
  description:
    'N users in one room; every message goes to all N. k6 VUs ⇄ app tasks (uvicorn: one asyncio event loop on one core each) ⇄ Redis ' +
    '(one core + a NIC with baseline and burst credits). Predicts k6 ws_* metrics, the delivered ratio and the resource that limits the run. ' +
    'See models/chat/README.md for the network, every parameter and its provenance.',
  flags: chatFlags,
  predict: (flags) => {
    const scenario = chatScenario(flags);
    return predictChat(scenario, chatLocalSpeed(scenario, flags, loadChatParams()));
  },
  checkFlags: (flags) => {
    chatScenario(flags);
    coreSpeedFlag(flags['core-speed']);
  },
  text: chatText,
  predictionSchema: 'models/chat/prediction.schema.json',
  plan: chatPlan,
  published: CHAT_PUBLISHED_FILE,
  charts: chatCharts,
  blindMetrics: ['ws_msgs_received.count', 'ws_msgs_sent.count', 'ws_session_duration.avg', 'ws_session_duration.p(95)', 'ws_delivery_latency.p(95)'],
  fit(log) {
    const fit = fitChat(log);
    // Checked before anything is saved: a fit that breaks its report's schema changes no parameter.
    const report = checkedJson('models/chat/fit.schema.json', fit, 'capsim fit chat');
    saveChatFit(fit);
    return report.trimEnd();
  },
  parameters: () => listParameters(loadChatParams()),
};
