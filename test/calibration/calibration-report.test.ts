import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatCalibration } from '../../calibration/chat/calibrate.js';
import type { FeedCalibration } from '../../calibration/feed/calibrate.js';
import type { SqliteCalibration } from '../../calibration/feed/calibrate-sqlite.js';
import { REPORT_SCHEMAS } from '../../calibration/index.js';
import { checkedJson, writeCheckedJson } from '../../src/config/checked-json.js';
import { projectPath } from '../../src/config/project-root.js';
import { validate } from '../../src/config/schema.js';

// Typed, so a change to the report's types shows up here as well as in the schema.
const chat: ChatCalibration = {
  runs: ['chat-n10-i1s-pc-b100', 'chat-n20-i1s-pc-b100'],
  rounds: 4,
  app: { readUs: 31.2, parseUs: 4.1, writeUs: 4.1, inboundUs: 12 },
  redis: { publishBaseUs: 2.5, publishPerSubscriberUs: 0.31 },
  appResiduals: [{ run: 'chat-n10-i1s-pc-b100', measured: 1.2, predicted: 1.25, errorPct: 4.2 }],
  redisResiduals: [{ run: 'chat-n10-i1s-pc-b100', measured: 0.4, predicted: 0.39, errorPct: -2.5 }],
  collinear: ['parseUs/writeUs'],
};
const figures = { 'http_reqs/s': 20.5, 'success ratio': 0.97, 'server CPU utilisation': 0.35, 'http_req_duration p95 (ms)': 812, 'failed with 1040 (share of requests)': 0 };
const sqlite: SqliteCalibration = { runs: ['feed-sqlite-v50-w3x32-F50'], statementUs: 4200, cpuUs: 95, measured: figures, predicted: { ...figures, 'http_reqs/s': 20.1 } };
const feed: FeedCalibration & { sqlite: SqliteCalibration } = {
  runs: ['feed-mysql-v10-c50-f1-w3x32-F50'],
  settings: 1,
  rounds: 7,
  values: { requestUs: 2100, createUs: 310, errorPageMeasuredUs: 70_000, switchCost: 0.002, mysqlSpeedLocal: 1.1 },
  firstGuess: { requestUs: 1900.5, createUs: 290.25, errorPageMeasuredUs: 65_000 },
  probeReferenceMs: 41.5,
  residuals: [{ run: 'feed-mysql-v10-c50-f1-w3x32-F50', metric: 'success ratio', measured: 0.97, predicted: 0.96, error: -1 }],
  sqlite,
};

describe('capsim calibrate report schemas', () => {
  it('accept a chat report and a feed report with and without its SQLite part', () => {
    const { sqlite: _, ...mysqlOnly } = feed;
    expect(() => validate(REPORT_SCHEMAS.chat, chat, 'report')).not.toThrow();
    for (const report of [feed, mysqlOnly]) expect(() => validate(REPORT_SCHEMAS.feed, report, 'report')).not.toThrow();
  });

  it('reject a wrong field, naming it', () => {
    expect(() => validate(REPORT_SCHEMAS.chat, { ...chat, rounds: 'four' }, 'report')).toThrow(/^report: rounds: must be integer/);
    const badResidual = { ...chat, redisResiduals: [{ ...chat.redisResiduals[0], errorPct: null }] };
    expect(() => validate(REPORT_SCHEMAS.chat, badResidual, 'report')).toThrow(/^report: redisResiduals\[0\]\.errorPct: must be number/);
    const badSqlite = { ...feed, sqlite: { ...sqlite, predicted: { 'http_reqs/s': 20 } } };
    expect(() => validate(REPORT_SCHEMAS.feed, badSqlite, 'report')).toThrow(/^report: sqlite\.predicted\["success ratio"\]: required field is missing/);
  });

  it("reject the other model's report and a missing or unknown field", () => {
    expect(() => validate(REPORT_SCHEMAS.chat, feed, 'report')).toThrow(/^report: app: required field is missing/);
    expect(() => validate(REPORT_SCHEMAS.feed, chat, 'report')).toThrow(/^report: settings: required field is missing/);
    const { residuals: _, ...noResiduals } = feed;
    expect(() => validate(REPORT_SCHEMAS.feed, noResiduals, 'report')).toThrow(/^report: residuals: required field is missing/);
    expect(() => validate(REPORT_SCHEMAS.feed, { ...feed, collinear: [] }, 'report')).toThrow(/^report: collinear: unknown field/);
  });
});

describe('parameter files are written only once they validate', () => {
  const params = (model: string) => ({ file: projectPath(`models/${model}/params.json`), schema: `models/${model}/params.schema.json` });

  it.each(['chat', 'feed'])('%s: checkedJson gives the committed params.json byte for byte', (model) => {
    const { file, schema } = params(model);
    const text = readFileSync(file, 'utf8');
    expect(checkedJson(schema, JSON.parse(text), file)).toBe(text);
  });

  it.each(['chat', 'feed'])('%s: a broken parameter is refused and nothing is written', (model) => {
    const { file, schema } = params(model);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { app: Record<string, { provenance: Record<string, unknown> }> };
    const [name, first] = Object.entries(doc.app).find(([, p]) => 'provenance' in p)!;
    first.provenance.kind = 'guessed';
    const out = join(mkdtempSync(join(tmpdir(), 'capsim-params-')), 'params.json');
    expect(() => writeCheckedJson(out, schema, doc, 'params.json')).toThrow(`params.json: app.${name}.provenance.kind: must be one of`);
    expect(existsSync(out)).toBe(false);
  });
});
