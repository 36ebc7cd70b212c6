/**
 * k6's Rate (checks, http_req_failed): the share of added values that are true. As in k6, a
 * "pass" is simply a true value: for http_req_failed the passes are the failed requests.
 */
export class Rate {
    passes = 0;
    fails = 0;
    add(pass, n = 1) {
        if (!(Number.isSafeInteger(n) && n >= 0))
            throw new RangeError(`rate count must be a whole number ≥ 0, got ${n}`);
        if (pass)
            this.passes += n;
        else
            this.fails += n;
    }
    /** passes / (passes + fails); 0 when nothing was added, where k6 would print NaN. */
    get value() {
        const total = this.passes + this.fails;
        return total === 0 ? 0 : this.passes / total;
    }
    summary() {
        return { value: this.value, passes: this.passes, fails: this.fails };
    }
}
