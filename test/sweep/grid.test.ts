import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gridPoints, gridSize, isSweepValue, parseAxisValues, pointAt } from '../../src/sweep/grid.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { inShard, parseShard } from '../../src/sweep/shard.js';

describe('grid values: lists and ranges', () => {
  it.each([
    ['10..300:10', Array.from({ length: 30 }, (_, i) => String(10 * (i + 1)))],
    ['1,2,4', ['1', '2', '4']],
    ['1..4', ['1', '2', '3', '4']],
    ['10..50:10,100,200', ['10', '20', '30', '40', '50', '100', '200']],
    ['0.1..0.5:0.1', ['0.1', '0.2', '0.3', '0.4', '0.5']],
    ['10..35:10', ['10', '20', '30']],
    ['1s,500ms', ['1s', '500ms']],
    ['per-connection,per-process', ['per-connection', 'per-process']],
  ])('%s', (raw, values) => {
    expect(isSweepValue(raw)).toBe(true);
    expect(parseAxisValues('x', raw)).toEqual(values);
  });

  it.each([['10..5'], ['1..10:0'], ['a..b'], ['1,,2'], ['1,2,1'], ['1..3,2'], ['1..1000000:0.001']])('rejects %s with a UsageError naming the flag', (raw) => {
    expect(() => parseAxisValues('users', raw)).toThrow(UsageError);
    expect(() => parseAxisValues('users', raw)).toThrow(/--users/);
  });

  it('a plain value is not a sweep', () => {
    expect(isSweepValue('100')).toBe(false);
    expect(isSweepValue('1s')).toBe(false);
  });

  it('from..to:step holds every from + i·step up to to, both ends included when on the step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 49 }), (from, step, n, extra) => {
        const to = from + n * step + (extra % step);
        const values = parseAxisValues('x', `${from}..${to}:${step}`).map(Number);
        expect(values).toEqual(Array.from({ length: n + 1 }, (_, i) => from + i * step));
      }),
    );
  });
});

describe('grid order and shards', () => {
  const axes = [
    { flag: 'users', values: ['10', '20', '30'] },
    { flag: 'tasks', values: ['1', '2'] },
  ];

  it('the first axis varies slowest, like nested loops', () => {
    expect(gridSize(axes)).toBe(6);
    expect(gridPoints(axes).map((p) => `${p.values.users}/${p.values.tasks}`)).toEqual(['10/1', '10/2', '20/1', '20/2', '30/1', '30/2']);
    expect(pointAt(axes, 3)).toEqual({ index: 3, values: { users: '20', tasks: '2' } });
  });

  it('an empty grid has one point: the fixed flags alone', () => {
    expect(gridPoints([])).toEqual([{ index: 0, values: {} }]);
  });

  it('shards i/n partition the grid: every index in exactly one shard', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 12 }), (size, n) => {
        for (let i = 0; i < size; i++) {
          const owners = Array.from({ length: n }, (_, k) => k + 1).filter((k) => inShard(i, { index: k, count: n }));
          expect(owners).toHaveLength(1);
        }
      }),
    );
  });

  it.each([['0/4'], ['5/4'], ['1/0'], ['a/b'], ['2']])('--shard %s is a UsageError', (raw) => {
    expect(() => parseShard(raw)).toThrow(UsageError);
  });

  it('--shard 2/4 is the second of four', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  });
});
