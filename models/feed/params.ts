import type { Usl } from './usl.js';

import { loadParams, saveParams, type Param, type ParamGroup as Group, type PerProfile } from '../parameter.js';

export type { Param };

/** models/feed/params.json as validated by params.schema.json. */
export interface FeedParams {
  k6: Group;
  network: Group;
  http: Group;
  app: Group & { cpuSpeed: PerProfile; [k: string]: Param | PerProfile };
  mysql: Group & { speed: PerProfile; [k: string]: Param | PerProfile };
  sqlite: Group;
  celery: Group;
  redis: Group;
}

export const FEED_PARAMS_FILE = 'models/feed/params.json';
const FEED_PARAMS_SCHEMA = 'models/feed/params.schema.json';

export function loadFeedParams(file = FEED_PARAMS_FILE): FeedParams {
  return loadParams<FeedParams>(file, FEED_PARAMS_SCHEMA);
}

export function saveFeedParams(doc: FeedParams, file = FEED_PARAMS_FILE): void {
  saveParams(file, FEED_PARAMS_SCHEMA, doc);
}

export const num = (p: Param | PerProfile): number => (p as Param).value;

/** The contention law of the local MariaDB measurements for one innodb_flush_log_at_trx_commit. */
export function mysqlUsl(params: FeedParams, flush: 1 | 2): Usl {
  const m = params.mysql;
  return { lambda: num(m[`flush${flush}Lambda`]), sigma: num(m[`flush${flush}Sigma`]), kappa: num(m[`flush${flush}Kappa`]) };
}

/**
 * The 500 page a failed request gets when the run names no size: the seed's page, or for SQLite
 * the shorter "database is locked" traceback (sqlite.errorPageShare, measured).
 */
export function defaultErrorPageBytes(params: FeedParams, db: string): number {
  return Math.round(num(params.http.errorPageBytes) * (db === 'sqlite' ? num(params.sqlite.errorPageShare) : 1));
}
