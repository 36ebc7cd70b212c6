import { describe, expect, it } from 'vitest';
import { highscoreScenario } from '../../models/highscore/flags.js';
import { loadHighscoreParams, type HighscoreParams } from '../../models/highscore/params.js';
import { simulateHighscore, type HighscoreRun } from '../../models/highscore/model.js';
import { ENDPOINTS, apiCpuNs, documentBytes, itemsAt, requestCosts, storeCpuNs, tokenCosts, type Endpoint } from '../../models/highscore/costs.js';
import type { HighscoreScenario, UpdateMode } from '../../models/highscore/scenario.js';

// simulateHighscore against figures derived by hand from params.json at test time: one user alone
// meets no queue, so each response time is the sum of its path (client round trip, one store round
// trip per command, the API's CPU with one wake-up per callback the worker sleeps before, the
// store's CPU), and every account of a run (requests, commands, bytes, CPU, memory) is the sum of
// the per-request costs over the requests Locust counted.

const params = loadHighscoreParams();
const ITEMS = 200;
const MIB = 2 ** 20;

/** One user for 30 s: a few add → edit → delete rounds, never two requests at once. */
function alone(update: UpdateMode, extra: Record<string, unknown> = {}, p: HighscoreParams = params): { s: HighscoreScenario; run: HighscoreRun } {
  const s = highscoreScenario({ users: '1', duration: '30s', 'doc-items': String(ITEMS), update, seed: '1', ...extra }, p);
  return { s, run: simulateHighscore(s, p) };
}

/** A response time by hand (ms): the wire, then each tier's CPU at its core's speed. */
function responseMs(p: HighscoreParams, update: UpdateMode, e: Endpoint, net: { halfClientNs: number; halfStoreNs: number }, speed: { api: number; store: number }): number {
  const c = requestCosts(p, update, ITEMS, e);
  const n = c.commands.length;
  // The worker sleeps before the request arrives and while each command is in the store: n + 1 wake-ups.
  const wakeNs = (n + 1) * p.api.wakeUpUs.value * 1e3;
  return (2 * net.halfClientNs + 2 * n * net.halfStoreNs + (apiCpuNs(c) + wakeNs) / speed.api + storeCpuNs(c) / speed.store) / 1e6;
}

const writeupNet = { halfClientNs: (params.network.clientRttMs.value * 1e6) / 2, halfStoreNs: (params.network.dbRttUs.value * 1e3) / 2 };
const writeupSpeed = { api: params.api.cpuSpeed.writeup.value, store: params.docstore.cpuSpeed.writeup.value };
const count = (run: HighscoreRun, f: (e: Endpoint) => number): number => ENDPOINTS.reduce((t, e) => t + run.stats[e].count * f(e), 0);

