import { fromMicros } from '../../src/engine/time.js';
import type { HighscoreParams } from './params.js';
import type { HighscoreScenario, UpdateMode } from './scenario.js';

/** The SequentialTaskSet's three requests, in order. */
export const ENDPOINTS = ['add', 'edit', 'delete'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
export const METHOD: Record<Endpoint, string> = { add: 'POST', edit: 'PATCH', delete: 'DELETE' };

/**
 * What one request costs, in CPU ns on a speed-1 core and bytes, along its path through a uvicorn
 * worker: `before` (parse, route, DPoP, acquire a pooled connection, send the first command), one
 * step per document-store command (its CPU there, and the API's CPU when the reply comes back),
 * `after` (build and send the response).
 */
export interface RequestCosts {
  beforeNs: number;
  /** Per store command: the store's CPU, then the API's CPU to handle its reply. */
  commands: Array<{ storeNs: number; replyNs: number }>;
  afterNs: number;
  /** Document bytes from the store to the API, and from the API to the store. */
  bytesToApi: number;
  bytesToStore: number;
  /** Items of the document the API process handles in Python (read-modify-write only). */
  itemsInPython: number;
}

/** Items the document holds while the request runs: add finds N, edit and delete find the added one too. */
export const itemsAt = (docItems: number, endpoint: Endpoint): number => docItems + (endpoint === 'add' ? 0 : 1);

export function documentBytes(params: HighscoreParams, items: number): number {
  return params.document.baseBytes.value + items * params.document.itemBytes.value;
}

/**
 * Read-modify-write: SELECT the document (its bytes come to the API), decode, search and change it
 * in Python, encode it, UPDATE it whole (its bytes go back; the store parses and rewrites them).
 * In-place: one UPDATE with an operator; the store still rewrites the whole stored document (a jsonb
 * value or a WiredTiger record is written whole), but nothing crosses the wire or Python.
 */
export function requestCosts(params: HighscoreParams, update: UpdateMode, docItems: number, endpoint: Endpoint): RequestCosts {
  const a = params.api;
  const s = params.docstore;
  const items = itemsAt(docItems, endpoint);
  const kib = documentBytes(params, items) / 1024;
  const half = fromMicros(a.requestUs.value) / 2;
  const beforeNs = half + fromMicros(a.dpopUs.value) + fromMicros(a.dbCallUs.value);
  const op = fromMicros(s.opUs.value);
  const perKib = fromMicros(s.usPerKB.value);
  if (update === 'in-place') {
    // Its own cost per KiB: PostgreSQL detoasts, searches (jsonb_array_elements) and rewrites the value in one command.
    const inPlaceKib = fromMicros(s.inPlaceUsPerKB.value);
    return { beforeNs, commands: [{ storeNs: op + inPlaceKib * kib, replyNs: 0 }], afterNs: half, bytesToApi: 0, bytesToStore: 0, itemsInPython: 0 };
  }
  const bytes = documentBytes(params, items);
  return {
    beforeNs,
    commands: [
      // SELECT: the store reads and sends the document; the API decodes, changes and re-encodes it.
      { storeNs: op + perKib * kib, replyNs: fromMicros(a.itemUs.value * items + a.dbCallUs.value) },
      // UPDATE with the whole document: the store parses it and rewrites it, dearer past a size.
      { storeNs: op + 2 * perKib * kib + largeDocNs(params, kib), replyNs: 0 },
    ],
    afterNs: half,
    bytesToApi: bytes,
    bytesToStore: bytes,
    itemsInPython: items,
  };
}

/**
 * What a read-modify-write UPDATE costs the store beyond its per-KiB work once the document is
 * larger than `docstore.largeDocKiB`: PostgreSQL's CPU per request steps up between 2,000 and
 * 3,000 items, mostly system time, and then grows at its former rate (calibration/highscore/doc-cost.json).
 */
export function largeDocNs(params: HighscoreParams, kib: number): number {
  return kib > params.docstore.largeDocKiB.value ? fromMicros(params.docstore.largeDocUs.value) : 0;
}

/** POST /token: parse, DPoP proof check, sign a token; no document work, no store command. */
export function tokenCosts(params: HighscoreParams): RequestCosts {
  const half = fromMicros(params.api.requestUs.value) / 2;
  return { beforeNs: half + fromMicros(params.api.dpopUs.value), commands: [], afterNs: half, bytesToApi: 0, bytesToStore: 0, itemsInPython: 0 };
}

/** The API's CPU for one request, ns on a speed-1 core. */
export const apiCpuNs = (c: RequestCosts): number => c.beforeNs + c.afterNs + c.commands.reduce((t, k) => t + k.replyNs, 0);
/** The store's CPU for one request, ns on a speed-1 core. */
export const storeCpuNs = (c: RequestCosts): number => c.commands.reduce((t, k) => t + k.storeNs, 0);

/** Mean API CPU per request over one add → edit → delete round, ms on a core of `speed`. */
export function meanApiCpuMs(params: HighscoreParams, s: Pick<HighscoreScenario, 'update' | 'docItems'>, speed = 1): number {
  const total = ENDPOINTS.reduce((t, e) => t + apiCpuNs(requestCosts(params, s.update, s.docItems, e)), 0);
  return total / ENDPOINTS.length / 1e6 / speed;
}
