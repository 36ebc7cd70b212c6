import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatestPerKey } from '../../src/components/latest-per-key.js';

describe('LatestPerKey (per-player coalescing queue)', () => {
  it('never loses a key’s newest update and never applies an older one after a newer', () => {
    // Steps: offer an update for key k, or finish the update in progress for key k.
    const step = fc.oneof(fc.record({ kind: fc.constant('offer' as const), key: fc.integer({ min: 0, max: 4 }) }), fc.record({ kind: fc.constant('done' as const), key: fc.integer({ min: 0, max: 4 }) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const q = new LatestPerKey<number, null>();
        const inProgress = new Map<number, number>();
        const applied = new Map<number, number[]>();
        const newest = new Map<number, number>();
        let seq = 0;
        let dropped = 0;
        const land = (key: number): void => {
          const s = inProgress.get(key)!;
          applied.set(key, [...(applied.get(key) ?? []), s]);
          inProgress.delete(key);
          const next = q.done(key);
          if (next) inProgress.set(key, next.seq);
        };
        for (const st of steps) {
          if (st.kind === 'offer') {
            const u = { key: st.key, seq: seq++, value: null };
            newest.set(st.key, u.seq);
            const started = q.offer(u, () => dropped++);
            if (started) inProgress.set(st.key, started.seq);
            // At most one in progress and one pending per key.
            expect(q.pendingCount).toBeLessThanOrEqual(q.activeKeys);
          } else if (inProgress.has(st.key)) land(st.key);
        }
        // Drain: finish whatever is in progress until nothing is.
        while (inProgress.size > 0) land([...inProgress.keys()][0]);
        for (const [key, s] of newest) {
          const list = applied.get(key)!;
          expect(list[list.length - 1]).toBe(s);
          for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThan(list[i - 1]);
        }
        const offered = steps.filter((s) => s.kind === 'offer').length;
        const landed = [...applied.values()].reduce((a, l) => a + l.length, 0);
        expect(landed + dropped).toBe(offered);
        expect(q.replaced).toBe(dropped);
      }),
    );
  });

  it('an update older than the pending one is the one dropped', () => {
    const q = new LatestPerKey<string, string>();
    q.offer({ key: 'p', seq: 1, value: 'a' });
    q.offer({ key: 'p', seq: 5, value: 'b' });
    const seen: string[] = [];
    expect(q.offer({ key: 'p', seq: 3, value: 'c' }, (d, k) => seen.push(`${d.value}<${k.value}`))).toBeNull();
    expect(seen).toEqual(['c<b']);
    expect(q.done('p')?.value).toBe('b');
    expect(() => q.done('x')).toThrow();
  });
});
