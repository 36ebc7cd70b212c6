import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompletionHeap, JobFifo } from '../../src/components/index.js';

describe('JobFifo', () => {
  it('behaves like an array queue across growth and wrap-around (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer(), { nil: undefined }), { maxLength: 300 }), (ops) => {
        const fifo = new JobFifo<string>(2);
        const model: [number, number, string][] = [];
        for (const op of ops) {
          if (op === undefined) {
            if (model.length === 0) {
              expect(() => fifo.shift()).toThrow(RangeError);
              continue;
            }
            const [a, b, ref] = model.shift()!;
            expect([fifo.peekA(), fifo.peekB()]).toEqual([a, b]);
            expect(fifo.shift()).toBe(ref);
          } else {
            fifo.push(op, op / 2, `job${op}`);
            model.push([op, op / 2, `job${op}`]);
          }
          expect(fifo.size).toBe(model.length);
        }
      }),
    );
  });
});

describe('CompletionHeap', () => {
  it('clear() empties it, and it orders new jobs as a fresh heap would', () => {
    const heap = new CompletionHeap<string>(2);
    for (const [tag, ref] of [[5, 'a'], [1, 'b'], [3, 'c']] as const) heap.push(tag, 0, ref);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(() => heap.pop()).toThrow('pop from an empty CompletionHeap');
    heap.push(2, 0, 'x');
    heap.push(1, 0, 'y');
    expect([heap.pop(), heap.pop()]).toEqual(['y', 'x']);
  });
  it('pops by (tag, insertion order) like a stable sort (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), { maxLength: 300 }), (ops) => {
        const heap = new CompletionHeap<number>(1);
        const model: { tag: number; arrival: number; id: number }[] = [];
        let id = 0;
        for (const op of ops) {
          if (op === undefined) {
            if (model.length === 0) continue;
            // Stable: among equal tags the first inserted wins.
            let best = 0;
            for (let k = 1; k < model.length; k++) if (model[k].tag < model[best].tag) best = k;
            const [want] = model.splice(best, 1);
            expect([heap.minTag, heap.minArrival]).toEqual([want.tag, want.arrival]);
            expect(heap.pop()).toBe(want.id);
          } else {
            heap.push(op, id * 10, id);
            model.push({ tag: op, arrival: id * 10, id });
            id++;
          }
          expect(heap.size).toBe(model.length);
        }
      }),
    );
  });
});

describe('JobFifo sizes', () => {
  it.each([0, 1, 3, 5, 16, 17])('with initial capacity %i holds 100 jobs in order across growth and wrap-around', (initial) => {
    const fifo = new JobFifo<number>(initial);
    // Wrap first: push 3, take 2, so the ring's head is not at slot 0 when it grows.
    for (let i = 0; i < 3; i++) fifo.push(i, -i, i);
    expect([fifo.shift(), fifo.shift()]).toEqual([0, 1]);
    for (let i = 3; i < 100; i++) fifo.push(i, -i, i);
    expect(fifo.size).toBe(98);
    for (let i = 2; i < 100; i++) {
      expect([fifo.peekA(), fifo.peekB()]).toEqual([i, -i]);
      expect(fifo.shift()).toBe(i);
    }
    expect(fifo.size).toBe(0);
    expect(() => fifo.shift()).toThrow('shift from an empty JobFifo');
  });

  it('the default ring holds 16 jobs before it first grows, and keeps them after', () => {
    const fifo = new JobFifo<string>();
    for (let i = 0; i < 40; i++) fifo.push(i, i * 2, `j${i}`);
    const out: string[] = [];
    while (fifo.size > 0) out.push(fifo.shift());
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => `j${i}`));
  });
});
