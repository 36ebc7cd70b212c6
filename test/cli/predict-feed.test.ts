import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
const capsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('capsim predict feed', () => {
  it('prints the k6 summary and a bottleneck; --json carries k6 names', () => {
    const text = capsim('predict', 'feed', '--vus', '20', '--duration', '5s', '--fanout', '50');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/http_reqs\.+: /);
    expect(text.stdout).toMatch(/bottleneck: /);
    const doc = JSON.parse(capsim('predict', 'feed', '--db', 'sqlite', '--vus', '5', '--duration', '5s', '--json').stdout);
    expect(doc.metrics.http_reqs.count).toBeGreaterThan(0);
    expect(doc.metrics.iteration_duration['p(95)']).toBeGreaterThan(0);
  }, 60000);

  it('a flag two models share keeps each model\'s own default', () => {
    const chat = JSON.parse(capsim('predict', 'chat', '--users', '5', '--iterations', '1', '--json').stdout);
    const feed = JSON.parse(capsim('predict', 'feed', '--vus', '5', '--duration', '2s', '--json').stdout);
    expect(chat.scenario.tasks).toBe(1);
    expect(feed.scenario.tasks).toBe(2);
  }, 60000);

  it.each([
    [['predict', 'feed', '--db', 'oracle'], /--db/],
    [['predict', 'feed', '--flush', '3'], /--flush/],
    [['predict', 'feed', '--buffer-pool', 'lots'], /--buffer-pool/],
    [['predict', 'feed', '--users', '3'], /--users is not a flag of the feed model/],
    [['predict', 'chat', '--max-connections', '3'], /--max-connections is not a flag of the chat model/],
  ])('%j exits 2 with one line', (args, message) => {
    const r = capsim(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
