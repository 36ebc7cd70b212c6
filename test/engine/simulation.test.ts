import { describe, expect, it } from 'vitest';
import { EventList, RandomStreams, Simulation, exponential } from '../../src/engine/index.js';

describe('Simulation.run(until)', () => {
  it('fires events at `until` itself, none after, and leaves the clock at `until`', () => {
    const sim = new Simulation(1);
    const seen: number[] = [];
    for (const t of [5, 10, 11]) sim.schedule(t, (now) => seen.push(now));
    sim.run(10);
    expect(seen).toEqual([5, 10]);
    expect(sim.now).toBe(10);
    sim.run(20);
    expect(seen).toEqual([5, 10, 11]);
    expect(sim.now).toBe(20); // idle past the last event: the clock still reaches the horizon
    expect(sim.firedCount).toBe(3);
    sim.run(15); // a horizon already passed never moves the clock back
    expect(sim.now).toBe(20);
  });

  it('without a horizon the clock stops at the last event', () => {
    const sim = new Simulation(1);
    sim.schedule(7, () => {});
    sim.run();
    expect(sim.now).toBe(7);
  });

  it('stop() ends the run after the current action; run() resumes where it stopped', () => {
    const sim = new Simulation(1);
    const seen: number[] = [];
    sim.schedule(1, (t) => (seen.push(t), sim.stop()));
    sim.schedule(2, (t) => seen.push(t));
    sim.run();
    expect(seen).toEqual([1]);
    expect(sim.firedCount).toBe(1);
    sim.run();
    expect(seen).toEqual([1, 2]);
    expect(sim.firedCount).toBe(2);
  });

  it('schedules by delay or absolute time, rounding to whole ns, and a delay of 0 is now', () => {
    const sim = new Simulation(1);
    const seen: Array<[string, number]> = [];
    sim.schedule(3, () => {
      sim.schedule(0, (t) => seen.push(['zero', t]));
      sim.at(10, (t) => seen.push(['at', t]));
      sim.schedule(2.6, (t) => seen.push(['rounded', t]));
    });
    sim.run();
    expect(seen).toEqual([['zero', 3], ['rounded', 6], ['at', 10]]);
  });

  it('refuses a negative or NaN delay and names it', () => {
    const sim = new Simulation(1);
    expect(() => sim.schedule(-1, () => {})).toThrow('cannot schedule into the past (delay -1)');
    expect(() => sim.schedule(Number.NaN, () => {})).toThrow(RangeError);
    sim.schedule(5, () => expect(() => sim.at(4, () => {})).toThrow(RangeError));
    sim.run();
  });

  it('a cancelled event never fires; cancelling it again reports false', () => {
    const sim = new Simulation(1);
    let fired = false;
    const ev = sim.schedule(5, () => (fired = true));
    expect(sim.cancel(ev)).toBe(true);
    expect(sim.cancel(ev)).toBe(false);
    sim.run();
    expect(fired).toBe(false);
    expect(sim.firedCount).toBe(0);
  });

  it('its streams are the seed\'s named streams', () => {
    const a = new Simulation(42).stream('x');
    const b = new RandomStreams(42).stream('x');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(new Simulation().stream('x')()).toBe(new RandomStreams(1).stream('x')());
  });
});

describe('RandomStreams', () => {
  it('asking for a stream again continues it rather than restarting it', () => {
    const streams = new RandomStreams(3);
    const fresh = new RandomStreams(3).stream('s');
    const first = streams.stream('s')();
    const second = streams.stream('s')();
    expect([first, second]).toEqual([fresh(), fresh()]);
    expect(second).not.toBe(first);
  });
});

describe('exponential', () => {
  it('maps u to −mean · ln(1 − u)', () => {
    const us = [0, 0.5, 0.75];
    let i = 0;
    const sample = exponential(() => us[i++], 2);
    expect(sample()).toBeCloseTo(0, 12);
    expect(sample()).toBeCloseTo(2 * Math.LN2, 12);
    expect(sample()).toBeCloseTo(4 * Math.LN2, 12);
  });

  it('has the requested mean over many draws (within 4 standard errors)', () => {
    const sample = exponential(new RandomStreams(9).stream('e'), 1000);
    const n = 100_000;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += sample();
    // An exponential's standard deviation equals its mean: SE = 1000 / √n ≈ 3.2.
    expect(Math.abs(sum / n - 1000)).toBeLessThan(4 * (1000 / Math.sqrt(n)));
  });
});

describe('EventList cancellation', () => {
  it('restores the heap when the element moved into a cancelled slot must rise', () => {
    // Pushed in this order the heap array is [8, 34, 9, 67, 42, 30, 26]. Cancelling 67 (index 3)
    // moves 26 (the last) under 34, which is later: 26 must rise above it, or 30 pops before 26.
    const list = new EventList();
    const events = [67, 26, 30, 42, 34, 8, 9].map((t) => list.push(t, 0, () => {}));
    expect(list.cancel(events[0])).toBe(true);
    const popped: number[] = [];
    for (let e = list.pop(); e; e = list.pop()) popped.push(e.time);
    expect(popped).toEqual([8, 9, 26, 30, 34, 42]);
  });
});
