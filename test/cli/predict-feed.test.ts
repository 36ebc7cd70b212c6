import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { feedScenario } from '../../models/feed/flags.js';
import { predictFeed } from '../../models/feed/index.js';
import { expectUsageExit } from './usage-exit.js';

const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
const capsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('capsim predict feed', () => {
  it('prints the k6 summary and a bottleneck; --json carries k6 names', () => {
    const text = capsim('predict', 'feed', '--vus', '20', '--duration', '5s', '--fanout', '50');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/http_reqs\.+: /);
    expect(text.stdout).toMatch(/bottleneck: /);
    const doc = JSON.parse(capsim('predict', 'feed', '--db', 'sqlite', '--vus', '5', '--duration', '5s', '--json').stdout);
    expect(doc).toEqual(JSON.parse(JSON.stringify(predictFeed(feedScenario({ db: 'sqlite', vus: '5', duration: '5s' })))));
    expect(text.stdout).toContain(`bottleneck: ${predictFeed(feedScenario({ vus: '20', duration: '5s', fanout: '50' })).bottleneck.headline}`);
  }, 120_000);

  it('a flag two models share keeps each model\'s own default', () => {
    const chat = JSON.parse(capsim('predict', 'chat', '--users', '5', '--iterations', '1', '--json').stdout);
    const feed = JSON.parse(capsim('predict', 'feed', '--vus', '5', '--duration', '2s', '--json').stdout);
    expect(chat.scenario.tasks).toBe(1);
    expect(feed.scenario.tasks).toBe(2);
  }, 120_000);

  it.each([
    [['predict', 'feed', '--db', 'oracle'], /--db/],
    [['predict', 'feed', '--flush', '3'], /--flush/],
    [['predict', 'feed', '--buffer-pool', 'lots'], /--buffer-pool/],
    [['predict', 'feed', '--users', '3'], /--users is not a flag of the feed model/],
    [['predict', 'chat', '--max-connections', '3'], /--max-connections is not a flag of the chat model/],
  ])('%j exits 2 with one line', (args, message) => {
    expectUsageExit(capsim(...args), message);
  }, 120_000);
});