describe('highscore: one user alone, figures by hand', () => {
  for (const update of ['read-modify-write', 'in-place'] as const) {
    it(`${update}: each response time is its path's sum; every request of an endpoint takes the same`, () => {
      const { run } = alone(update);
      for (const e of ENDPOINTS) {
        expect(run.stats[e].count).toBeGreaterThan(2);
        expect(run.stats[e].min).toBeCloseTo(responseMs(params, update, e, writeupNet, writeupSpeed), 4);
        expect(run.stats[e].max).toBeCloseTo(run.stats[e].min, 9);
      }
      // Each second's median and 95th percentile is that second's one response (no two within a second: waits are ≥ 1 s).
      const seconds = 30;
      expect(run.series.response_p50_ms).toHaveLength(seconds);
      for (let k = 0; k < seconds; k++) {
        const done = ENDPOINTS.filter((e) => run.series[`requests_${e}`][k] > 0);
        expect(done.length).toBeLessThanOrEqual(1);
        const want = done.length === 0 ? 0 : +run.stats[done[0]].min.toFixed(1);
        expect([run.series.response_p50_ms[k], run.series.response_p95_ms[k]]).toEqual([want, want]);
      }
    });

    it(`${update}: requests, commands, bytes, items in Python, API and store CPU are the per-request costs summed`, () => {
      const { s, run } = alone(update);
      const c = (e: Endpoint) => requestCosts(params, update, ITEMS, e);
      const requests = count(run, () => 1);
      expect(run.tasks).toEqual({ started: requests, completed: requests, interrupted: 0 });
      const tokens = params.locust.tokenRequests.value;
      expect(run.work.requests).toBe(requests);
      expect(run.work.tokenRequests).toBe(tokens);
      expect(run.work.storeCommands).toBe(count(run, (e) => c(e).commands.length));
      expect(run.work.storeCommands).toBe(update === 'in-place' ? requests : 2 * requests);
      expect(run.work.itemsInPython).toBe(count(run, (e) => c(e).itemsInPython));
      expect(run.work.bytesToApi).toBe(count(run, (e) => c(e).bytesToApi));
      expect(run.work.bytesToStore).toBe(count(run, (e) => c(e).bytesToStore));
      if (update === 'read-modify-write') expect(run.work.bytesToApi).toBe(count(run, (e) => documentBytes(params, itemsAt(ITEMS, e))));
      else expect([run.work.bytesToApi, run.work.itemsInPython]).toEqual([0, 0]);
      // A wake-up per token request, and per request one more than its store commands.
      const wakeUps = tokens + count(run, (e) => c(e).commands.length + 1);
      expect(run.host.apiWakeUps).toBe(wakeUps);
      const apiNs = count(run, (e) => apiCpuNs(c(e))) + tokens * apiCpuNs(tokenCosts(params)) + wakeUps * params.api.wakeUpUs.value * 1e3;
      expect(run.work.apiCpuSeconds).toBeCloseTo(apiNs / writeupSpeed.api / 1e9, 9);
      expect(run.work.storeCpuSeconds).toBeCloseTo(count(run, (e) => storeCpuNs(c(e))) / writeupSpeed.store / 1e9, 9);
      // The same CPU, seen per second and as each resource's utilisation over the run.
      expect(run.durationNs).toBe(30e9);
      const api = run.resources.find((r) => r.name === 'API CPU')!;
      const store = run.resources.find((r) => r.name === 'document store CPU')!;
      expect(api.utilisation).toBeCloseTo(run.work.apiCpuSeconds / (30 * s.apiVcpu), 9);
      expect(store.utilisation).toBeCloseTo(run.work.storeCpuSeconds / (30 * s.docstoreVcpu), 9);
      const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);
      // Each second's busy share is kept to four decimals.
      expect(Math.abs(sum(run.series.api_cpu) * s.apiVcpu - run.work.apiCpuSeconds)).toBeLessThanOrEqual(30 * 0.5e-4 * s.apiVcpu);
      expect(Math.abs(sum(run.series.store_cpu) * s.docstoreVcpu - run.work.storeCpuSeconds)).toBeLessThanOrEqual(30 * 0.5e-4 * s.docstoreVcpu);
      for (const e of ENDPOINTS) expect(sum(run.series[`requests_${e}`])).toBe(run.stats[e].count);
      // The busiest second of each CPU is its series' highest; one user's command never waits for the store's cores.
      expect(api.peakUtilisation).toBeCloseTo(Math.max(...run.series.api_cpu), 4);
      expect(store.peakUtilisation).toBeCloseTo(Math.max(...run.series.store_cpu), 4);
      expect(api.peakUtilisation).toBeGreaterThan(api.utilisation);
      expect([store.maxQueue, store.meanQueue]).toEqual([0, 0]);
      expect(api.maxQueue).toBeLessThanOrEqual(1);
      expect([api.saturatedAtS, store.saturatedAtS]).toEqual([null, null]);
      expect([api.queueUnit, store.queueUnit]).toEqual(['callbacks ready in the workers', 'commands']);
      expect(Math.max(...run.series.users)).toBe(1);
      // CPU per request, ms on each tier's core, to four decimals.
      for (const e of ENDPOINTS) {
        expect(run.cpuPerRequestMs.api[e]).toBe(+(apiCpuNs(c(e)) / 1e6 / writeupSpeed.api).toFixed(4));
        expect(run.cpuPerRequestMs.store[e]).toBe(+(storeCpuNs(c(e)) / 1e6 / writeupSpeed.store).toFixed(4));
      }
    });

    it(`${update}: memory: the workers, one connection per user, and the one document held at a time`, () => {
      const { s, run } = alone(update, { 'api-memory': '1G' });
      const m = run.memory;
      const docs = update === 'in-place' ? 0 : ((ITEMS + 1) * params.memory.decodedBytesPerItem.value + 2 * documentBytes(params, ITEMS + 1)) / MIB;
      const connections = params.memory.connectionKiB.value / 1024;
      expect(m).toEqual({
        workersMiB: s.workers * params.memory.workerMiB.value,
        connectionsMiB: +connections.toFixed(3),
        peakDocumentsMiB: +docs.toFixed(3),
        peakResidentMiB: +(s.workers * params.memory.workerMiB.value + connections + docs).toFixed(3),
        ramMiB: 1024,
        peakDocumentsHeld: update === 'in-place' ? 0 : 1,
      });
      const resident = run.series.api_resident_mib;
      expect(Math.min(...resident)).toBeCloseTo(m.workersMiB + connections, 2);
      expect(Math.max(...resident)).toBeLessThanOrEqual(m.peakResidentMiB + 0.01);
      const mem = run.resources.find((r) => r.name === 'API memory')!;
      expect(mem.utilisation).toBeGreaterThanOrEqual((m.workersMiB + m.connectionsMiB) / 1024);
      expect(mem.utilisation).toBeLessThanOrEqual(m.peakResidentMiB / 1024 + 1e-9);
      expect(run.warnings).toEqual([]);
    });
  }

  it("each second's median and 95th percentile as Locust's index picks them: of three responses, the middle one and the largest", () => {
    // Three users started at once, a second long: each gets its tokens and one add answered, then waits past the end.
    const run = simulateHighscore(highscoreScenario({ users: '3', duration: '1s', 'spawn-rate': '10000', 'doc-items': '3000', seed: '1' }, params), params);
    const st = run.stats.Aggregated;
    expect([st.count, run.stats.add.count]).toEqual([3, 3]);
    const middle = st.avg * 3 - st.min - st.max;
    expect(middle).toBeGreaterThan(st.min + 0.1);
    expect(middle).toBeLessThan(st.max - 0.1);
    expect(run.series.response_p50_ms).toEqual([+middle.toFixed(1)]);
    expect(run.series.response_p95_ms).toEqual([+st.max.toFixed(1)]);
  });

  it("a recorded run's explicit core speeds replace the place's: the API's and the store's CPU time scale by 1 ÷ speed", () => {
    const s = highscoreScenario({ users: '1', duration: '30s', 'doc-items': String(ITEMS), seed: '1' }, params);
    const run = simulateHighscore({ ...s, apiSpeed: 0.5, docstoreSpeed: 2 }, params);
    for (const e of ENDPOINTS) expect(run.stats[e].min).toBeCloseTo(responseMs(params, 'read-modify-write', e, writeupNet, { api: 0.5, store: 2 }), 4);
    expect(run.cpuPerRequestMs.api.edit).toBe(+(apiCpuNs(requestCosts(params, 'read-modify-write', ITEMS, 'edit')) / 1e6 / 0.5).toFixed(4));
    expect(run.cpuPerRequestMs.store.edit).toBe(+(storeCpuNs(requestCosts(params, 'read-modify-write', ITEMS, 'edit')) / 1e6 / 2).toFixed(4));
  });

  it("on this machine (--profile local, host effects off): loopback to the API; to the store too when it is also local; Locust's CPU on the store's core", () => {
    const quiet = structuredClone(params);
    quiet.host.apiWakeWaitUs.value = 0;
    quiet.host.storeWakeWaitUs.value = 0;
    quiet.host.locustUs.value = 0;
    quiet.host.walFlushUs.value = 0;
    quiet.host.apiShare.value = 1;
    const loop = (quiet.network.loopbackUs.value * 1e3) / 2;
    const local = { api: quiet.api.cpuSpeed.local.value, store: quiet.docstore.cpuSpeed.local.value };
    const apiOnly = alone('read-modify-write', { profile: ['api=local'] }, quiet).run;
    const both = alone('read-modify-write', { profile: ['local'] }, quiet).run;
    const storeOnly = alone('read-modify-write', { profile: ['docstore=local'] }, quiet).run;
    for (const e of ENDPOINTS) {
      expect(apiOnly.stats[e].min).toBeCloseTo(responseMs(quiet, 'read-modify-write', e, { halfClientNs: loop, halfStoreNs: writeupNet.halfStoreNs }, { api: local.api, store: writeupSpeed.store }), 4);
      expect(both.stats[e].min).toBeCloseTo(responseMs(quiet, 'read-modify-write', e, { halfClientNs: loop, halfStoreNs: loop }, local), 4);
      expect(storeOnly.stats[e].min).toBeCloseTo(responseMs(quiet, 'read-modify-write', e, writeupNet, { api: writeupSpeed.api, store: local.store }), 4);
    }
    expect(both.host).toMatchObject({ walFlushes: 0, walFlushSeconds: 0, storeWakeWaitSeconds: 0, locustCpuSeconds: 0, apiWaitSeconds: 0, apiShareWaitSeconds: 0 });
    // Alone on its cores the store never waits for them (but for float rounding).
    expect(both.host.storeRunQueueSeconds).toBeLessThan(1e-6);
    // Locust reads each response on the store's core: its CPU adds to every response time, and is counted apart from the store's.
    const withLocust = structuredClone(quiet);
    withLocust.host.locustUs.value = 1000;
    const l = alone('read-modify-write', { profile: ['local'] }, withLocust).run;
    for (const e of ENDPOINTS) expect(l.stats[e].min).toBeCloseTo(both.stats[e].min + 1000e3 / local.store / 1e6, 4);
    expect(l.host.locustCpuSeconds).toBeCloseTo((count(l, () => 1) * 1000e3) / local.store / 1e9, 9);
    expect(l.work.storeCpuSeconds).toBeCloseTo(both.work.storeCpuSeconds, 9);
    // Locust runs beside the store only when both tiers are here.
    expect(alone('read-modify-write', { profile: ['api=local'] }, withLocust).run.host.locustCpuSeconds).toBe(0);
    // A measured WAL flush makes each request's last command wait for one flush at least.
    const wal = structuredClone(quiet);
    wal.host.walFlushUs.value = 5000;
    const w = alone('read-modify-write', { profile: ['local'] }, wal).run;
    expect(w.host.walFlushes).toBe(count(w, () => 1));
    expect(w.stats.Aggregated.avg).toBeGreaterThan(both.stats.Aggregated.avg + 2);
    // A worker that ran a whole time slice with more callbacks ready waits for the others' share:
    // ran × (1 ÷ share − 1). Alone, that happens only in POST /token, whose answer is posted while
    // its first callback runs (parse, DPoP and the wake-up); with a slice of 0 each is paused.
    const shared = structuredClone(quiet);
    shared.host.apiShare.value = 0.25;
    shared.host.sliceUs.value = 0;
    const tokenRunNs = (tokenCosts(shared).beforeNs + shared.api.wakeUpUs.value * 1e3) / local.api;
    const preempted = alone('read-modify-write', { profile: ['api=local'] }, shared).run;
    expect(preempted.host.apiShareWaitSeconds).toBeCloseTo((shared.locust.tokenRequests.value * tokenRunNs * (1 / 0.25 - 1)) / 1e9, 9);
    // A slice longer than any callback: never paused; a share of 1 or a store-only profile: no pauses either.
    shared.host.sliceUs.value = 1e6;
    expect(alone('read-modify-write', { profile: ['api=local'] }, shared).run.host.apiShareWaitSeconds).toBe(0);
    shared.host.sliceUs.value = 0;
    expect(alone('read-modify-write', { profile: ['docstore=local'] }, shared).run.host.apiShareWaitSeconds).toBe(0);
    const own = simulateHighscore({ ...highscoreScenario({ users: '1', duration: '30s', 'doc-items': String(ITEMS), seed: '1', profile: ['local'] }, wal), walFlushUs: 0 }, wal);
    expect(own.host.walFlushes).toBe(0);
  });
});

