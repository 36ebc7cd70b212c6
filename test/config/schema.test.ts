import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFieldPath, readJsonFile, validate, ValidationError } from '../../src/config/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'capsim-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemaPath = join(dir, 'thing.schema.json');
writeFileSync(
  schemaPath,
  JSON.stringify({
    type: 'object',
    additionalProperties: false,
    required: ['size', 'items'],
    properties: {
      size: { type: 'number', minimum: 0 },
      items: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
    },
  }),
);

function messageOf(data: unknown): string {
  try {
    validate(schemaPath, data, 'thing.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('validate', () => {
  it('returns the data unchanged when it matches (and reuses the compiled schema)', () => {
    const data = { size: 3, items: [{ id: 'a' }] };
    expect(validate<typeof data>(schemaPath, data, 'thing.json')).toBe(data);
    expect(validate(schemaPath, { size: 0, items: [] }, 'again.json')).toEqual({ size: 0, items: [] });
  });

  it('reports the file and the failing field on one line', () => {
    expect(messageOf({ size: -1, items: [] })).toBe('thing.json: size: must be >= 0, got -1');
    expect(messageOf({ size: 1 })).toBe('thing.json: items: required field is missing');
    expect(messageOf({ size: 1, items: [{ id: 'a' }, {}] })).toBe('thing.json: items[1].id: required field is missing');
    expect(messageOf([])).toBe('thing.json: (document): must be object, got []');
  });

  it('exposes the parts of the message', () => {
    try {
      validate(schemaPath, { size: 1, items: [], extra: true }, 'thing.json');
      expect.unreachable();
    } catch (err) {
      const e = err as ValidationError;
      expect([e.name, e.what, e.field, e.problem]).toEqual([
        'ValidationError',
        'thing.json',
        'extra',
        'unknown field (not allowed by the schema)',
      ]);
    }
  });
});

describe('readJsonFile', () => {
  it('parses JSON and turns bad files into a ValidationError naming them', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, '{"a": 1}');
    expect(readJsonFile(good)).toEqual({ a: 1 });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"a": 1,}');
    expect(() => readJsonFile(bad, 'bad.json')).toThrow(/^bad\.json: \(document\): invalid JSON \(/);
    expect(() => readJsonFile(join(dir, 'missing.json'), 'missing.json')).toThrow(
      new ValidationError('missing.json', '', 'cannot read file (ENOENT)'),
    );
  });
});

describe('formatFieldPath', () => {
  it('dots identifiers, brackets indices and keys that are not identifiers', () => {
    expect(formatFieldPath(['network', 'baselineGbps'])).toBe('network.baselineGbps');
    expect(formatFieldPath(['items', 2, 'id'])).toBe('items[2].id');
    expect(formatFieldPath(['provenance', 'network.baselineGbps', 'kind'])).toBe('provenance["network.baselineGbps"].kind');
    expect(formatFieldPath([])).toBe('');
  });
});

describe('validate with anyOf of $ref branches', () => {
  const refPath = join(dir, 'either.schema.json');
  writeFileSync(
    refPath,
    JSON.stringify({
      definitions: {
        cat: { type: 'object', required: ['meows'], additionalProperties: false, properties: { meows: { type: 'integer' } } },
        dog: { type: 'object', required: ['barks'], additionalProperties: false, properties: { barks: { type: 'integer' } } },
      },
      type: 'object',
      required: ['pet'],
      properties: { pet: { anyOf: [{ $ref: '#/definitions/cat' }, { $ref: '#/definitions/dog' }] } },
    }),
  );

  it('names the field inside the branch, not the anyOf itself', () => {
    expect(() => validate(refPath, { pet: { meows: 'loud' } }, 'pet.json')).toThrow(/^pet\.json: pet\.meows: must be integer/);
  });
});

describe('validate on documents built in memory', () => {
  it('names NaN as NaN, not as the null JSON would print', () => {
    expect(() => validate(schemaPath, { size: NaN, items: [] }, 'thing.json')).toThrow(/size: must be number, got NaN/);
  });
});
