import { formatDuration, toSeconds } from '../../src/engine/time.js';
import { checkedJson } from '../../src/config/checked-json.js';
import { bottleneckText } from '../../src/report/resources-text.js';
import { locustTable, type LocustRow } from '../../src/report/locust-text.js';
import type { LocustStats } from '../../src/metrics/locust-stats.js';
import type { Bottleneck, ResourceReport } from '../../src/analysis/bottleneck.js';
import { listParameters } from '../parameter.js';
import type { CapsimModel, Prediction } from '../registry.js';
import { highscoreFlags, highscoreScenario } from './flags.js';
import { loadHighscoreParams } from './params.js';
import { simulateHighscore, WAIT_S, type HighscoreRun, type MemoryAccount } from './model.js';
import { ENDPOINTS, METHOD, type Endpoint } from './costs.js';
import type { HighscoreScenario } from './scenario.js';
import { HIGHSCORE_PUBLISHED_FILE, fitHighscore, saveHighscoreFit } from './fit.js';
import { highscoreCharts } from './charts.js';
import { highscorePlan } from './plan.js';

/** One endpoint as Locust's `_stats.csv` has it (ms; rps = requests ÷ run time). */
export interface EndpointFigures {
  requests: number;
  failures: number;
  rps: number;
  median: number;
  p95: number;
  p99: number;
  average: number;
  min: number;
  max: number;
}

export interface HighscorePrediction extends Prediction {
  model: 'highscore';
  scenario: Record<string, unknown>;
  duration_s: number;
  endpoints: Record<Endpoint | 'Aggregated', EndpointFigures>;
  tasks: HighscoreRun['tasks'];
  cpu_per_request_ms: HighscoreRun['cpuPerRequestMs'];
  bytes_per_request: { to_api: number; to_store: number };
  memory: MemoryAccount;
  bottleneck: Bottleneck;
  resources: ResourceReport[];
  series: Record<string, number[]>;
  warnings: string[];
  engine: { events: number };
}

const r2 = (x: number): number => +x.toFixed(2);

function figures(st: LocustStats, durationS: number): EndpointFigures {
  return {
    requests: st.count,
    failures: st.failures,
    rps: durationS > 0 ? r2(st.count / durationS) : 0,
    median: st.median,
    p95: st.percentile(0.95),
    p99: st.percentile(0.99),
    average: r2(st.avg),
    min: r2(st.min),
    max: r2(st.max),
  };
}

