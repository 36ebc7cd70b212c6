/**
 * Array binary heap ordered by (time, priority, insertion sequence). The sequence makes the order
 * total, so equal-time events always fire in the order they were scheduled: runs are reproducible.
 * Each event knows its heap position, which makes cancellation O(log n).
 */
export class EventList {
    heap = [];
    nextSeq = 0;
    get size() {
        return this.heap.length;
    }
    push(time, priority, action) {
        const ev = { time, priority, seq: this.nextSeq++, pos: this.heap.length, action };
        this.heap.push(ev);
        this.siftUp(ev.pos);
        return ev;
    }
    peek() {
        return this.heap[0];
    }
    pop() {
        const heap = this.heap;
        const top = heap[0];
        if (top === undefined)
            return undefined;
        const last = heap.pop();
        if (last !== top) {
            heap[0] = last;
            last.pos = 0;
            this.siftDown(0);
        }
        top.pos = -1;
        return top;
    }
    /** Removes a pending event; returns false if it already fired or was cancelled. */
    cancel(ev) {
        const i = ev.pos;
        if (i < 0)
            return false;
        const heap = this.heap;
        const last = heap.pop();
        ev.pos = -1;
        if (last !== ev) {
            heap[i] = last;
            last.pos = i;
            if (i > 0 && before(last, heap[(i - 1) >> 1]))
                this.siftUp(i);
            else
                this.siftDown(i);
        }
        return true;
    }
    siftUp(i) {
        const heap = this.heap;
        const ev = heap[i];
        while (i > 0) {
            const parentIndex = (i - 1) >> 1;
            const parent = heap[parentIndex];
            if (!before(ev, parent))
                break;
            heap[i] = parent;
            parent.pos = i;
            i = parentIndex;
        }
        heap[i] = ev;
        ev.pos = i;
    }
    siftDown(i) {
        const heap = this.heap;
        const n = heap.length;
        const ev = heap[i];
        for (;;) {
            let child = 2 * i + 1;
            if (child >= n)
                break;
            const right = child + 1;
            if (right < n && before(heap[right], heap[child]))
                child = right;
            if (!before(heap[child], ev))
                break;
            heap[i] = heap[child];
            heap[i].pos = i;
            i = child;
        }
        heap[i] = ev;
        ev.pos = i;
    }
}
function before(a, b) {
    if (a.time !== b.time)
        return a.time < b.time;
    if (a.priority !== b.priority)
        return a.priority < b.priority;
    return a.seq < b.seq;
}
