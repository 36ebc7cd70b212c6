import type { ChartHints, Prediction } from '../registry.js';
import type { HighscorePrediction } from './index.js';
import { WAIT_S } from './model.js';

const hs = (p: Prediction): HighscorePrediction => p as HighscorePrediction;
const meanWaitS = (WAIT_S.min + WAIT_S.max) / 2;
/** What the users would send if every response were instant: one request per mean wait each. */
const offered = (p: Prediction): number => (hs(p).scenario.users as number) / meanWaitS;

/** A closed loop: users wait after each response, so what they get done per second is the measure. */
export const highscoreCharts: ChartHints = {
  load: { flag: 'users', label: 'Locust users' },
  delivered: { label: 'requests per second (Locust Requests/s, all endpoints)', unit: 'requests per second', value: (p) => hs(p).endpoints.Aggregated.rps },
  offered: { label: `users ÷ ${meanWaitS} s mean wait (the rate at zero response time)`, value: offered },
  deliveredRatio: (p) => (offered(p) === 0 ? 0 : hs(p).endpoints.Aggregated.rps / offered(p)),
  failureRate: (p) => {
    const a = hs(p).endpoints.Aggregated;
    return a.requests === 0 ? 0 : a.failures / a.requests;
  },
  latency: { metric: 'http_req_duration', label: 'response time (Locust)' },
  timeline: [
    { title: 'Locust users', unit: 'users', pick: (p) => ({ users: hs(p).series.users }) },
    {
      title: 'response time of the requests that ended in each second',
      unit: 'ms',
      pick: (p) => ({ median: hs(p).series.response_p50_ms, '95th percentile': hs(p).series.response_p95_ms }),
    },
    {
      title: 'requests per second',
      unit: 'requests/s',
      pick: (p) => ({ add: hs(p).series.requests_add, edit: hs(p).series.requests_edit, delete: hs(p).series.requests_delete }),
    },
    {
      title: 'CPU busy (share of all vCPUs)',
      unit: 'busy share',
      pick: (p) => ({ API: hs(p).series.api_cpu, 'document store': hs(p).series.store_cpu }),
    },
    { title: 'callbacks ready in the uvicorn workers (the API queue)', unit: 'callbacks', pick: (p) => ({ 'API queue': hs(p).series.api_queue }) },
    { title: 'API resident memory', unit: 'MiB', pick: (p) => ({ resident: hs(p).series.api_resident_mib }) },
  ],
  reportSweep: { users: '50..600:50', update: 'read-modify-write,in-place' },
};
