import { describe, expect, it, vi } from 'vitest';
import type { HighscoreFit } from '../../models/highscore/fit.js';

// What `capsim fit highscore` does with the fit (highscoreModel.fit): logs through, prints the fit
// as JSON checked against fit.schema.json, and saves it. The fit and the save are stood in for, so
// this runs in a moment and never writes params.json (highscore-fit.test.ts runs the real ones).

const fit: HighscoreFit = {
  docItems: 4321,
  apiSpeed: 1,
  docstoreSpeed: 3.1416,
  residuals: { 'http_req_duration{name:add}.med': { published: 260, predicted: 250, errorPct: -3.85 } },
};
const saved: HighscoreFit[] = [];
vi.mock('../../models/highscore/fit.js', async (original) => ({
  ...(await original<typeof import('../../models/highscore/fit.js')>()),
  fitHighscore: (log: (line: string) => void) => {
    log('round 1: stood in');
    return structuredClone(fit);
  },
  saveHighscoreFit: (f: HighscoreFit) => void saved.push(f),
}));
const { highscoreModel } = await import('../../models/highscore/index.js');

describe('capsim fit highscore: the command', () => {
  it('passes the log on, prints the fit as schema-checked JSON (no trailing newline) and saves that fit', () => {
    const lines: string[] = [];
    const report = highscoreModel.fit!((l) => lines.push(l));
    expect(lines).toEqual(['round 1: stood in']);
    expect(report).toBe(JSON.stringify(fit, null, 2));
    expect(saved).toEqual([fit]);
  });

  it('a fit that breaks its schema is neither printed nor saved', () => {
    saved.length = 0;
    fit.docItems = -1;
    expect(() => highscoreModel.fit!(() => {})).toThrow(/capsim fit highscore/);
    expect(saved).toEqual([]);
  });
});
