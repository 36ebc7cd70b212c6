import { describe, expect, it } from 'vitest';
import { calibrateCeleryLocal } from '../../calibration/feed/calibrate-celery.js';
import type { CeleryRecord } from '../../calibration/load/celery-watch.js';
import type { RunRecord } from '../../calibration/records.js';
import { loadFeedParams, num } from '../../models/feed/params.js';

const params = loadFeedParams();
const ref = num(params.app.probeReferenceMs);

/** gunicorn's CPU per request, s, and each of its 3 worker processes' first Celery import, µs (reference core). */
const REQUEST_S = 0.002;
const IMPORT_US = 150_000;

/**
 * A redis-celery record whose CPU figures follow the given costs exactly, on a core `slower` × the
 * reference (core 1) and `slower0` × (core 0): gunicorn serves the same requests every second and
 * spends its 3 processes' imports in the first.
 */
function record(id: string, fanout: number, chunk: number, posts: number, costs: { task: number; row: number; rmsg: number; rrow: number }, slower = 1, slower0 = 1): RunRecord {
  const messages = posts * Math.ceil(fanout / chunk);
  const rowsPer = Math.min(chunk, fanout);
  const done = Math.floor(messages / 2);
  const us = (x: number): number => (x * slower) / 1e6;
  const celery: CeleryRecord = {
    concurrency: 2,
    chunk,
    messages_per_post: Math.ceil(fanout / chunk),
    messages_enqueued: messages,
    done_during_test: done,
    waiting_at_end_of_test: 0,
    max_waiting: 0,
    drained_after_s: 1,
    // Each phase spends what its messages cost: the test does the first half of them.
    worker_cpu_seconds_test: us(costs.task * done + costs.row * done * rowsPer),
    worker_cpu_seconds_drain: us(costs.task * (messages - done) + costs.row * (messages - done) * rowsPer),
    redis_cpu_seconds_test: us(costs.rmsg * done + costs.rrow * done * rowsPer),
    redis_cpu_seconds_drain: us(costs.rmsg * (messages - done) + costs.rrow * (messages - done) * rowsPer),
    load_cpu_seconds_test: us(300 * posts),
    samples: { t_s: [], waiting: [], done: [] },
  };
  return {
    kind: 'capsim-run-record',
    model: 'feed',
    id,
    source: 'capsim load',
    createdAt: '',
    settings: { db: 'redis-celery', fanout: String(fanout), workers: '3' },
    machine: { speedProbe: { core0: [ref * slower0, ref * slower0], core1: [ref * slower, ref * slower] } },
    duration_s: 20,
    metrics: { http_reqs: { count: posts, rate: posts / 20 }, checks: { value: 1, passes: posts, fails: 0 } },
    resources: { server_cpu_seconds: 1, db_cpu_seconds: us(200 * posts) },
    celery,
    series: {
      http_reqs: Array.from({ length: 20 }, () => posts / 20),
      server_cpu: Array.from({ length: 20 }, (_, i) => slower0 * ((posts / 20) * REQUEST_S + (i === 0 ? (3 * IMPORT_US) / 1e6 : 0))),
    },
  };
}

describe('capsim calibrate feed: the local Redis + Celery costs', () => {
  const truth = { task: 1800, row: 52, rmsg: 40, rrow: 14 };
  it('recovers the worker and Redis costs per message and per row, at the runs\' median core-1 probe', () => {
    const runs = [record('a', 200, 200, 1200, truth, 1.9), record('b', 500, 500, 900, truth, 1.9), record('c', 1000, 1000, 500, truth, 1.9), record('d', 500, 100, 700, truth, 1.9)];
    const c = calibrateCeleryLocal(runs, params);
    expect(c.coreSpeed).toBeCloseTo(1 / 1.9, 3);
    expect(c.taskUs).toBeCloseTo(truth.task, 0);
    expect(c.rowUs).toBeCloseTo(truth.row, 0);
    expect(c.redisMessageUs).toBeCloseTo(truth.rmsg, 0);
    expect(c.redisRowUs).toBeCloseTo(truth.rrow, 0);
    expect(c.otherPerRequestUs).toBeCloseTo(500, 0);
    expect(c.workerRms).toBeLessThan(1e-6);
  });
  it('does not follow one run\'s own probe: its CPU per friend stays what it spent', () => {
    // Run b's probe read fast (as the committed v60 F500 run's did) while its CPU matched the others'.
    const runs = [record('a', 200, 200, 1200, truth, 1.9), record('b', 500, 500, 900, truth, 1.9), record('c', 1000, 1000, 500, truth, 1.9)];
    runs[1].machine.speedProbe = { core0: [ref, ref], core1: [ref * 1.6, ref * 1.6] };
    const c = calibrateCeleryLocal(runs, params);
    expect(c.rowUs).toBeCloseTo(truth.row, 0);
    expect(c.workerRms).toBeLessThan(1e-6);
  });
  it("measures each worker process's first Celery import from the CPU of the runs' first seconds, on the reference core", () => {
    const runs = [record('a', 200, 200, 1200, truth, 1.9), record('b', 500, 500, 900, truth, 1.9, 2), record('c', 1000, 1000, 500, truth, 1.9, 1.5)];
    const c = calibrateCeleryLocal(runs, params);
    expect(c.importByRun).toHaveLength(3);
    for (const us of c.importByRun) expect(us).toBeCloseTo(IMPORT_US, 0);
    expect(c.importUs).toBeCloseTo(IMPORT_US, 0);
  });
  it("counts no import where a run's first seconds cost what its requests do", () => {
    const runs = [record('a', 200, 200, 1200, truth), record('b', 500, 500, 900, truth)];
    for (const r of runs) r.series!.server_cpu = r.series!.server_cpu.map(() => (r.metrics.http_reqs.count / 20) * REQUEST_S);
    expect(calibrateCeleryLocal(runs, params).importUs).toBe(0);
  });
  it('refuses runs that cannot tell the cost per message from the cost per row', () => {
    expect(() => calibrateCeleryLocal([record('a', 300, 300, 500, truth), record('b', 300, 300, 900, truth)], params)).toThrow(/per message and per row/);
  });
});
