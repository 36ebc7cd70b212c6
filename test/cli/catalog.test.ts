import { describe, expect, it } from 'vitest';
import { CATALOG, MODELS } from '../../models/index.js';
import { runInProcess } from './in-process.js';

describe('the model catalog bin/capsim.js hands the CLI: each model loaded when a command line needs it', () => {
  it('names every model in registry order, and its flag sets are the models’ own flags', async () => {
    expect(CATALOG.names).toEqual(MODELS.map((m) => m.name));
    const sets = await CATALOG.flagSets();
    sets.forEach((set, i) => expect(set.flags).toBe(MODELS[i].flags));
    expect((await CATALOG.load(['leaderboard', 'chat'])).map((m) => m.name)).toEqual(['chat', 'leaderboard']);
  });

  // The same output and exit code as with every model loaded, for lines that load none, one or all.
  it.each([
    [['--help']],
    [[]],
    [['predict', '--help']],
    [['sweep', '--help']],
    [['predict', 'chat', '--players', '3']],
    [['predict', 'chat', '--users', '-3']],
    [['predict', 'leaderboard', '--players', '1M', '--json']],
    [['predict', 'nosuch']],
    [['reproduce', 'nosuch']],
    [['models']],
    [['nosuch']],
  ])('capsim %j prints what it prints with every model loaded', async (args) => {
    expect(await runInProcess(args, CATALOG)).toEqual(await runInProcess(args));
  });
});
