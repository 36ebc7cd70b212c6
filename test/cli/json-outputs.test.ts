import { describe, expect, it } from 'vitest';
import { MODELS, findModel } from '../../models/index.js';
import { LISTING_SCHEMA, modelListing } from '../../src/cli/commands/models.js';
import { REPRODUCTION_SCHEMA, reproduce } from '../../src/cli/commands/reproduce.js';
import { checkedJson } from '../../src/config/checked-json.js';
import { validate } from '../../src/config/schema.js';
import type { ChatFit } from '../../models/chat/fit.js';
import type { FeedFit } from '../../models/feed/fit.js';

describe('capsim reproduce --json schema', () => {
  const r = reproduce(findModel('chat')!, '1');

  it('a real reproduction validates, blind rows and all', () => {
    expect(r.rows.some((row) => row.role === 'blind')).toBe(true);
    expect(() => validate(REPRODUCTION_SCHEMA, r, 'reproduction')).not.toThrow();
  });

  it('rejects a wrong role and a missing prediction', () => {
    const wrongRole = { ...r, rows: [{ ...r.rows[0], role: 'guessed' }] };
    expect(() => validate(REPRODUCTION_SCHEMA, wrongRole, 'reproduction')).toThrow(/^reproduction: rows\[0\]\.role: must be one of "fitted", "validation", "blind", "as stated", got "guessed"/);
    const { predicted: _, ...noPrediction } = r.rows[0];
    expect(() => checkedJson(REPRODUCTION_SCHEMA, { ...r, rows: [noPrediction] }, 'reproduction')).toThrow(/rows\[0\]\.predicted: required field is missing/);
  });
});

describe('capsim models --json schema', () => {
  it('the listing of every model validates', () => {
    expect(() => validate(LISTING_SCHEMA, modelListing(MODELS), 'listing')).not.toThrow();
  });

  it('rejects a flag without its help line and a parameter given as a number', () => {
    const [chat] = modelListing([findModel('chat')!]);
    const noHelp = { ...chat, flags: { ...chat.flags, users: { type: 'string' } } };
    expect(() => validate(LISTING_SCHEMA, [noHelp], 'listing')).toThrow(/^listing: \[0\]\.flags\.users\.describe: required field is missing/);
    const numeric = { ...chat, parameters: [{ ...chat.parameters[0], value: 20 }] };
    expect(() => validate(LISTING_SCHEMA, [numeric], 'listing')).toThrow(/\[0\]\.parameters\[0\]\.value: must be string/);
  });
});

describe('capsim fit report schemas', () => {
  const residuals = { 'a: ws_msgs_received.count': { published: 395_696, predicted: 395_659, errorPct: -0.01 } };
  const chatFit: ChatFit = { fargateSpeed: 0.3191, payloadBytes: 1570, residuals };
  const usl = { usl: { lambda: 1666, sigma: 0.15, kappa: 2.8e-4 }, points: [{ n: 1, measured: 1600, fitted: 1666, errorPct: 4.1 }], rmsPct: 8.8 };
  const feedFit: FeedFit = { usl: { flush1: usl, flush2: usl }, sqliteStatementUs: 6180, dbSpeed: 1.11, appSpeed: 1.53, residuals };

  it('accept what the fits return', () => {
    expect(() => validate('models/chat/fit.schema.json', chatFit, 'fit')).not.toThrow();
    expect(() => validate('models/feed/fit.schema.json', feedFit, 'fit')).not.toThrow();
  });

  it('reject a speed that is not positive and a USL point without its fitted value', () => {
    expect(() => validate('models/chat/fit.schema.json', { ...chatFit, fargateSpeed: 0 }, 'fit')).toThrow(/^fit: fargateSpeed: must be > 0/);
    const { fitted: _, ...noFitted } = usl.points[0];
    const broken = { ...feedFit, usl: { ...feedFit.usl, flush2: { ...usl, points: [noFitted] } } };
    expect(() => validate('models/feed/fit.schema.json', broken, 'fit')).toThrow(/^fit: usl\.flush2\.points\[0\]\.fitted: required field is missing/);
  });
});
