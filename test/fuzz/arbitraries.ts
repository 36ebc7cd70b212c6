import fc from 'fast-check';
import { REGISTRY } from '../../models/index.js';

/**
 * What a fuzzed command line is made of: odd values (negative, infinite, empty, units, unicode,
 * sweep syntax, flags as values), small good values, and flags no command has.
 */
export const oddValue = fc.oneof(
  fc.constantFrom('-1', '0', '-0', '-3', '-1s', '-Infinity', 'Infinity', 'NaN', '1e309', '1e-309', '', ' ', '1x', '0.5', '1..5', '5..1', '1,,2', '1,1', '--', '-', 'null', '{}', '[]', '1ns', '0s', '99999999999', '1e3', '0x10', '½', 'ü', '10%', '1/0', 'true'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
);

/** Values small enough that a run they allow is short (the fuzz must not spend minutes simulating). */
export const smallValue = fc.oneof(fc.integer({ min: 1, max: 5 }).map(String), fc.constantFrom('1s', '2s', '500ms'));

export const modelName = fc.oneof(fc.constantFrom(...REGISTRY.models.map((m) => m.name)), fc.constantFrom('nosuch', '', 'CHAT', '-1', 'chat ', '../chat'));

/** Flags the models declare, plus some nobody does. */
const modelFlags = [...new Set(REGISTRY.models.flatMap((m) => Object.keys(m.flags)))];
export const flagName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...modelFlags) }, fc.constantFrom('nosuch', 'json', 'out', 'chart', 'jobs', 'seed', 'x-y', 'Users'));

/** `--flag value`, `--flag=value`, or a bare `--flag`. */
export const flagArgs = fc
  .tuple(flagName, fc.oneof({ weight: 3, arbitrary: oddValue }, smallValue), fc.constantFrom('space', 'equals', 'bare'))
  .map(([flag, value, form]) => (form === 'space' ? [`--${flag}`, value] : form === 'equals' ? [`--${flag}=${value}`] : [`--${flag}`]));

export const someFlags = fc.array(flagArgs, { maxLength: 4 }).map((list) => list.flat());

/** File contents: JSON of any shape, nesting, BOMs, text, CSV-ish lines. */
export const fileText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('null', '[]', '{}', '\ufeff{}', '\ufeffnull', '{"format":"capsim-sweep/1"}', '{"model":"chat","metrics":{},"series":{}}', '{"kind":"capsim-run-record"}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', 'Timestamp,User Count\n0,1\n'),
  fc.array(fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer().map(String), fc.constant('N/A')), { maxLength: 6 }), { maxLength: 6 }).map((rows) => rows.map((r) => r.join(',')).join('\n')),
);
