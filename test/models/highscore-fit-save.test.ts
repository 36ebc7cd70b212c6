import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { saveHighscoreFit, type HighscoreFit } from '../../models/highscore/fit.js';
import { HIGHSCORE_PARAMS_FILE, loadHighscoreParams } from '../../models/highscore/params.js';
import { projectPath } from '../../src/config/project-root.js';

// What `capsim fit highscore` saves: the fitted values with their provenance, written into a copy
// of params.json, the rest of the file left alone.

const med = (e: string): string => `http_req_duration{name:${e}}.med`;
const rate = (e: string): string => `http_reqs{name:${e}}.rate`;
const STORE_PEAK = 'document store CPU peak at 500 users';
const dir = mkdtempSync(join(tmpdir(), 'capsim-highscore-fit-'));
// params files are named relative to the project root.
const copy = relative(projectPath(), join(dir, 'params.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('capsim fit highscore: saving', () => {
  it('saving writes the document size and the store speed with provenance naming the figures and residuals; nothing else moves', () => {
    copyFileSync(projectPath(HIGHSCORE_PARAMS_FILE), projectPath(copy));
    const before = loadHighscoreParams(copy);
    const fit: HighscoreFit = {
      docItems: 4321,
      apiSpeed: 1,
      docstoreSpeed: 3.1416,
      residuals: {
        [med('add')]: { published: 260, predicted: 250, errorPct: -3.85 },
        [med('edit')]: { published: 230, predicted: 240, errorPct: 4.35 },
        [med('delete')]: { published: 220, predicted: 220, errorPct: 0 },
        [rate('add')]: { published: 35.5, predicted: 30, errorPct: -15.49 },
        [STORE_PEAK]: { published: 0.3, predicted: 0.2987, errorPct: -0.43 },
      },
    };
    saveHighscoreFit(fit, copy);
    const after = loadHighscoreParams(copy);
    expect(after.document.items).toMatchObject({
      value: 4321,
      unit: "items in the user's document",
      provenance: {
        kind: 'fitted',
        fittedTo: [
          `highscore write-up, 350 users before the fix: ${med('add')} 260 ms`,
          `highscore write-up, 350 users before the fix: ${med('edit')} 230 ms`,
          `highscore write-up, 350 users before the fix: ${med('delete')} 220 ms`,
        ],
        residual: `${med('add')} published 260, predicted 250 (-3.85%); ${med('edit')} published 230, predicted 240 (4.35%); ${med('delete')} published 220, predicted 220 (0%)`,
      },
    });
    expect(after.document.items.provenance.source).toMatch(/^capsim fit highscore: bisection on the simulated 350-user case before the fix/);
    expect(after.docstore.cpuSpeed.writeup).toMatchObject({
      value: 3.1416,
      unit: "× this machine's core",
      provenance: { kind: 'fitted', fittedTo: ['highscore write-up, 500 users before the fix: document store CPU peaked at 30%'], residual: 'peak 29.9% (-0.43%)' },
    });
    expect(after.docstore.cpuSpeed.writeup.provenance.source).toMatch(/^capsim fit highscore: bisection so that the document store's busiest second at 500 users/);
    // Nothing else moved.
    const rest = (p: typeof before) => ({ ...p, document: { ...p.document, items: null }, docstore: { ...p.docstore, cpuSpeed: { ...p.docstore.cpuSpeed, writeup: null } } });
    expect(rest(after)).toEqual(rest(before));
    // The committed file is untouched.
    expect(readFileSync(projectPath(HIGHSCORE_PARAMS_FILE), 'utf8')).not.toContain('3.1416');
  });
});
