import { listParameters } from '../parameter.js';
import type { CapsimModel } from '../registry.js';
import { ktbFlags, ktbScenario } from './flags.js';
import { loadKtbParams } from './params.js';
import { predictKtb, type KtbPrediction } from './prediction.js';
import { ktbText } from './text.js';
import { ktbCharts } from './charts.js';
import { KTB_PUBLISHED_FILE } from './fit.js';
import { ktbChatPlan } from './plan.js';

export type { KtbPrediction };

export const ktbChatModel: CapsimModel = {
  name: 'ktb-chat',
  title: 'Socket.IO rooms over a Redis Cluster on burstable t3.small instances, under a k6 user ramp (KakaoTech Bootcamp chat challenge)',
  seed: KTB_PUBLISHED_FILE,
  description:
    'k6 ramping-vus users ⇄ ELB ⇄ I t3.small instances × K Node.js containers (one event loop each, sharing the instance’s 2 burstable vCPUs and its CPU credits) ⇄ ' +
    'Socket.IO Redis adapter (classic PUBLISH to every node, or sharded SPUBLISH to the room’s shard) ⇄ Redis Cluster of M masters + M replicas. ' +
    'Predicts the user count at which failures begin, what fails first, and a timeline of users, credits and latency. Fluid 100 ms steps; rooms fanned out by arithmetic. ' +
    'See models/ktb-chat/README.md for the network, every parameter and its provenance.',
  flags: ktbFlags,
  predict: (flags) => predictKtb(ktbScenario(flags), flags.sensitivity === true),
  text: (p) => ktbText(p as KtbPrediction),
  predictionSchema: 'models/ktb-chat/prediction.schema.json',
  published: KTB_PUBLISHED_FILE,
  blindMetrics: ['ws_sessions.count', 'checks.fails', 'ws_msgs_received.count', 'ws_delivery_latency.p(95)'],
  charts: ktbCharts,
  parameters: () => listParameters(loadKtbParams()),
  plan: ktbChatPlan,
};
