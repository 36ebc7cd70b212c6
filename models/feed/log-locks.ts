import type { Simulation } from '../../src/engine/simulation.js';
import { ConnectionPool } from '../../src/components/connection-pool.js';
import { TimeWeighted } from '../../src/metrics/index.js';

/**
 * Python logging's handler lock, one per gunicorn worker process (views.ts, logError): a failed
 * request of the bundled app renders its log's traceback while holding its process's lock. A pool
 * of one connection is a FIFO lock; the levels say how many are held and how many threads wait.
 */
export class LogLocks {
  private readonly locks: ConnectionPool[];
  readonly held: TimeWeighted;
  readonly waiting: TimeWeighted;
  /** Locks handed back so far (a log written, or a killed worker's lock let go): what drains the queue. */
  released = 0;

  constructor(
    private readonly sim: Simulation,
    processes: number,
  ) {
    this.locks = Array.from({ length: processes }, () => new ConnectionPool(sim, { size: 1 }));
    this.held = new TimeWeighted(sim.now);
    this.waiting = new TimeWeighted(sim.now);
  }

  get processes(): number {
    return this.locks.length;
  }

  /** Waits (FIFO) for `process`'s lock; `got` runs holding it and must call release() once. */
  acquire(process: number, got: () => void): void {
    this.waiting.add(this.sim.now, 1);
    this.locks[process].acquire(
      Infinity,
      () => {
        this.waiting.add(this.sim.now, -1);
        this.held.add(this.sim.now, 1);
        got();
      },
      () => undefined,
    );
  }

  release(process: number): void {
    this.held.add(this.sim.now, -1);
    this.released++;
    this.locks[process].release();
  }
}
