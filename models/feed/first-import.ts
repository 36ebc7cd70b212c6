import type { Nanos } from '../../src/engine/time.js';

/**
 * A module a view imports on its first call in each worker process, and no earlier: the bundled
 * app's `from feedsite.celery import fan_out` inside the Celery view pulls in Celery, kombu and
 * redis-py, and its first apply_async finalises the Celery app and connects to the broker. The
 * first request of a process computes that; the process's other threads that reach the import
 * meanwhile wait on Python's module lock, and go on when it is done. gunicorn without --preload
 * imports the WSGI app in each worker, not the view's lazy import, so every process pays it once.
 * A sync worker the arbiter kills (threads = 1) would import again in its replacement; here it
 * stays imported (the bundled runs use gthread workers, which are never killed).
 */
export class FirstImport {
  /** Per worker process (key): the requests waiting for its import, or 'done'. */
  private readonly state = new Map<string, (() => void)[] | 'done'>();

  constructor(private readonly costNs: Nanos) {}

  /** Runs `then` once process `key` has imported; the first caller computes the import with `compute`. */
  pass(key: string, compute: (ns: Nanos, then: () => void) => void, then: () => void): void {
    if (this.costNs <= 0) return then();
    const s = this.state.get(key);
    if (s === 'done') return then();
    if (s) {
      s.push(then);
      return;
    }
    const waiting: (() => void)[] = [];
    this.state.set(key, waiting);
    compute(this.costNs, () => {
      this.state.set(key, 'done');
      then();
      for (const w of waiting) w();
    });
  }

  /** Worker processes that have imported. */
  get imported(): number {
    let n = 0;
    for (const s of this.state.values()) if (s === 'done') n++;
    return n;
  }
}
