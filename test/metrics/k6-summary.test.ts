import { describe, expect, it } from 'vitest';
import { Counter, k6Summary, Rate, Trend, TREND_RELATIVE_ERROR } from '../../src/metrics/index.js';
import { fromSeconds } from '../../src/engine/index.js';

function run() {
  const reqs = new Counter();
  const checks = new Rate();
  const duration = new Trend();
  for (let i = 1; i <= 100; i++) {
    reqs.add();
    checks.add(i % 10 !== 0);
    duration.add(i); // ms
  }
  return { http_reqs: reqs, checks, http_req_duration: duration };
}

describe('k6Summary', () => {
  it('has the --summary-export shape with sorted metric names and keys', () => {
    const out = k6Summary(run(), fromSeconds(10));
    expect(Object.keys(out.metrics)).toEqual(['checks', 'http_req_duration', 'http_reqs']);
    expect(out.metrics.http_reqs).toEqual({ count: 100, rate: 10 });
    expect(out.metrics.checks).toEqual({ fails: 10, passes: 90, value: 0.9 });
    expect(Object.keys(out.metrics.checks)).toEqual(['fails', 'passes', 'value']);
    const trend = out.metrics.http_req_duration;
    expect(Object.keys(trend)).toEqual(['avg', 'max', 'med', 'min', 'p(90)', 'p(95)']);
    expect([trend.avg, trend.min, trend.max]).toEqual([50.5, 1, 100]);
    expect(Math.abs(trend['p(95)'] - 95.05)).toBeLessThanOrEqual(TREND_RELATIVE_ERROR * 95.05);
  });

  it('honours custom trend stats, as --summary-trend-stats does', () => {
    const out = k6Summary(run(), fromSeconds(10), ['med', 'p(99)', 'count']);
    expect(Object.keys(out.metrics.http_req_duration)).toEqual(['count', 'med', 'p(99)']);
    expect(out.metrics.http_req_duration.count).toBe(100);
  });

  it('is byte-identical for identical runs', () => {
    expect(JSON.stringify(k6Summary(run(), fromSeconds(10)))).toBe(JSON.stringify(k6Summary(run(), fromSeconds(10))));
  });
});
