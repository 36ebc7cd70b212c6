import { bisect } from '../../src/analysis/bisect.js';
import { loadPublished, metricAt } from '../../src/analysis/published.js';
import { chatScenario } from './flags.js';
import { CHAT_PARAMS_FILE, loadChatParams, saveChatParams, type ChatParams } from './params.js';
import { simulateChat } from './model.js';

export const CHAT_PUBLISHED_FILE = 'models/chat/published.json';
const FIT_METRIC = 'ws_msgs_received.count';

export interface ChatFit {
  fargateSpeed: number;
  payloadBytes: number;
  residuals: Record<string, { published: number; predicted: number; errorPct: number }>;
}

/**
 * Fits the two things a local machine cannot know to the published cases that expose them:
 * the Fargate vCPU's speed to case a (app CPU-bound) and the message size on the wire to case c
 * (Redis-egress-bound). Each fit moves one figure; they are alternated until both settle.
 */
export function fitChat(log: (line: string) => void = () => {}): ChatFit {
  const published = loadPublished(CHAT_PUBLISHED_FILE).cases;
  const caseA = published.find((c) => c.case === 'a')!;
  const caseC = published.find((c) => c.case === 'c')!;
  const params: ChatParams = structuredClone(loadChatParams());
  const speed = params.app.cpuSpeed['fargate-1vcpu'];
  const payload = params.message.payloadBytes;
  const received = (flags: Record<string, string>): number => {
    const run = simulateChat(chatScenario(flags), params);
    return metricAt(run.summary.metrics, FIT_METRIC);
  };
  for (let round = 1; round <= 3; round++) {
    speed.value = round4(bisect((x) => ((speed.value = x), received(caseA.flags)), caseA.published![FIT_METRIC], 0.05, 2));
    speed.value = closestNear(speed.value, (x) => ((speed.value = x), received(caseA.flags)), caseA.published![FIT_METRIC]);
    payload.value = Math.round(bisect((x) => ((payload.value = Math.round(x)), received(caseC.flags)), caseC.published![FIT_METRIC], 100, 20_000));
    log(`round ${round}: fargate-1vcpu speed ${speed.value}, payload ${payload.value} bytes`);
  }
  const residual = (flags: Record<string, string>, target: number) => {
    const predicted = received(flags);
    return { published: target, predicted, errorPct: +((100 * (predicted - target)) / target).toFixed(2) };
  };
  return {
    fargateSpeed: speed.value,
    payloadBytes: payload.value,
    residuals: { a: residual(caseA.flags, caseA.published![FIT_METRIC]), c: residual(caseC.flags, caseC.published![FIT_METRIC]) },
  };
}

const round4 = (x: number): number => +x.toFixed(4);

/**
 * The simulated count is monotone in the speed only on average: which loop iteration a wave of
 * reconnects falls into moves it by up to 1% between neighbouring speeds, and bisection returns
 * the middle of its last bracket without looking at it. So the speeds within ±1% of the bisection's
 * (steps of 0.0001) are tried and the one whose count is closest to the target is kept.
 */
function closestNear(x: number, f: (x: number) => number, target: number): number {
  let best = x;
  let bestError = Math.abs(f(x) - target);
  for (let k = -30; k <= 30; k++) {
    const y = round4(x + k * 0.0001 * Math.max(1, Math.round(x / 0.3)));
    const error = Math.abs(f(y) - target);
    if (error < bestError) [best, bestError] = [y, error];
  }
  return best;
}

/** Writes the fitted values with their provenance into models/chat/params.json (or `file`, a copy). */
export function saveChatFit(fit: ChatFit, file = CHAT_PARAMS_FILE): void {
  const fittedTo = (k: 'a' | 'c'): string => `seed chat case ${k}: ${FIT_METRIC} ${fit.residuals[k].published.toLocaleString('en-US')}`;
  const doc = loadChatParams(file);
  const r = (k: 'a' | 'c') => `case ${k}: ${FIT_METRIC} published ${fit.residuals[k].published}, predicted ${fit.residuals[k].predicted} (${fit.residuals[k].errorPct}%)`;
  doc.app.cpuSpeed['fargate-1vcpu'] = {
    value: fit.fargateSpeed,
    unit: "× this machine's core",
    provenance: {
      kind: 'fitted',
      source: 'capsim fit chat: bisection on the simulated run of seed case a (1 task, app CPU-bound), then the closest of the speeds within ±1%, alternated with the payload fit',
      fittedTo: [fittedTo('a')],
      residual: r('a'),
    },
  };
  doc.message.payloadBytes = {
    value: fit.payloadBytes,
    unit: 'bytes per chat message',
    provenance: {
      kind: 'fitted',
      source: 'capsim fit chat: bisection on the simulated run of seed case c (2 tasks, Redis egress-bound); the write-up does not publish the message size',
      fittedTo: [fittedTo('c')],
      residual: r('c'),
    },
  };
  saveChatParams(doc, file);
}
