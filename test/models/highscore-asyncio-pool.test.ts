import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AsyncioPool } from '../../models/highscore/asyncio-pool.js';

/** An event loop's ready queue: call_soon appends, the loop runs in order. */
function loop(): { soon: (f: () => void) => void; runAll: () => void } {
  const ready: Array<() => void> = [];
  return { soon: (f) => ready.push(f), runAll: () => { while (ready.length > 0) ready.shift()!(); } };
}

describe("asyncpg's pool on asyncio.Queue (models/highscore/asyncio-pool.ts)", () => {
  it('a newcomer takes a freed connection before the waiter it woke, which goes to the back of the line', () => {
    const l = loop();
    const pool = new AsyncioPool(1, l.soon);
    const got: string[] = [];
    pool.acquire(() => got.push('first'));
    pool.acquire(() => got.push('waiter A'));
    pool.acquire(() => got.push('waiter B'));
    pool.release(); // wakes A (call_soon) …
    pool.acquire(() => got.push('newcomer')); // … but the newcomer runs first and takes it
    l.runAll(); // A finds the queue empty: it waits again, behind B
    pool.release();
    l.runAll();
    pool.release();
    l.runAll();
    expect(got).toEqual(['first', 'newcomer', 'waiter B', 'waiter A']);
  });

  it('a woken waiter still counts as waiting until the loop runs it', () => {
    const l = loop();
    const pool = new AsyncioPool(1, l.soon);
    pool.acquire(() => undefined);
    pool.acquire(() => undefined);
    pool.acquire(() => undefined);
    expect(pool.waiting).toBe(2);
    pool.release(); // one waiter woken, not yet run: still 1 queued + 1 woken
    expect(pool.waiting).toBe(2);
    l.runAll(); // it runs and takes the connection
    expect(pool.waiting).toBe(1);
  });

  it('never hands out more connections than it has, and every waiter gets one once all are released', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), (size, ops) => {
        const l = loop();
        const pool = new AsyncioPool(size, l.soon);
        let held = 0;
        let asked = 0;
        let given = 0;
        for (const acquire of ops) {
          if (acquire || held === 0) {
            asked++;
            pool.acquire(() => { held++; given++; });
          } else {
            held--;
            pool.release();
          }
          expect(held).toBeLessThanOrEqual(size);
          if (ops.length % 3 === 0) l.runAll();
        }
        l.runAll();
        while (held > 0) {
          held--;
          pool.release();
          l.runAll();
        }
        expect(given).toBe(asked);
        expect(pool.waiting).toBe(0);
      }),
    );
  });
});