/** The same figures under k6's names (as `capsim import locust` writes a Locust run), so runs and predictions compare. */
function k6Metrics(endpoints: HighscorePrediction['endpoints'], stats: HighscoreRun['stats']): Prediction['metrics'] {
  const out: Prediction['metrics'] = {};
  for (const name of ['Aggregated', ...ENDPOINTS] as const) {
    const tag = name === 'Aggregated' ? '' : `{name:${name}}`;
    const f = endpoints[name];
    out[`http_reqs${tag}`] = { count: f.requests, rate: f.rps };
    out[`http_req_failed${tag}`] = { value: f.requests === 0 ? 0 : f.failures / f.requests, passes: f.failures, fails: f.requests - f.failures };
    out[`http_req_duration${tag}`] = { avg: f.average, min: f.min, med: f.median, max: f.max, 'p(90)': stats[name].percentile(0.9), 'p(95)': f.p95, 'p(99)': f.p99 };
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

export function scenarioJson(s: HighscoreScenario): Record<string, unknown> {
  return {
    users: s.users,
    spawn_rate: s.spawnRate,
    duration: formatDuration(s.durationNs),
    update: s.update,
    doc_items: s.docItems,
    workers: s.workers,
    api_vcpu: s.apiVcpu,
    api_memory_gib: +(s.apiMemoryBytes / 2 ** 30).toFixed(3),
    docstore_vcpu: s.docstoreVcpu,
    pool_size: s.dbPool,
    profiles: { api: s.api, docstore: s.docstore },
    seed: s.seed,
  };
}

/** Runs one scenario and shapes the result as the JSON the CLI prints (schema: prediction.schema.json). */
export function predictHighscore(s: HighscoreScenario): HighscorePrediction {
  const run = simulateHighscore(s, loadHighscoreParams());
  const durationS = toSeconds(run.durationNs);
  const endpoints = Object.fromEntries((['Aggregated', ...ENDPOINTS] as const).map((n) => [n, figures(run.stats[n], durationS)])) as HighscorePrediction['endpoints'];
  const requests = Math.max(1, run.work.requests);
  return {
    model: 'highscore',
    scenario: scenarioJson(s),
    duration_s: +durationS.toFixed(3),
    metrics: k6Metrics(endpoints, run.stats),
    endpoints,
    tasks: run.tasks,
    cpu_per_request_ms: run.cpuPerRequestMs,
    bytes_per_request: { to_api: Math.round(run.work.bytesToApi / requests), to_store: Math.round(run.work.bytesToStore / requests) },
    memory: run.memory,
    bottleneck: run.bottleneck,
    resources: run.resources,
    series: run.series,
    warnings: run.warnings,
    engine: run.engine,
  };
}

function highscoreText(p: Prediction): string {
  const h = p as HighscorePrediction;
  const s = h.scenario as Record<string, unknown> & { profiles: Record<string, string> };
  const rows: LocustRow[] = (['add', 'edit', 'delete', 'Aggregated'] as const).map((name) => {
    const f = h.endpoints[name];
    return { type: name === 'Aggregated' ? '' : METHOD[name], name, requests: f.requests, failures: f.failures, median: f.median, average: f.average, min: f.min, max: f.max, rps: f.rps, failuresPerS: h.duration_s > 0 ? f.failures / h.duration_s : 0, p95: f.p95, p99: f.p99 };
  });
  const m = h.memory;
  const cpu = h.cpu_per_request_ms;
  return [
    `  capsim predict highscore (simulated, seed ${s.seed}): ${s.users} Locust users (spawn rate ${s.spawn_rate}/s, run time ${s.duration}), add → edit → delete, between(${WAIT_S.min}, ${WAIT_S.max}) s after each`,
    `  API: ${s.api_vcpu} vCPU (${s.profiles.api}), ${s.workers} uvicorn worker(s), DPoP on every request; ${s.update} updates of ${s.doc_items}-item documents; document store: ${s.docstore_vcpu} vCPU (${s.profiles.docstore})`,
    '',
    locustTable(rows),
    '',
    `  response times in ms; percentiles as Locust computes them (from response times rounded to 2 significant digits); Requests/s = requests ÷ run time (${h.duration_s} s)`,
    `  CPU per request (ms): API add ${cpu.api.add} / edit ${cpu.api.edit} / delete ${cpu.api.delete}; document store ${cpu.store.add} / ${cpu.store.edit} / ${cpu.store.delete}` +
      `; document bytes per request: ${h.bytes_per_request.to_api} to the API, ${h.bytes_per_request.to_store} back`,
    `  API memory: peak ${m.peakResidentMiB.toFixed(0)} MiB resident of ${(m.ramMiB / 1024).toFixed(1)} GiB RAM (${m.workersMiB} MiB in workers, ${m.connectionsMiB.toFixed(1)} MiB for connections, ${m.peakDocumentsMiB.toFixed(1)} MiB of documents in flight)`,
    bottleneckText(h.bottleneck, h.resources),
    ...h.warnings.map((w) => `  warning: ${w}`),
  ].join('\n');
}

export const highscoreModel: CapsimModel = {
  name: 'highscore',
  title: 'grade-tracking API with read-modify-write documents (FastAPI + DPoP, MongoDB, Locust)',
  seed: 'the highscore write-up (FastAPI + MongoDB grade-tracking API with DPoP, load-tested with Locust)',
  description:
    'Locust users run add → edit → delete forever with between(1, 5) s waits. Each request reaches one uvicorn worker (one Python process: ' +
    'one core at a time, GIL) on the API instance\'s shared vCPUs, pays a fixed part, a DPoP proof check and — read-modify-write — ' +
    'work that grows with the document, and one or two commands on the document store. Predicts Locust\'s per-endpoint table, ' +
    'CPU and memory of the API, the store\'s CPU and the resource that limits the run. See models/highscore/README.md.',
  flags: highscoreFlags,
  predict: (flags) => predictHighscore(highscoreScenario(flags, loadHighscoreParams())),
  checkFlags: (flags) => void highscoreScenario(flags, loadHighscoreParams()),
  text: highscoreText,
  predictionSchema: 'models/highscore/prediction.schema.json',
  plan: highscorePlan,
  published: HIGHSCORE_PUBLISHED_FILE,
  charts: highscoreCharts,
  blindMetrics: [
    'http_req_duration{name:add}.med',
    'http_req_duration{name:edit}.med',
    'http_req_duration{name:delete}.med',
    'http_req_duration.p(95)',
    'http_reqs{name:add}.rate',
    'http_reqs{name:edit}.rate',
    'http_reqs{name:delete}.rate',
  ],
  fit(log) {
    const fit = fitHighscore(log);
    const report = checkedJson('models/highscore/fit.schema.json', fit, 'capsim fit highscore');
    saveHighscoreFit(fit);
    return report.trimEnd();
  },
  parameters: () => listParameters(loadHighscoreParams()),
};
