import { describe, expect, it } from 'vitest';
import { MODELS, findModel } from '../../models/index.js';
import { LISTING_SCHEMA, modelListing } from '../../src/cli/commands/models.js';
import { REPRODUCTION_SCHEMA, reproduce } from '../../src/cli/commands/reproduce.js';
import { checkedJson } from '../../src/config/checked-json.js';
import { validate } from '../../src/config/schema.js';

describe('capsim reproduce --json schema', () => {
  const r = reproduce(findModel('chat')!, '1');

  it('a real reproduction validates, blind rows and all', () => {
    expect(r.rows.some((row) => row.role === 'blind')).toBe(true);
    expect(() => validate(REPRODUCTION_SCHEMA, r, 'reproduction')).not.toThrow();
  });

  it('rejects a wrong role and a missing prediction', () => {
    const wrongRole = { ...r, rows: [{ ...r.rows[0], role: 'guessed' }] };
    expect(() => validate(REPRODUCTION_SCHEMA, wrongRole, 'reproduction')).toThrow(/^reproduction: rows\[0\]\.role: must be one of "fitted", "validation", "blind", got "guessed"/);
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
