import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/engine/index.js';
import { EventLoop, type LoopSource } from '../../src/components/event-loop.js';

/** A socket that receives messages and is read whole each iteration: cost = read + k·perMessage. */
class Socket implements LoopSource {
  unread = 0;
  handled = 0;
  constructor(private readonly readNs: number, private readonly perMessageNs: number) {}
  pending(): boolean {
    return this.unread > 0;
  }
  run(_start: number, speed: number): number {
    const k = this.unread;
    this.unread = 0;
    this.handled += k;
    return (this.readNs + k * this.perMessageNs) / speed;
  }
}

function cpuPerMessage(gapNs: number, messages: number): number {
  const sim = new Simulation(1);
  const loop = new EventLoop(sim, { wakeCostNs: 10_000, speed: 1 });
  const socket = new Socket(50_000, 50_000);
  loop.addSource(socket);
  for (let i = 0; i < messages; i++)
    sim.schedule(i * gapNs, () => {
      socket.unread++;
      loop.notify();
    });
  sim.run();
  expect(socket.handled).toBe(messages);
  return loop.busy / messages;
}

describe('EventLoop', () => {
  it('costs wake + read + message per message when idle between messages', () => {
    expect(cpuPerMessage(1_000_000, 100)).toBeCloseTo(110_000, -2);
  });

  // Wake 10 µs + read 50 µs + 50 µs a message: alone a message costs 110 µs. Closer together than
  // that, the loop never idles (an iteration of T carries T / gap messages, and T = 60 µs · gap /
  // (gap − 50 µs) stays above the gap), so it is busy from the first message to the last: the CPU
  // per message is the gap itself, up to one last iteration (< 2 µs a message over 300 at gaps
  // ≥ 70 µs, where T ≤ 110 µs / (1 − 50/70) = 385 µs).
  it('the CPU cost per message falls to the gap between messages once they come faster than 110 µs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 70_000, max: 109_000 }), (gap) => {
        const perMessage = cpuPerMessage(gap, 300);
        expect(perMessage).toBeGreaterThanOrEqual((gap * 299) / 300);
        expect(perMessage).toBeLessThanOrEqual(gap + 2_000);
      }),
      { numRuns: 30 },
    );
  });

  // Faster than one per 50 µs the backlog grows: each iteration carries more messages, so the
  // wake-up and read are shared and the cost per message approaches the 50 µs of the message itself.
  it('overloaded, the CPU per message tends to the per-message cost alone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 40_000 }), (gap) => {
        const perMessage = cpuPerMessage(gap, 300);
        expect(perMessage).toBeGreaterThan(50_000);
        expect(perMessage).toBeLessThan(60_000);
      }),
      { numRuns: 30 },
    );
  });

  it('the CPU cost per message never rises with load', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 2_000_000 }), fc.integer({ min: 2, max: 10 }), (gap, factor) => {
        expect(cpuPerMessage(gap / factor, 300)).toBeLessThanOrEqual(cpuPerMessage(gap, 300) + 1);
      }),
      { numRuns: 30 },
    );
  });

  it('work posted during an iteration waits for the next one', () => {
    const sim = new Simulation(1);
    const loop = new EventLoop(sim, { wakeCostNs: 100, speed: 1 });
    const done: Array<[string, number]> = [];
    loop.post(1_000, (t) => {
      done.push(['a', t]);
      loop.post(1_000, (u) => done.push(['b', u]));
    });
    sim.run();
    // a: wake 100 + 1000; b: next iteration starts when the first ends (1100), wake 100 + 1000.
    expect(done).toEqual([['a', 1_100], ['b', 2_200]]);
    expect(loop.iterations).toBe(2);
    expect(loop.busy).toBe(2_200);
  });

  it('a faster core finishes the same work sooner', () => {
    const run = (speed: number): number => {
      const sim = new Simulation(1);
      const loop = new EventLoop(sim, { wakeCostNs: 100, speed });
      let end = 0;
      loop.post(10_000, (t) => (end = t));
      sim.run();
      return end;
    };
    expect(run(2)).toBe(run(1) / 2);
  });
});
