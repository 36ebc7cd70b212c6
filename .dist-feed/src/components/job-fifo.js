/**
 * A growable ring buffer of jobs, each two numbers and one reference (for example bytes, arrival
 * time and the callback to fire). Components queue millions of jobs per run, so the numbers live
 * in typed arrays and a push or shift allocates nothing once the ring has grown to the working set;
 * an array of `{ a, b, ref }` objects would create one garbage object per job.
 */
export class JobFifo {
    numA;
    numB;
    refs;
    mask;
    head = 0;
    count = 0;
    constructor(initialCapacity = 16) {
        let cap = 1;
        while (cap < initialCapacity)
            cap <<= 1;
        this.numA = new Float64Array(cap);
        this.numB = new Float64Array(cap);
        this.refs = new Array(cap).fill(undefined);
        this.mask = cap - 1;
    }
    get size() {
        return this.count;
    }
    push(a, b, ref) {
        if (this.count > this.mask)
            this.grow();
        const i = (this.head + this.count) & this.mask;
        this.numA[i] = a;
        this.numB[i] = b;
        this.refs[i] = ref;
        this.count++;
    }
    /** First number of the oldest job; only meaningful when size > 0. */
    peekA() {
        return this.numA[this.head];
    }
    /** Second number of the oldest job; only meaningful when size > 0. */
    peekB() {
        return this.numB[this.head];
    }
    /** Removes the oldest job and returns its reference (read its numbers with peek first). */
    shift() {
        if (this.count === 0)
            throw new RangeError('shift from an empty JobFifo');
        const i = this.head;
        const ref = this.refs[i];
        // Dropping the reference lets a delivered callback's closure be collected while the ring lives on.
        this.refs[i] = undefined;
        this.head = (i + 1) & this.mask;
        this.count--;
        return ref;
    }
    grow() {
        const oldCap = this.mask + 1;
        const cap = oldCap * 2;
        const a = new Float64Array(cap);
        const b = new Float64Array(cap);
        const refs = new Array(cap).fill(undefined);
        for (let k = 0; k < this.count; k++) {
            const i = (this.head + k) & this.mask;
            a[k] = this.numA[i];
            b[k] = this.numB[i];
            refs[k] = this.refs[i];
        }
        this.numA = a;
        this.numB = b;
        this.refs = refs;
        this.mask = cap - 1;
        this.head = 0;
    }
}
