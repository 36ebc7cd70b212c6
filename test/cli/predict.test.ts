import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
const capsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

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
    const r = capsim(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('capsim predict chat', () => {
  it('prints the k6 summary and a bottleneck; --json is valid JSON with k6 names', () => {
    const text = capsim('predict', 'chat', '--users', '20', '--interval', '1s', '--iterations', '1');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/ws_msgs_received\.+: /);
    expect(text.stdout).toMatch(/bottleneck: /);
    const json = capsim('predict', 'chat', '--users', '20', '--interval', '1s', '--iterations', '1', '--json');
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.metrics.ws_msgs_received.count).toBeGreaterThan(0);
    expect(doc.metrics.ws_session_duration['p(95)']).toBeGreaterThan(0);
  }, 60_000);

  it('--json is byte-identical across processes for the same seed', () => {
    const args = ['predict', 'chat', '--users', '30', '--interval', '500ms', '--iterations', '1', '--tasks', '2', '--json'];
    const a = capsim(...args);
    const b = capsim(...args);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(capsim(...args, '--seed', '2').stdout).not.toBe(a.stdout);
  }, 60_000);

  it('--help explains the model flags', () => {
    const r = capsim('predict', '--help');
    expect(r.status).toBe(0);
    for (const flag of ['--users', '--interval', '--session', '--iterations', '--tasks', '--message-bytes', '--subscription', '--profile', '--seed', '--json']) expect(r.stdout).toContain(flag);
  });

  it('capsim models chat lists every parameter with its provenance', () => {
    const r = capsim('models', 'chat');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/app\.readUs = [0-9.]+ µs per read/);
    expect(r.stdout).toMatch(/fitted: /);
  });
});