describe('highscore: resources and warnings', { timeout: 120_000 }, () => {
  it('fewer workers than vCPUs: each worker is a resource of its own (the GIL binds first); as many or more: none', () => {
    const { s, run } = alone('read-modify-write', { 'api-vcpu': '4', workers: '2' });
    expect(run.resources.map((r) => r.name)).toEqual(['API CPU', 'uvicorn worker 1', 'uvicorn worker 2', 'document store CPU', 'API memory']);
    const w1 = run.resources[1];
    expect(w1.scaleNext).toBe('more uvicorn workers (--workers 4): one Python process uses one core at a time (GIL)');
    // One user's connection is on worker 1 (users go to the workers in turn): worker 2 does nothing.
    expect(w1.utilisation).toBeCloseTo(run.work.apiCpuSeconds / 30, 9);
    expect(run.resources[2].utilisation).toBe(0);
    const api = run.resources[0];
    expect(api.utilisation).toBeCloseTo(run.work.apiCpuSeconds / (30 * s.apiVcpu), 9);
    expect(api.detail).toBe(`4 vCPU, 2 uvicorn worker(s); ${(apiCpuNs(requestCosts(params, 'read-modify-write', ITEMS, 'edit')) / 1e6).toFixed(2)} ms of API CPU per edit`);
    expect(api.scaleNext).toBe(`update in place (--update in-place): the request's CPU then no longer grows with the document (${ITEMS} items); or more vCPUs with one uvicorn worker each (--api-vcpu 8 --workers 8)`);
    expect(run.resources[3].scaleNext).toBe('a larger document-store instance, or update in place so it moves fewer bytes');
    expect(alone('read-modify-write', { workers: '2' }).run.resources.map((r) => r.name)).toEqual(['API CPU', 'document store CPU', 'API memory']);
    const inPlace = alone('in-place').run.resources;
    expect(inPlace[0].scaleNext).toBe('more vCPUs with one uvicorn worker each (--api-vcpu 4 --workers 4), or a second API instance behind a load balancer');
    expect(inPlace[1].scaleNext).toBe('a larger document-store instance (more or faster vCPUs)');
  });

  it('users go to the workers in turn: two users on two workers share the CPU evenly', () => {
    const { run } = alone('read-modify-write', { users: '2', 'api-vcpu': '4', workers: '2' });
    const [w1, w2] = [run.resources[1].utilisation, run.resources[2].utilisation];
    expect(w1).toBeGreaterThan(0);
    expect(w2 / w1).toBeGreaterThan(0.7);
    expect(w2 / w1).toBeLessThan(1.4);
  });

  it('a resident size past the RAM is warned of, with the figure', () => {
    // The smallest RAM the flag takes, under many users' decoded 5,000-item documents.
    const { run } = alone('read-modify-write', { 'api-memory': '64M', workers: '1', users: '200', 'spawn-rate': '100', 'doc-items': '5000' });
    expect(run.memory.peakResidentMiB).toBeGreaterThan(64);
    expect(run.warnings).toEqual([`the API's resident memory (${run.memory.peakResidentMiB.toFixed(0)} MiB) exceeds its RAM: it would swap or be killed, which this model does not simulate`]);
    const mem = run.resources.find((r) => r.name === 'API memory')!;
    expect(mem.utilisation).toBeGreaterThan(1);
  });

  it('requests that wait for a pooled connection are warned of, with the pool size', () => {
    const s = highscoreScenario({ users: '120', duration: '30s', 'spawn-rate': '60', 'doc-items': '3000', 'pool-size': '1', seed: '2' }, params);
    const run = simulateHighscore(s, params);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]).toMatch(/^requests waited for a pooled document-store connection \(up to \d+ at once; 1 per worker\)$/);
    const most = Number(/up to (\d+)/.exec(run.warnings[0])![1]);
    expect(most).toBeGreaterThan(0);
    expect(simulateHighscore({ ...s, dbPool: 100 }, params).warnings).toEqual([]);
  });
});
