import { describe, expect, it } from 'vitest';
import { defaultWorkers, highscoreFlags, highscoreScenario } from '../../models/highscore/flags.js';
import { highscoreModel, predictHighscore, scenarioJson, type HighscorePrediction } from '../../models/highscore/index.js';
import { highscoreCharts } from '../../models/highscore/charts.js';
import { highscorePlan } from '../../models/highscore/plan.js';
import { loadHighscoreParams } from '../../models/highscore/params.js';
import { simulateHighscore, WAIT_S } from '../../models/highscore/model.js';
import { ENDPOINTS, METHOD } from '../../models/highscore/costs.js';
import { UsageError } from '../../src/cli/usage-error.js';

// What `capsim predict highscore` reads and prints, and what plan and sweep charts take from a
// prediction, run in this process (test/cli runs the command in a child, which Stryker's per-test
// coverage cannot see): each flag reaches the scenario, each figure printed is the prediction's own.

const params = loadHighscoreParams();
const scenario = (flags: Record<string, unknown>) => highscoreScenario(flags, params);
const GIB = 2 ** 30;
const MIB = 2 ** 20;

describe('highscore flags', () => {
  it("defaults: the write-up's 350 users for 5m on 2 vCPU with 12G, one worker per vCPU, the fitted document, the store as params.json has it", () => {
    const s = scenario({});
    expect(s).toEqual({
      users: 350,
      spawnRate: params.locust.spawnRate.value,
      durationNs: 300e9,
      update: 'read-modify-write',
      docItems: Math.round(params.document.items.value),
      workers: 2,
      apiVcpu: 2,
      docstoreVcpu: params.docstore.vcpus.value,
      dbPool: 100,
      apiMemoryBytes: 12 * GIB,
      api: 'writeup',
      docstore: 'writeup',
      seed: 1,
    });
    // yargs' defaults say the same as the scenario's.
    const f = highscoreModel.flags;
    expect([f.users.default, f.update.default, f['api-vcpu'].default, f['pool-size'].default, f['api-memory'].default, f.duration.default, f.seed.default]).toEqual(['350', 'read-modify-write', '2', '100', '12G', '5m', '1']);
    expect([f['doc-items'].default, f.workers.default, f['docstore-vcpu'].default, f['spawn-rate'].default]).toEqual([undefined, undefined, undefined, undefined]);
    expect(highscoreFlags).toBe(f);
    expect(f.profile.array).toBe(true);
  });

  it('every flag is declared to yargs as a string (checked here, not by yargs) with a sentence of help', () => {
    expect(Object.keys(highscoreFlags)).toEqual(['users', 'update', 'doc-items', 'workers', 'api-vcpu', 'docstore-vcpu', 'pool-size', 'api-memory', 'duration', 'spawn-rate', 'profile', 'seed']);
    for (const [name, spec] of Object.entries(highscoreFlags)) {
      expect(spec.type, name).toBe('string');
      expect(spec.describe.length, name).toBeGreaterThan(20);
    }
  });

  it('workers default to one per API vCPU', () => {
    expect([defaultWorkers(1), defaultWorkers(2), defaultWorkers(7)]).toEqual([1, 2, 7]);
    expect(scenario({ 'api-vcpu': '4' }).workers).toBe(4);
    expect(scenario({ 'api-vcpu': '4', workers: '1' }).workers).toBe(1);
  });

  it('every flag given reaches the scenario', () => {
    const s = scenario({
      users: '7', 'spawn-rate': '2.5', duration: '90s', update: 'in-place', 'doc-items': '0', workers: '3', 'api-vcpu': '8', 'docstore-vcpu': '5',
      'pool-size': '12', 'api-memory': '6G', profile: ['local'], seed: '42',
    });
    expect(s).toEqual({
      users: 7, spawnRate: 2.5, durationNs: 90e9, update: 'in-place', docItems: 0, workers: 3, apiVcpu: 8, docstoreVcpu: 5,
      dbPool: 12, apiMemoryBytes: 6 * GIB, api: 'local', docstore: 'local', seed: 42,
    });
  });

  it('--profile: writeup or local for both tiers, or api=… / docstore=… for one; the last word for a tier wins', () => {
    const where = (profile: unknown) => {
      const s = scenario({ profile });
      return [s.api, s.docstore];
    };
    expect(where(undefined)).toEqual(['writeup', 'writeup']);
    expect(where('local')).toEqual(['local', 'local']);
    expect(where(['api=local'])).toEqual(['local', 'writeup']);
    expect(where(['docstore=local'])).toEqual(['writeup', 'local']);
    expect(where('api=local,docstore=local')).toEqual(['local', 'local']);
    expect(where([' local ', 'api=writeup'])).toEqual(['writeup', 'local']);
    expect(where(['docstore=local', 'writeup'])).toEqual(['writeup', 'writeup']);
    // The whole word must be a place: a second line around one is no help.
    for (const bad of ['m9.huge', 'db=local', 'api=', 'api=cloud', 'local=api', '', 'api=local=x', 'local\nx', 'x\nlocal']) {
      expect(() => scenario({ profile: [bad] })).toThrow(new UsageError(`--profile must be writeup or local, optionally as api=… or docstore=…, got "${bad}"`));
    }
  });

  it('--api-memory: a size with K, M, G or T (any case, optional i and B), at least 64M', () => {
    const bytes = (v: string) => scenario({ 'api-memory': v }).apiMemoryBytes;
    expect(bytes('6GB')).toBe(6 * GIB);
    expect(bytes('512M')).toBe(512 * MIB);
    expect(bytes(' 1.5 gib ')).toBe(1.5 * GIB);
    expect(bytes('1.25G')).toBe(1.25 * GIB);
    expect(bytes('65536k')).toBe(64 * MIB);
    expect(bytes('1T')).toBe(2 ** 40);
    expect(bytes('64M')).toBe(2 ** 26);
    expect(bytes(String(2 ** 26))).toBe(2 ** 26);
    // Only a string is read: yargs gives one; a number, however large, is not a size.
    for (const bad of ['lots', '63M', String(2 ** 26 - 1), '12X', '12GG', '-1G', '.5G', '', 12, 2 ** 27]) {
      expect(() => scenario({ 'api-memory': bad })).toThrow(new UsageError(`--api-memory must be a size of at least 64M such as 12G or 6G, got ${JSON.stringify(bad)}`));
    }
  });

  it('--spawn-rate: a plain number of users per second above 0 and up to 10,000', () => {
    expect(scenario({ 'spawn-rate': '10000' }).spawnRate).toBe(10_000);
    expect(scenario({ 'spawn-rate': ' 0.25 ' }).spawnRate).toBe(0.25);
    for (const bad of ['0', '10000.5', '-1', '1e3', 'fast', '', 5]) {
      expect(() => scenario({ 'spawn-rate': bad })).toThrow(new UsageError(`--spawn-rate must be a number of users per second above 0 and up to 10,000, got ${JSON.stringify(bad)}`));
    }
  });

  it('--doc-items: a whole number from 0 to 1,000,000', () => {
    expect(scenario({ 'doc-items': '1000000' }).docItems).toBe(1_000_000);
    expect(scenario({ 'doc-items': ' 5 ' }).docItems).toBe(5);
    // Digits only: no sign, exponent or hex that Number() would take.
    for (const bad of ['1000001', '-1', '1.5', 'many', '', 5, '1e3', '+5', '0x10', '5 5']) {
      expect(() => scenario({ 'doc-items': bad })).toThrow(new UsageError(`--doc-items must be a whole number from 0 to 1,000,000, got ${JSON.stringify(bad)}`));
    }
  });

  it.each([
    ['users', '100001', '--users must be a whole number from 1 to 100,000, got "100001"'],
    ['users', '0', '--users must be a whole number from 1 to 100,000'],
    ['workers', '1025', '--workers must be a whole number from 1 to 1,024'],
    ['api-vcpu', '257', '--api-vcpu must be a whole number from 1 to 256'],
    ['docstore-vcpu', '257', '--docstore-vcpu must be a whole number from 1 to 256'],
    ['pool-size', '100001', '--pool-size must be a whole number from 1 to 100,000'],
    ['update', 'sometimes', '--update must be one of read-modify-write, in-place, got "sometimes"'],
    ['duration', '61m', '--duration must be at most 1h (the simulation grows with the run; the seed ran 5m), got "61m"'],
    ['duration', '0s', '--duration must be a duration'],
    ['seed', '-1', '--seed must be a whole number'],
  ])('--%s %s is bad input, named', (flag, value, message) => {
    expect(() => scenario({ [flag]: value })).toThrow(UsageError);
    expect(() => scenario({ [flag]: value })).toThrow(message);
    // The CLI checks flags before it simulates anything.
    expect(() => highscoreModel.checkFlags!({ [flag]: value })).toThrow(message);
  });

  it('the limits themselves are accepted', () => {
    const s = scenario({ users: '100000', workers: '1024', 'api-vcpu': '256', 'docstore-vcpu': '256', 'pool-size': '100000', duration: '1h', seed: '0' });
    expect([s.users, s.workers, s.apiVcpu, s.docstoreVcpu, s.dbPool, s.durationNs, s.seed]).toEqual([100_000, 1024, 256, 256, 100_000, 3600e9, 0]);
    expect(() => highscoreModel.checkFlags!({ users: '100000' })).not.toThrow();
  });
});

