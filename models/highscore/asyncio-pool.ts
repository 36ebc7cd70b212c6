/**
 * asyncpg's connection pool as CPython runs it: its holders sit in an asyncio.LifoQueue, and
 * asyncio.Queue.get() (Python 3.11, Lib/asyncio/queues.py) takes a free holder at once whoever is
 * waiting; release wakes the first waiter, which runs only when the event loop reaches it, and if a
 * newcomer took the holder meanwhile it appends itself at the back of the waiters again. So the
 * waits are not FIFO: a request can lose its turn more than once (the long tail of a saturated pool).
 */
export class AsyncioPool {
  private free: number;
  private readonly getters: Array<() => void> = [];
  /** Waiters woken and not yet run (they still count as waiting). */
  private woken = 0;

  /** `resume` schedules a woken waiter's continuation on the worker's event loop (call_soon). */
  constructor(size: number, private readonly resume: (run: () => void) => void) {
    this.free = size;
  }

  /** Requests waiting for a connection, woken ones included. */
  get waiting(): number {
    return this.getters.length + this.woken;
  }

  /** asyncio.Queue.get(): a free holder is taken at once; else wait, and on every wake-up try again. */
  acquire(onAcquired: () => void): void {
    if (this.free > 0) {
      this.free--;
      return onAcquired();
    }
    this.getters.push(() => this.acquire(onAcquired));
  }

  release(): void {
    this.free++;
    const next = this.getters.shift();
    if (!next) return;
    this.woken++;
    this.resume(() => {
      this.woken--;
      next();
    });
  }

}
