import { connect, type Socket } from 'node:net';

/** One connection to the leaderboard server: requests carry ids, answers may come in any order. */
export class LeaderboardClient {
  private nextId = 1;
  private readonly pending = new Map<number, { at: bigint; done: (answer: string, ms: number) => void }>();
  private buffered = '';

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffered += chunk.toString('latin1');
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const sp = line.indexOf(' ');
        const id = Number(line.slice(0, sp));
        const p = this.pending.get(id);
        if (!p) continue;
        this.pending.delete(id);
        p.done(line.slice(sp + 1), Number(process.hrtime.bigint() - p.at) / 1e6);
      }
    });
  }

  static open(port: number): Promise<LeaderboardClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new LeaderboardClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends `line` (no id, no newline); `done` gets the answer and the latency in ms. */
  send(line: string, done: (answer: string, ms: number) => void): void {
    const id = this.nextId++;
    this.pending.set(id, { at: process.hrtime.bigint(), done });
    this.socket.write(`${id} ${line}\n`);
  }

  ask(line: string): Promise<string> {
    return new Promise((resolve) => this.send(line, (a) => resolve(a)));
  }

  get outstanding(): number {
    return this.pending.size;
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface LoadResult {
  seconds: number;
  requests: number;
  errors: number;
  superseded: number;
  latenciesMs: number[];
  /** Open loop: requests sent but not answered when the run ended. */
  unanswered: number;
}

const MAX_LATENCY_SAMPLES = 3_000_000;

function collector(): { result: LoadResult; record: (answer: string, ms: number) => void } {
  const result: LoadResult = { seconds: 0, requests: 0, errors: 0, superseded: 0, latenciesMs: [], unanswered: 0 };
  return {
    result,
    record: (answer, ms) => {
      result.requests++;
      if (answer.startsWith('ERR')) result.errors++;
      if (answer === 'SUPERSEDED') result.superseded++;
      if (result.latenciesMs.length < MAX_LATENCY_SAMPLES) result.latenciesMs.push(ms);
    },
  };
}

/** Closed loop: `inFlight` requests outstanding at all times, spread over the clients, for `seconds`. */
export function closedLoop(clients: LeaderboardClient[], inFlight: number, seconds: number, next: () => string, signal: AbortSignal): Promise<LoadResult> {
  const { result, record } = collector();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  return new Promise((resolve) => {
    let open = 0;
    const finish = (): void => {
      result.seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve(result);
    };
    const issue = (c: LeaderboardClient): void => {
      open++;
      c.send(next(), (answer, ms) => {
        open--;
        record(answer, ms);
        if (process.hrtime.bigint() < end && !signal.aborted) issue(c);
        else if (open === 0) finish();
      });
    };
    for (let i = 0; i < inFlight; i++) issue(clients[i % clients.length]);
  });
}

/**
 * Open loop: `rate` requests per second whatever the answers, for `seconds`, then up to `drainS`
 * for the answers still owed; latency counts from each request's send.
 */
export function openLoop(clients: LeaderboardClient[], rate: number, seconds: number, drainS: number, next: () => string, signal: AbortSignal): Promise<LoadResult> {
  const { result, record } = collector();
  const start = process.hrtime.bigint();
  let sent = 0;
  let answered = 0;
  return new Promise((resolve) => {
    const total = Math.round(rate * seconds);
    let loadEnd = 0n;
    const finish = (): void => {
      clearInterval(tick);
      result.seconds = Number(loadEnd - start) / 1e9;
      result.unanswered = sent - answered;
      resolve(result);
    };
    const tick = setInterval(() => {
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      const due = Math.min(total, Math.floor(rate * elapsed));
      while (sent < due && !signal.aborted) {
        clients[sent % clients.length].send(next(), (answer, ms) => {
          answered++;
          record(answer, ms);
        });
        sent++;
      }
      if ((sent >= total || signal.aborted) && loadEnd === 0n) {
        loadEnd = process.hrtime.bigint();
        const drainEnd = loadEnd + BigInt(Math.round(drainS * 1e9));
        const wait = setInterval(() => {
          if (answered >= sent || process.hrtime.bigint() > drainEnd || signal.aborted) {
            clearInterval(wait);
            finish();
          }
        }, 5);
        clearInterval(tick);
      }
    }, 1);
  });
}

/** Latency summary in ms, percentiles as the value at ⌊q·(n−1)⌋ of the sorted samples. */
export function summarise(ms: number[]): { count: number; mean: number; p50: number; p90: number; p95: number; p99: number; max: number } {
  const s = Float64Array.from(ms).sort();
  const q = (p: number): number => (s.length === 0 ? 0 : s[Math.floor(p * (s.length - 1))]);
  const mean = s.length === 0 ? 0 : s.reduce((a, b) => a + b, 0) / s.length;
  const r = (x: number): number => +x.toFixed(4);
  return { count: s.length, mean: r(mean), p50: r(q(0.5)), p90: r(q(0.9)), p95: r(q(0.95)), p99: r(q(0.99)), max: r(q(1)) };
}
