import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chatPayload, MIN_PAYLOAD_BYTES, sentAtOf } from '../../calibration/load/chat-payload.js';
import { chatRunSettings, defaultRunId } from '../../calibration/load/chat-settings.js';
import { allowedCpus, coreTimes, cpuSeconds } from '../../calibration/load/proc-stat.js';
import { RedisEgressProbe } from '../../calibration/load/redis-info.js';
import { CeleryQueueProbe } from '../../calibration/load/celery-queue.js';
import { chatScenario } from '../../models/chat/flags.js';
import { HttpLoadMetrics } from '../../calibration/load/k6-http.js';
import { FeedMetrics } from '../../models/feed/k6-client.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { expectUsageExit } from '../cli/usage-exit.js';

describe('chat payload', () => {
  it('is exactly --message-bytes of JSON carrying the send time and VU id', () => {
    for (const bytes of [MIN_PAYLOAD_BYTES, 100, 1000]) {
      const text = chatPayload(123456.789, 42, bytes);
      expect(Buffer.byteLength(text)).toBe(bytes);
      expect(JSON.parse(text)).toMatchObject({ t: 123456.789, vu: 42 });
      expect(sentAtOf(Buffer.from(text))).toBe(123456.789);
    }
  });
  it('reads no send time from a foreign message', () => {
    expect(sentAtOf(Buffer.from('hello'))).toBeNaN();
  });
});

describe('feed k6 metrics', () => {
  it("a real run's summary holds the simulator's metrics under the same names, plus why requests failed", () => {
    const real = new HttpLoadMetrics();
    real.http_reqs.add(3);
    real.errors_1040.add(2);
    const names = (m: FeedMetrics): string[] => Object.keys(m.summary(1e9).metrics).sort();
    expect(names(real)).toEqual([...names(new FeedMetrics()), 'errors_1040', 'errors_500_other', 'errors_timeout', 'errors_connection'].sort());
    expect(real.summary(1e9).metrics.errors_1040).toMatchObject({ count: 2 });
    expect(real.summary(1e9).metrics.http_reqs).toMatchObject({ count: 3 });
  });
});

describe('capsim load chat settings', () => {
  it('records the predict flags, local profiles and the cap, and re-simulates as the same scenario', () => {
    const run = chatRunSettings({ users: '50', interval: '500ms', iterations: '2', 'redis-egress': '50Mbit', 'message-bytes': '1000' });
    expect(run.settings).toMatchObject({ users: '50', interval: '500ms', 'message-bytes': '1000', profile: ['app=local', 'redis=local'], 'redis-egress': '50mbit' });
    expect(run.egressCap).toBe('50mbit');
    const again = chatScenario(run.settings);
    expect(again.redisEgressBitsPerSec).toBe(50e6);
    expect(again.appProfile.name).toBe('local');
    expect(again.redisProfile.name).toBe('local');
  });
  it('names runs after their settings', () => {
    expect(defaultRunId(chatRunSettings({ users: '50', interval: '500ms', iterations: '2' }))).toBe('chat-n50-i500ms-pc-b100');
    expect(defaultRunId(chatRunSettings({ users: '20', interval: '0.5s', subscription: 'per-process' }))).toBe('chat-n20-i500ms-pp-b100');
    expect(defaultRunId(chatRunSettings({ users: '100', interval: '1s', 'message-bytes': '1000', 'redis-egress': '50mbit' }))).toBe('chat-n100-i1s-pc-b1000-cap50mbit');
  });
  it.each([
    [{ users: '0' }, /--users/],
    [{ users: '5000' }, /--users.*at most 1000/],
    [{ tasks: '9' }, /--tasks/],
    [{ 'message-bytes': '10' }, /--message-bytes.*at least/],
    [{ iterations: '1000', session: '10s' }, /--iterations × --session/],
    [{ 'redis-egress': 'fast' }, /--redis-egress/],
  ])('rejects %j with a UsageError', (flags, message) => {
    expect(() => chatRunSettings(flags)).toThrow(UsageError);
    expect(() => chatRunSettings(flags)).toThrow(message);
  });
});

describe('capsim load: bad input exits 2 with one line before anything starts', () => {
  const bin = fileURLToPath(new URL('../../bin/capsim.js', import.meta.url));
  it.each([
    [['load', 'leaderboard'], /chat, feed and highscore/],
    [['load', 'highscore', '--users', '0'], /--users/],
    [['load', 'highscore', '--vus', '10'], /--vus is not a flag of capsim load highscore/],
    [['load', 'feed', '--vus', '0'], /--vus/],
    [['load', 'feed', '--users', '10'], /--users is not a flag of capsim load feed/],
    [['load', 'chat', '--users', '0'], /--users/],
    [['load', 'chat', '--profile', 'local'], /profile/],
    [['load', 'chat', '--id', 'a/b'], /--id/],
  ])('%j', (args, message) => {
    expectUsageExit(spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 }), message);
  }, 240_000);
});

describe('/proc readings', () => {
  it('counts this process’s CPU time, exactly enough to see a 20 ms busy loop', () => {
    const before = cpuSeconds(process.pid)!;
    const start = process.cpuUsage();
    // Busy until 20 ms of CPU are spent (wall time would be unreliable on a loaded machine).
    for (let i = 0; i < 1e9; i++) {
      const used = process.cpuUsage(start);
      if (used.user + used.system >= 20_000) break;
    }
    expect(cpuSeconds(process.pid)! - before).toBeGreaterThan(0.01);
    expect(cpuSeconds(2 ** 22 + 1)).toBeUndefined();
    expect(allowedCpus(process.pid)).toMatch(/^[\d,-]+$/);
    expect(coreTimes().length).toBeGreaterThan(0);
  });
});

describe('RedisEgressProbe', () => {
  it('reads total_net_output_bytes from INFO and takes its own replies out', async () => {
    let written = 0;
    const server = createServer((socket) =>
      socket.on('data', () => {
        const body = `# Stats\r\ntotal_connections_received:1\r\ntotal_net_output_bytes:${1000 + written}\r\n`;
        const reply = `$${body.length}\r\n${body}\r\n`;
        written += reply.length;
        socket.write(reply);
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const probe = await RedisEgressProbe.open('127.0.0.1', (server.address() as AddressInfo).port);
    try {
      expect(await probe.egressBytes()).toBe(1000);
      expect(await probe.egressBytes()).toBe(1000);
    } finally {
      probe.close();
      server.close();
    }
  });
});

describe('CeleryQueueProbe', () => {
  it('reads LLEN celery and the done counter in one round trip, 0 before any task is done, even when the replies arrive in pieces', async () => {
    const replies = [[':12\r\n', '$-1\r\n'], [':3\r', '\n$2\r\n4', '7\r\n']];
    let k = 0;
    const server = createServer((socket) =>
      socket.on('data', () => {
        const parts = replies[k++] ?? [];
        parts.forEach((part, i) => setTimeout(() => socket.write(part), 5 * i));
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const probe = await CeleryQueueProbe.open('127.0.0.1', (server.address() as AddressInfo).port);
    try {
      expect(await probe.read()).toEqual({ waiting: 12, done: 0 });
      expect(await probe.read()).toEqual({ waiting: 3, done: 47 });
    } finally {
      probe.close();
      server.close();
    }
  });
});
