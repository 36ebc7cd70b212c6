import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { countedProgress, simulationProgress, withSimulationProgress, type ProgressStream } from '../../src/cli/progress.js';
import { Simulation } from '../../src/engine/simulation.js';

/** A stream that records what is written; `isTTY` makes it a terminal as far as the CLI can tell. */
function fakeStream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number; text: () => string };
  s.isTTY = isTTY;
  s.columns = 120;
  s.text = () => chunks.join('');
  return s;
}

/** A simulation of `n` chained events: enough to reach the engine's progress hook. */
function simulate(n: number): void {
  const sim = new Simulation(1);
  let left = n;
  const tick = () => {
    if (--left > 0) sim.schedule(1000, tick);
  };
  sim.schedule(0, tick);
  sim.run();
}

describe('progress on stderr (issue 22)', () => {
  it('a done/total bar shows on a terminal once the work lasts past the delay, and ends its line', () => {
    const stream = fakeStream(true);
    const progress = countedProgress('runs', { stream, afterMs: 0 });
    for (let i = 1; i <= 10; i++) progress(i, 10);
    expect(stream.text()).toMatch(/capsim: .* 1\/10 runs/);
    expect(stream.text()).toMatch(/10\/10 runs/);
  });

  it('writes nothing when the stream is not a terminal, with --json, or when the work ends before the delay', () => {
    for (const [stream, opts] of [
      [fakeStream(false), { afterMs: 0 }],
      [fakeStream(true), { afterMs: 0, json: true }],
      [fakeStream(true), { afterMs: 60_000 }],
    ] as const) {
      const progress = countedProgress('runs', { stream, ...opts });
      for (let i = 1; i <= 10; i++) progress(i, 10);
      const stop = simulationProgress('predict chat', { stream, ...opts });
      simulate(100_000);
      stop();
      expect(stream.text()).toBe('');
    }
  });

  it('a simulation in progress shows its events and clock on a terminal, from the engine hook', async () => {
    const stream = fakeStream(true);
    await withSimulationProgress('predict chat', { stream, afterMs: 0 }, () => simulate(100_000));
    expect(stream.text()).toMatch(/capsim: predict chat \| 1 simulation\(s\), [\d,]+ events, clock [\d.]+ s/);
  });

  it('stops listening to the engine when the work throws', async () => {
    const stream = fakeStream(true);
    await expect(withSimulationProgress('x', { stream, afterMs: 0 }, () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const before = stream.text();
    simulate(100_000);
    expect(stream.text()).toBe(before);
  });

  it('the hook does not change a simulation: same events and clock with and without it', () => {
    const run = () => {
      const sim = new Simulation(7);
      const u = sim.stream('x');
      let left = 50_000;
      const tick = () => {
        if (--left > 0) sim.schedule(u() * 1e6, tick);
      };
      sim.schedule(0, tick);
      sim.run();
      return [sim.now, sim.firedCount];
    };
    const bare = run();
    const stop = simulationProgress('x', { stream: fakeStream(true), afterMs: 0 });
    const watched = run();
    stop();
    expect(watched).toEqual(bare);
  });
});
