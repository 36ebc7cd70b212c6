import { describe, expect, it } from 'vitest';
import { defaultHighscoreRunId, highscoreRunSettings } from '../../calibration/load/highscore-settings.js';
import { UsageError } from '../../src/cli/usage-error.js';

describe('capsim load highscore settings', () => {
  it('defaults, the record settings as strings, and the run id', () => {
    const r = highscoreRunSettings({});
    expect(r.settings).toEqual({ users: '100', 'spawn-rate': '50', update: 'rmw', items: '100', duration: '60s', workers: '1' });
    expect(defaultHighscoreRunId(r)).toBe('highscore-rmw-i100-u100');
    const other = highscoreRunSettings({ users: '450', update: 'inplace', items: '5000', duration: '1m30s', workers: '2' });
    expect(other.durationS).toBe(90);
    expect(defaultHighscoreRunId(other)).toBe('highscore-inplace-i5000-u450-w2-90s');
  });

  it.each([
    [{ users: '0' }, /--users must be a whole number from 1 to 2,000/],
    [{ users: '2001' }, /--users/],
    [{ update: 'mongo' }, /--update must be one of rmw, inplace, got "mongo"/],
    [{ items: '-3' }, /--items/],
    [{ duration: '10m' }, /--duration must be whole seconds up to 300 s/],
    [{ duration: '1.5s' }, /--duration must be whole seconds/],
    [{ 'spawn-rate': 'fast' }, /--spawn-rate/],
    [{ workers: '9' }, /--workers must be a whole number from 1 to 8/],
  ])('refuses %o', (flags, message) => {
    expect(() => highscoreRunSettings(flags)).toThrow(UsageError);
    expect(() => highscoreRunSettings(flags)).toThrow(message);
  });
});
