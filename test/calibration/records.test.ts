import { describe, expect, it } from 'vitest';
import { bySetting, committedRecords, heldOutFrom, settingOf, type RunRecord } from '../../calibration/records.js';
import { meanFigures } from '../../src/metrics/mean-figures.js';

const record = (id: string): RunRecord => ({ kind: 'capsim-run-record', model: 'feed', id, source: 'test', createdAt: '', settings: {}, machine: {}, duration_s: 1, metrics: {} });

describe('settings and their repeats', () => {
  it('names a repeat by the setting it repeats', () => {
    expect(settingOf('feed-mysql-v100-c10-f1-w3x32-F50-r3')).toBe('feed-mysql-v100-c10-f1-w3x32-F50');
    expect(settingOf('feed-mysql-v100-c10-f1-w3x32-F50')).toBe('feed-mysql-v100-c10-f1-w3x32-F50');
    // Only a trailing -r<digits> marks a repeat.
    expect(settingOf('chat-n10-i1s-pc-b100')).toBe('chat-n10-i1s-pc-b100');
    expect(settingOf('feed-r2x')).toBe('feed-r2x');
  });

  it('groups runs with their repeats, in the order settings first appear', () => {
    const groups = bySetting(['a-r2', 'b', 'a', 'b-r2', 'a-r3'].map(record));
    expect(groups.map((g) => [g.setting, g.runs.map((r) => r.id)])).toEqual([
      ['a', ['a-r2', 'a', 'a-r3']],
      ['b', ['b', 'b-r2']],
    ]);
  });

  it('holds out neither a fitted run nor a repeat of its setting', () => {
    const heldOut = heldOutFrom(['feed-v50-c10']);
    expect(heldOut('feed-v50-c10')).toBe(false);
    expect(heldOut('feed-v50-c10-r2')).toBe(false);
    expect(heldOut('feed-v50-c100')).toBe(true);
    expect(heldOut('feed-v100-c10-r2')).toBe(true);
  });

  it('reads the committed repeats with the runs, in id order', () => {
    const ids = committedRecords('feed').map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.filter((id) => id !== settingOf(id)).length).toBeGreaterThan(0);
    // Every repeat repeats a committed run.
    for (const id of ids) expect(ids).toContain(settingOf(id));
  });
});

describe('meanFigures', () => {
  it('averages each figure over the readings', () => {
    expect(meanFigures([{ rps: 10, p95: 100 }, { rps: 20, p95: 300 }])).toEqual({ rps: 15, p95: 200 });
    expect(() => meanFigures([])).toThrow(RangeError);
  });
});
