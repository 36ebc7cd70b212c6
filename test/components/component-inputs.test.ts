import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { ConnectionPool, Cpu, CpuCredits, EventLoop, Nic } from '../../src/components/index.js';
import { ContentionServer } from '../../src/components/contention-server.js';
import { RedisServer } from '../../src/components/redis.js';

const link = { baselineBitsPerSec: 8e6, burstBitsPerSec: 8e6, creditCapacityBits: 0, initialCreditBits: 0, queueLimitBytes: Infinity };

describe('components refuse bad input and name what is wrong', () => {
  it('Cpu', () => {
    const sim = new Simulation(1);
    expect(() => new Cpu(sim, { cores: 0, discipline: 'fcfs' })).toThrow('cores must be a positive integer, got 0');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'fcfs', speed: 0 })).toThrow('speed must be > 0, got 0');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'ps', switchCost: -1 })).toThrow('switchCost must be >= 0, got -1');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'fcfs', switchCost: 1 })).toThrow('switchCost needs processor sharing');
    expect(() => new Cpu(sim, { cores: 1, discipline: 'fcfs' }).execute(-1, () => {})).toThrow('demand must be >= 0, got -1');
  });

  it('CpuCredits', () => {
    expect(() => new CpuCredits({ vcpus: 0, initialCredits: 0 })).toThrow('vcpus must be > 0, got 0');
    expect(() => new CpuCredits({ vcpus: 2, baselinePerVcpu: 0.2, creditsPerHour: 12, initialCredits: 0 })).toThrow('creditsPerHour 12 != vcpus · baselinePerVcpu · 60');
    expect(() => new CpuCredits({ vcpus: 2, initialCredits: -1 })).toThrow('initialCredits must be >= 0');
    // 2 vCPUs at 20%: 24 credits an hour, 576 at most; the balance starts capped.
    const credits = new CpuCredits({ vcpus: 2, initialCredits: 1000 });
    expect(credits.level).toBe(576);
    expect(credits.exhausted).toBe(false);
    expect(new CpuCredits({ vcpus: 2, initialCredits: 0 }).exhausted).toBe(true);
  });

  it('ContentionServer', () => {
    const sim = new Simulation(1);
    expect(() => new ContentionServer(sim, { throughput: () => 1 }).submit(-1, () => {})).toThrow('demand must be finite and >= 0, got -1');
    expect(() => new ContentionServer(sim, { throughput: () => -2 }).submit(1, () => {})).toThrow('throughput(1) must be finite and >= 0, got -2');
  });

  it('Nic', () => {
    const sim = new Simulation(1);
    expect(() => new Nic(sim, { ...link, baselineBitsPerSec: 0 })).toThrow('baselineBitsPerSec must be > 0, got 0');
    expect(() => new Nic(sim, { ...link, burstBitsPerSec: 1e6 })).toThrow('burstBitsPerSec (1000000) must be >= baseline (8000000)');
    expect(() => new Nic(sim, { ...link, creditCapacityBits: -1 })).toThrow('credit capacity and initial credits must be >= 0');
    expect(() => new Nic(sim, { ...link, initialCreditBits: -1 })).toThrow('credit capacity and initial credits must be >= 0');
    expect(() => new Nic(sim, { ...link, queueLimitBytes: -1 })).toThrow('queueLimitBytes must be >= 0');
    expect(() => new Nic(sim, link).send(-1, () => {})).toThrow('bytes must be >= 0, got -1');
  });
});

describe('component state read from outside', () => {
  it('ContentionServer: remaining work, and a rate change re-times the jobs in service', () => {
    const sim = new Simulation(1);
    let rate = 1; // units per ns, whatever the job count
    const server = new ContentionServer(sim, { throughput: () => rate });
    let doneAt = -1;
    server.submit(1000, (t) => (doneAt = t));
    server.submit(500, () => {});
    sim.schedule(400, () => {
      // Each job got 200 units by t = 400: 800 + 300 remain.
      expect(server.remainingWork()).toBe(1100);
      rate = 0.5;
      server.rateChanged();
    });
    sim.run();
    // 500-unit job: 300 more at 0.25 per ns each → done at 1600; then the other alone at 0.5 per ns
    // has 1000 − 500 = 500 left → 1000 ns more.
    expect(doneAt).toBe(2600);
    expect(server.remainingWork()).toBe(0);
  });

  it('EventLoop: its speed, and the CPU time up to a moment cuts the iteration running past it', () => {
    const sim = new Simulation(1);
    const loop = new EventLoop(sim, { wakeCostNs: 100, speed: 2 });
    expect(loop.speed).toBe(2);
    loop.post(1_900, () => {}); // one iteration from 0 to (100 + 1900) / 2 = 1000
    sim.run(400);
    expect(loop.busy).toBe(1000);
    expect(loop.busyUntil(400)).toBe(400);
    expect(loop.busyUntil(1000)).toBe(1000);
    expect(loop.busyUntil(5000)).toBe(1000);
  });

  it('ConnectionPool: waiting counts the queued requests', () => {
    const sim = new Simulation(1);
    const pool = new ConnectionPool(sim, { size: 1 });
    for (let i = 0; i < 3; i++) pool.acquire(Infinity, () => {}, () => {});
    expect(pool.waiting).toBe(2);
    pool.release();
    expect(pool.waiting).toBe(1);
  });

  it('RedisServer: copies the NIC refuses (its queue full of other traffic) are dropped, and the output goes on', () => {
    const sim = new Simulation(1);
    const redis = new RedisServer(sim, { speed: 1, publishBaseNs: 1_000, publishPerSubscriberNs: 0, nic: { ...link, queueLimitBytes: 100 } });
    redis.nic.send(1_000, () => {}); // other traffic on the link for 1 ms
    let sentAt = -1;
    redis.publish(() => 3, 50, () => () => 3, (t) => (sentAt = t)); // 150 bytes > the 100-byte queue
    sim.run();
    expect(redis.work).toEqual({ publishes: 1, copies: 3, copiesDropped: 3 });
    expect(sentAt).toBe(1_000); // refused at once, when the command ran
    expect(redis.bytesQueued).toBe(0);
  });
});
