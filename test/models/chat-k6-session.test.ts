import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { Counter, Rate, Series, Trend } from '../../src/metrics/index.js';
import { chatSession } from '../../models/chat/k6-session.js';
import type { ChatNetwork, Connection } from '../../models/chat/network.js';

const MS = 1_000_000;
const S = 1_000 * MS;

/** A network that opens every socket 30 ms after the dial and records what the session does. */
function fakeNetwork(sim: Simulation) {
  const sent: number[] = [];
  const hungUp: number[] = [];
  const network = {
    dial(_vu: number, closesAfterOpen: (openAt: number) => number, onOpen: (conn: Connection) => void) {
      sim.schedule(30 * MS, () => {
        closesAfterOpen(sim.now);
        onOpen({ openAt: sim.now } as Connection);
      });
    },
    send: (_conn: Connection, sentAt: number) => sent.push(sentAt),
    hangUp: () => hungUp.push(sim.now),
  } as unknown as ChatNetwork;
  return { network, sent, hungUp };
}

function session(holdNs: number, jitter: number, timerJitterNs: number) {
  const sim = new Simulation(1);
  const { network, sent, hungUp } = fakeNetwork(sim);
  const metrics = { checks: new Rate(), ws_sessions: new Counter(), ws_msgs_sent: new Counter(), ws_connecting: new Trend(), ws_session_duration: new Trend(), sentPerSecond: new Series() };
  const iteration = chatSession(sim, network, { intervalNs: 1 * S, holdNs, timerJitterNs }, metrics, () => jitter);
  let doneAt = -1;
  sim.schedule(5 * MS, () => iteration(1, () => (doneAt = sim.now)));
  sim.run();
  return { sent, hungUp, metrics, doneAt };
}

describe('chat k6 session (the seed\'s k6 script)', () => {
  it('sends every interval after the open while the socket is open, then closes hold after the open', () => {
    // Opens at 35 ms; sends at open + 1 s … open + 9 s; the one due at open + 10 s finds it closed.
    const { sent, hungUp, metrics, doneAt } = session(10 * S, 0, 0);
    expect(sent).toEqual(Array.from({ length: 9 }, (_, k) => 35 * MS + (k + 1) * S));
    expect(hungUp).toEqual([35 * MS + 10 * S]);
    expect(doneAt).toBe(35 * MS + 10 * S);
    expect(metrics.ws_msgs_sent.count).toBe(9);
    expect(metrics.sentPerSecond.total).toBe(9);
    expect(metrics.ws_sessions.count).toBe(1);
    expect(metrics.checks.passes).toBe(1);
    expect(metrics.ws_connecting.avg).toBeCloseTo(30, 6); // dial at 5 ms, open at 35 ms
    expect(metrics.ws_session_duration.avg).toBeCloseTo(10_030, 3);
  });

  it('a hold between intervals lets the last send out', () => {
    expect(session(10.5 * S, 0, 0).sent).toHaveLength(10);
  });

  it('each timer fires late by floor(u · jitter), the close too', () => {
    // u = 0.5 of a 3,000,001 ns jitter: floor(1,500,000.5) = 1.5 ms late, every timer alike.
    const { sent, hungUp } = session(10 * S, 0.5, 3 * MS + 1);
    expect(sent[0]).toBe(35 * MS + 1 * S + 1.5 * MS);
    expect(sent).toHaveLength(9);
    expect(hungUp).toEqual([35 * MS + 10 * S + 1.5 * MS]);
  });
});
