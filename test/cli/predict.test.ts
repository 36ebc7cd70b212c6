import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chatScenario } from '../../models/chat/flags.js';
import { predictChat } from '../../models/chat/index.js';
import { expectUsageExit } from './usage-exit.js';

const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
const capsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 });

describe('capsim predict: bad input exits 2 with one line naming the flag', () => {
  it.each([
    [['predict', 'nosuch'], /unknown model "nosuch"/],
    [['predict', 'chat', '--users', '-3'], /--users/],
    [['predict', 'chat', '--users', 'abc'], /--users/],
    [['predict', 'chat', '--interval', '1x'], /--interval/],
    [['predict', 'chat', '--tasks', '0'], /--tasks/],
    [['predict', 'chat', '--profile', 'm9.huge'], /--profile.*unknown hardware profile "m9.huge"/],
    [['predict', 'chat', '--subscription', 'sometimes'], /--subscription/],
    [['predict', 'chat', '--bogus', '1'], /bogus/],
    [['nosuchcommand'], /nosuchcommand/],
  ])('%j', (args, message) => {
    expectUsageExit(capsim(...args), message);
  }, 120_000);
});

describe('capsim predict chat', () => {
  it("--json is the model's prediction for those flags; the text prints the same figures and bottleneck", () => {
    const flags = { users: '20', interval: '1s', iterations: '1' };
    const json = capsim('predict', 'chat', '--users', '20', '--interval', '1s', '--iterations', '1', '--json');
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toEqual(JSON.parse(JSON.stringify(predictChat(chatScenario(flags)))));
    const text = capsim('predict', 'chat', '--users', '20', '--interval', '1s', '--iterations', '1');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`ws_msgs_received\\.+: ${doc.metrics.ws_msgs_received.count.toLocaleString('en-US')} `));
    expect(text.stdout).toContain(`bottleneck: ${doc.bottleneck.headline}`);
  }, 120_000);

  it('--json is byte-identical across processes for the same seed', () => {
    const args = ['predict', 'chat', '--users', '30', '--interval', '500ms', '--iterations', '1', '--tasks', '2', '--json'];
    const a = capsim(...args);
    const b = capsim(...args);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(capsim(...args, '--seed', '2').stdout).not.toBe(a.stdout);
  }, 120_000);

  it('--help explains the model flags', () => {
    const r = capsim('predict', '--help');
    expect(r.status).toBe(0);
    for (const flag of ['--users', '--interval', '--session', '--iterations', '--tasks', '--message-bytes', '--subscription', '--profile', '--seed', '--json']) expect(r.stdout).toContain(flag);
  }, 120_000);

  it('capsim models chat lists every parameter with its provenance', () => {
    const r = capsim('models', 'chat');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/app\.readUs = [0-9.]+ µs per read/);
    expect(r.stdout).toMatch(/fitted: /);
  }, 120_000);
});
