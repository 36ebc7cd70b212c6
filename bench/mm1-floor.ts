import { RandomStreams, exponential } from '../src/engine/index.js';

/**
 * The floor the engine's M/M/1 is measured against: the same queue (ρ = 0.8, the same random streams)
 * with nothing but two typed arrays as the event heap and a counter as the FCFS queue — no objects,
 * no closures per event. What the engine costs beyond this is its generality.
 */
export function mm1FloorEventsPerSecond(customers: number, seed = 1): { eventsPerSec: number; meanWaitError: number } {
  const streams = new RandomStreams(seed);
  const interarrival = exponential(streams.stream('arrivals'), 1_000);
  const service = exponential(streams.stream('service'), 800);
  // A binary heap of (time, kind) in two typed arrays; kind 0 is an arrival, 1 a departure.
  const time = new Float64Array(16);
  const kind = new Uint8Array(16);
  let size = 0;
  const push = (t: number, k: number): void => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (time[parent] <= t) break;
      time[i] = time[parent];
      kind[i] = kind[parent];
      i = parent;
    }
    time[i] = t;
    kind[i] = k;
  };
  const pop = (): void => {
    const t = time[--size];
    const k = kind[size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && time[child + 1] < time[child]) child++;
      if (time[child] >= t) break;
      time[i] = time[child];
      kind[i] = kind[child];
      i = child;
    }
    time[i] = t;
    kind[i] = k;
  };
  // Each customer's arrival time and service demand (drawn on arrival, as the engine's Cpu gets it).
  const arrivals = new Float64Array(customers);
  const demands = new Float64Array(customers);
  let arrived = 0;
  let served = 0;
  let fired = 0;
  let totalResponse = 0;
  push(0, 0);
  const t0 = performance.now();
  while (size > 0) {
    const now = time[0];
    const k = kind[0];
    pop();
    fired++;
    if (k === 0) {
      arrivals[arrived] = now;
      demands[arrived] = service();
      // The server is idle when everyone who arrived before has been served.
      if (arrived === served) push(now + Math.round(demands[arrived]), 1);
      if (++arrived < customers) push(now + Math.round(interarrival()), 0);
    } else {
      totalResponse += now - arrivals[served];
      if (++served < arrived) push(now + Math.round(demands[served]), 1);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { eventsPerSec: fired / seconds, meanWaitError: totalResponse / served / 4_000 - 1 };
}