describe('highscore prediction, text, charts and plan', { timeout: 120_000 }, () => {
  const flags = { users: '40', duration: '60s', 'spawn-rate': '20', 'doc-items': '200', seed: '3' };
  // Simulated inside the first test that needs it, so Stryker's per-test coverage sees who ran what.
  let cached: HighscorePrediction | undefined;
  const prediction = (): HighscorePrediction => (cached ??= highscoreModel.predict(flags) as HighscorePrediction);

  it('the scenario as JSON names every setting in the CLI’s units', () => {
    const s = scenario({ ...flags, 'api-memory': '700M', profile: ['api=local'], 'pool-size': '9', workers: '3', 'docstore-vcpu': '4' });
    expect(scenarioJson(s)).toEqual({
      users: 40, spawn_rate: 20, duration: '1m0s', update: 'read-modify-write', doc_items: 200, workers: 3, api_vcpu: 2, api_memory_gib: 0.684,
      docstore_vcpu: 4, pool_size: 9, profiles: { api: 'local', docstore: 'writeup' }, seed: 3,
    });
    expect(prediction().scenario).toEqual(scenarioJson(scenario(flags)));
  });

  it("each endpoint's figures are its Locust stats over the run time; Aggregated is their sum; k6's names carry the same figures", () => {
    const p = prediction();
    const run = simulateHighscore(scenario(flags), params);
    expect(p.duration_s).toBe(+(run.durationNs / 1e9).toFixed(3));
    expect(p.duration_s).toBe(60);
    for (const name of ['Aggregated', ...ENDPOINTS] as const) {
      const st = run.stats[name];
      const f = p.endpoints[name];
      expect(f).toEqual({
        requests: st.count, failures: st.failures, rps: +(st.count / p.duration_s).toFixed(2), median: st.median, p95: st.percentile(0.95), p99: st.percentile(0.99),
        average: +st.avg.toFixed(2), min: +st.min.toFixed(2), max: +st.max.toFixed(2),
      });
      expect(f.requests).toBeGreaterThan(0);
      const tag = name === 'Aggregated' ? '' : `{name:${name}}`;
      expect(p.metrics[`http_reqs${tag}`]).toEqual({ count: f.requests, rate: f.rps });
      expect(p.metrics[`http_req_failed${tag}`]).toEqual({ value: f.failures / f.requests, passes: f.failures, fails: f.requests - f.failures });
      expect(p.metrics[`http_req_duration${tag}`]).toEqual({ avg: f.average, min: f.min, med: f.median, max: f.max, 'p(90)': st.percentile(0.9), 'p(95)': f.p95, 'p(99)': f.p99 });
    }
    expect(p.endpoints.Aggregated.requests).toBe(ENDPOINTS.reduce((t, e) => t + p.endpoints[e].requests, 0));
    // k6's names, sorted, and nothing else.
    const keys = ['', ...ENDPOINTS.map((e) => `{name:${e}}`)].flatMap((t) => [`http_req_duration${t}`, `http_req_failed${t}`, `http_reqs${t}`]).sort();
    expect(Object.keys(p.metrics)).toEqual(keys);
    expect(p.tasks).toEqual(run.tasks);
    expect(p.cpu_per_request_ms).toEqual(run.cpuPerRequestMs);
    expect(p.bytes_per_request).toEqual({ to_api: Math.round(run.work.bytesToApi / run.work.requests), to_store: Math.round(run.work.bytesToStore / run.work.requests) });
    expect(p.bytes_per_request.to_api).toBeGreaterThan(200 * params.document.itemBytes.value);
    expect(p.memory).toEqual(run.memory);
    expect(p.bottleneck).toEqual(run.bottleneck);
    expect(p.resources).toEqual(run.resources);
    expect(p.series).toEqual(run.series);
    expect(p.warnings).toEqual(run.warnings);
    expect(p.engine).toEqual(run.engine);
    expect(p.model).toBe('highscore');
  });

  it('a run with no requests: rates and failure shares of zero, not NaN; bytes per request over at least one', () => {
    // Zero seconds of run time cannot be asked for; a user that never gets a response can: 1 user, 1 ms.
    const p = predictHighscore(scenario({ users: '1', duration: '1ms', 'doc-items': '10' }));
    expect(p.endpoints.Aggregated.requests).toBe(0);
    expect(p.metrics.http_req_failed).toEqual({ value: 0, passes: 0, fails: 0 });
    expect(p.bytes_per_request).toEqual({ to_api: 0, to_store: 0 });
    expect(highscoreCharts.failureRate!(p)).toBe(0);
  });

  it("the text: the scenario's lines, Locust's table with the prediction's own figures, CPU, bytes and memory", () => {
    const p = prediction();
    const text = highscoreModel.text(p);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`  capsim predict highscore (simulated, seed 3): 40 Locust users (spawn rate 20/s, run time 1m0s), add → edit → delete, between(${WAIT_S.min}, ${WAIT_S.max}) s after each`);
    expect(lines[1]).toBe(`  API: 2 vCPU (writeup), 2 uvicorn worker(s), DPoP on every request; read-modify-write updates of 200-item documents; document store: ${params.docstore.vcpus.value} vCPU (writeup)`);
    expect(lines[2]).toBe('');
    // Locust's _stats.csv columns, then one row per endpoint and Aggregated, each with its figures.
    expect(lines[3].trim().split(/\s{2,}/)).toEqual(['Type', 'Name', 'Request Count', 'Failure Count', 'Median Response Time', 'Average Response Time', 'Min Response Time', 'Max Response Time', 'Requests/s', 'Failures/s', '95%', '99%']);
    const rows = lines.slice(5, 9).map((l) => l.trim().split(/\s+/));
    const ms = (x: number) => String(Math.round(x));
    for (const [i, name] of (['add', 'edit', 'delete', 'Aggregated'] as const).entries()) {
      const f = p.endpoints[name];
      const cells = [String(f.requests), String(f.failures), ms(f.median), ms(f.average), ms(f.min), ms(f.max), f.rps.toFixed(2), (f.failures / p.duration_s).toFixed(2), ms(f.p95), ms(f.p99)];
      expect(rows[i]).toEqual(name === 'Aggregated' ? [name, ...cells] : [METHOD[name], name, ...cells]);
    }
    expect(lines[9]).toBe('');
    expect(lines[10]).toBe(`  response times in ms; percentiles as Locust computes them (from response times rounded to 2 significant digits); Requests/s = requests ÷ run time (${p.duration_s} s)`);
    const c = p.cpu_per_request_ms;
    expect(lines[11]).toBe(
      `  CPU per request (ms): API add ${c.api.add} / edit ${c.api.edit} / delete ${c.api.delete}; document store ${c.store.add} / ${c.store.edit} / ${c.store.delete}; ` +
        `document bytes per request: ${p.bytes_per_request.to_api} to the API, ${p.bytes_per_request.to_store} back`,
    );
    const m = p.memory;
    expect(lines[12]).toBe(
      `  API memory: peak ${m.peakResidentMiB.toFixed(0)} MiB resident of 12.0 GiB RAM (${m.workersMiB} MiB in workers, ${m.connectionsMiB.toFixed(1)} MiB for connections, ${m.peakDocumentsMiB.toFixed(1)} MiB of documents in flight)`,
    );
    expect(lines[13]).toMatch(/^ {2}bottleneck: /);
    expect(text).not.toContain('warning:');
    // Failures per second and warnings, when there are some.
    const failing = { ...p, endpoints: { ...p.endpoints, add: { ...p.endpoints.add, failures: 30 } }, warnings: ['first', 'second'] };
    const t2 = highscoreModel.text(failing).split('\n');
    expect(t2[5].trim().split(/\s+/)[3]).toBe('30');
    expect(t2[5].trim().split(/\s+/)[9]).toBe((30 / p.duration_s).toFixed(2));
    expect(t2.slice(-2)).toEqual(['  warning: first', '  warning: second']);
    expect(highscoreModel.text({ ...p, duration_s: 0 }).split('\n')[5].trim().split(/\s+/)[9]).toBe('0.00');
  });

  it('charts: delivered = Locust Requests/s, offered = users ÷ mean wait, their ratio, the failure share; each panel draws its series', () => {
    const p = prediction();
    const c = highscoreCharts;
    const meanWait = (WAIT_S.min + WAIT_S.max) / 2;
    expect(c.load).toEqual({ flag: 'users', label: 'Locust users' });
    expect(c.delivered.value(p)).toBe(p.endpoints.Aggregated.rps);
    expect(c.offered!.value(p)).toBe(40 / meanWait);
    expect(c.offered!.label).toBe(`users ÷ ${meanWait} s mean wait (the rate at zero response time)`);
    expect(c.deliveredRatio!(p)).toBe(p.endpoints.Aggregated.rps / (40 / meanWait));
    const none = { ...p, scenario: { ...p.scenario, users: 0 } };
    expect(c.offered!.value(none)).toBe(0);
    expect(c.deliveredRatio!(none)).toBe(0);
    const agg = (requests: number, failures: number) => ({ ...p, endpoints: { ...p.endpoints, Aggregated: { ...p.endpoints.Aggregated, requests, failures } } });
    expect(c.failureRate!(agg(40, 10))).toBe(0.25);
    expect(c.failureRate!(agg(0, 0))).toBe(0);
    expect(c.failureRate!(p)).toBe(0);
    expect(c.latency).toEqual({ metric: 'http_req_duration', label: 'response time (Locust)' });
    const s = p.series;
    expect(c.timeline!.map((t) => t.pick(p))).toEqual([
      { users: s.users },
      { median: s.response_p50_ms, '95th percentile': s.response_p95_ms },
      { add: s.requests_add, edit: s.requests_edit, delete: s.requests_delete },
      { API: s.api_cpu, 'document store': s.store_cpu },
      { 'API queue': s.api_queue },
      { resident: s.api_resident_mib },
    ]);
    // Each panel says what it draws and in what unit.
    expect(c.timeline!.map((t) => [t.title, t.unit])).toEqual([
      ['Locust users', 'users'],
      ['response time of the requests that ended in each second', 'ms'],
      ['requests per second', 'requests/s'],
      ['CPU busy (share of all vCPUs)', 'busy share'],
      ['callbacks ready in the uvicorn workers (the API queue)', 'callbacks'],
      ['API resident memory', 'MiB'],
    ]);
    expect([c.delivered.label, c.delivered.unit]).toEqual(['requests per second (Locust Requests/s, all endpoints)', 'requests per second']);
    expect(c.reportSweep).toEqual({ users: '50..600:50', update: 'read-modify-write,in-place' });
  });

  it("plan: the update style and the API's vCPUs are searched; the API instance is billed at its vCPUs and --api-memory", () => {
    expect(highscorePlan.load).toEqual({ flag: 'users', label: 'Locust users', ladder: { min: 10, max: 1000, step: 10 } });
    expect(highscorePlan.knobs.map((k) => [k.name, k.flag, k.values, k.monotone])).toEqual([
      ['update', 'update', ['read-modify-write', 'in-place'], undefined],
      ['api-vcpu', 'api-vcpu', ['1', '2', '4', '8', '16'], true],
    ]);
    expect(highscorePlan.bill!({ users: '10', 'api-vcpu': '4', 'api-memory': '6G' })).toEqual([{ role: 'API instance', profile: 'fargate-1vcpu', count: 1, vcpus: 4, memoryGiB: 6 }]);
    expect(highscorePlan.bill!({})).toEqual([{ role: 'API instance', profile: 'fargate-1vcpu', count: 1, vcpus: 2, memoryGiB: 12 }]);
    expect(highscorePlan.metrics.rps).toMatchObject({ describe: 'Locust requests per second, all endpoints (http_reqs.rate)', unit: 'per_s' });
    expect(highscorePlan.metrics.rps.value({ 'http_reqs.rate': 12.5 } as never)).toBe(12.5);
    // SLO clauses on response time read Locust's times under k6's names.
    expect(highscorePlan.metrics.p95).toMatchObject({ describe: 'response time, p95 (http_req_duration.p(95))', unit: 'ms' });
    expect(highscorePlan.metrics.p95.value({ 'http_req_duration.p(95)': 230 } as never)).toBe(230);
    expect(highscoreModel.plan).toBe(highscorePlan);
  });

  it('parameters: every params.json entry listed with its value, unit and provenance', () => {
    const lines = highscoreModel.parameters!();
    const items = lines.find((l) => l.name === 'document.items')!;
    expect(items.value).toBe(`${params.document.items.value} ${params.document.items.unit}`);
    expect(items.provenance).toBe(`${params.document.items.provenance.kind}: ${params.document.items.provenance.source}`);
    expect(lines.find((l) => l.name === 'api.cpuSpeed.writeup')).toBeDefined();
  });

  it('the model names its files, blind metrics and seed', () => {
    expect(highscoreModel.name).toBe('highscore');
    expect(highscoreModel.predictionSchema).toBe('models/highscore/prediction.schema.json');
    expect(highscoreModel.published).toBe('models/highscore/published.json');
    expect(highscoreModel.charts).toBe(highscoreCharts);
    expect(highscoreModel.blindMetrics).toEqual([
      'http_req_duration{name:add}.med', 'http_req_duration{name:edit}.med', 'http_req_duration{name:delete}.med', 'http_req_duration.p(95)',
      'http_reqs{name:add}.rate', 'http_reqs{name:edit}.rate', 'http_reqs{name:delete}.rate',
    ]);
  });
});
