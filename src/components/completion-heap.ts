/**
 * Jobs in service ordered by their finish tag: the amount of per-job service ("virtual work") at
 * which each one completes. Because every job in service progresses at the same rate, tags never
 * need updating when the rate changes; the CPU only tracks how much work one job has received so
 * far, and the smallest tag names the next completion. Ties go to the earlier arrival (insertion
 * sequence), so equal demands complete in FIFO order on every run.
 *
 * Keys live in typed arrays so that a push or pop allocates nothing in the steady state.
 */
export class CompletionHeap<T> {
  private tags: Float64Array;
  private arrivals: Float64Array;
  private seqs: Float64Array;
  private refs: (T | undefined)[];
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 16) {
    const cap = Math.max(1, initialCapacity);
    this.tags = new Float64Array(cap);
    this.arrivals = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.refs = new Array<T | undefined>(cap).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** Smallest finish tag; only meaningful when size > 0. */
  get minTag(): number {
    return this.tags[0];
  }

  /** Arrival time of the job with the smallest tag; only meaningful when size > 0. */
  get minArrival(): number {
    return this.arrivals[0];
  }

  /** Reference of the job with the smallest tag, left in place; only meaningful when size > 0. */
  peekRef(): T {
    return this.refs[0] as T;
  }

  push(tag: number, arrival: number, ref: T): void {
    if (this.count === this.tags.length) this.grow();
    this.place(this.count++, tag, arrival, this.nextSeq++, ref);
    this.siftUp(this.count - 1);
  }

  /** Removes the job with the smallest tag and returns its reference. */
  pop(): T {
    if (this.count === 0) throw new RangeError('pop from an empty CompletionHeap');
    const ref = this.refs[0] as T;
    const last = --this.count;
    if (last > 0) {
      this.place(0, this.tags[last], this.arrivals[last], this.seqs[last], this.refs[last] as T);
      this.siftDown(0);
    }
    this.refs[last] = undefined;
    return ref;
  }

  /** Forgets every job at once (an idle server drops its cancelled leftovers). */
  clear(): void {
    this.refs.fill(undefined, 0, this.count);
    this.count = 0;
  }

  private before(i: number, j: number): boolean {
    const ti = this.tags[i];
    const tj = this.tags[j];
    return ti < tj || (ti === tj && this.seqs[i] < this.seqs[j]);
  }

  private place(i: number, tag: number, arrival: number, seq: number, ref: T): void {
    this.tags[i] = tag;
    this.arrivals[i] = arrival;
    this.seqs[i] = seq;
    this.refs[i] = ref;
  }

  private swap(i: number, j: number): void {
    const t = this.tags[i], a = this.arrivals[i], s = this.seqs[i], r = this.refs[i];
    this.tags[i] = this.tags[j];
    this.arrivals[i] = this.arrivals[j];
    this.seqs[i] = this.seqs[j];
    this.refs[i] = this.refs[j];
    this.tags[j] = t;
    this.arrivals[j] = a;
    this.seqs[j] = s;
    this.refs[j] = r;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.count;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) return;
      if (child + 1 < n && this.before(child + 1, child)) child++;
      if (!this.before(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }

  private grow(): void {
    const cap = this.tags.length * 2;
    const grown = (old: Float64Array): Float64Array => {
      const next = new Float64Array(cap);
      next.set(old);
      return next;
    };
    this.tags = grown(this.tags);
    this.arrivals = grown(this.arrivals);
    this.seqs = grown(this.seqs);
    const refs = new Array<T | undefined>(cap).fill(undefined);
    for (let k = 0; k < this.count; k++) refs[k] = this.refs[k];
    this.refs = refs;
  }
}
