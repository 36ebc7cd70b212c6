import { levelAfter, nsUntilEmpty } from './token-bucket.js';
/** Below this many credits (≈ 60 ns of one vCPU) a balance is float residue and counts as empty. */
const EMPTY = 1e-9;
const SECONDS_PER_MINUTE = 60;
/**
 * Burstable-instance CPU credits in standard mode. One credit is one vCPU at 100% for one minute;
 * credits are earned continuously and spent at the delivered utilisation.
 *
 * At a zero balance AWS holds the instance at its baseline, which it defines per instance: the
 * 0.2-per-vCPU baseline of a 2-vCPU t3.small can be used as 40% of one vCPU. So when empty the
 * delivered utilisation is capped at exactly the earn rate (in vCPUs), spread over the busy vCPUs;
 * the balance then stays at zero instead of flickering between "earned a little" and "spent it",
 * which would cost an event per flicker.
 */
export class CpuCredits {
    vcpus;
    maxCredits;
    /** vCPUs of utilisation the earn rate sustains: the instance-wide baseline. */
    baselineVcpus;
    // One mutable object so advancing the balance allocates nothing; rate is credits per second.
    bucket;
    constructor(options) {
        const { vcpus, baselinePerVcpu = 0.2 } = options;
        if (!(vcpus > 0))
            throw new RangeError(`vcpus must be > 0, got ${vcpus}`);
        const creditsPerHour = options.creditsPerHour ?? vcpus * baselinePerVcpu * 60;
        if (Math.abs(creditsPerHour - vcpus * baselinePerVcpu * 60) > 1e-9 * creditsPerHour) {
            // Earn rate and baseline are two views of one number; if they disagree the empty-balance
            // cap would either mint or overdraw credits.
            throw new RangeError(`creditsPerHour ${creditsPerHour} != vcpus · baselinePerVcpu · 60`);
        }
        this.vcpus = vcpus;
        this.maxCredits = options.maxCredits ?? creditsPerHour * 24;
        this.baselineVcpus = creditsPerHour / SECONDS_PER_MINUTE;
        if (!(options.initialCredits >= 0))
            throw new RangeError('initialCredits must be >= 0');
        this.bucket = {
            rate: creditsPerHour / 3600,
            capacity: this.maxCredits,
            level: Math.min(options.initialCredits, this.maxCredits),
        };
    }
    /** Credits held now. */
    get level() {
        return this.bucket.level;
    }
    get exhausted() {
        return this.bucket.level <= EMPTY;
    }
    /** Speed fraction each of `busyVcpus` may run at: 1 while credits remain, the baseline share when empty. */
    allowedSpeed(busyVcpus) {
        if (busyVcpus <= this.baselineVcpus || this.bucket.level > EMPTY)
            return 1;
        return this.baselineVcpus / busyVcpus;
    }
    /** Spends credits for `dtNs` with `busyVcpus` running at the speed `allowedSpeed` gave them. */
    advance(dtNs, busyVcpus) {
        const used = busyVcpus * this.allowedSpeed(busyVcpus);
        const level = levelAfter(this.bucket, dtNs, used / SECONDS_PER_MINUTE);
        this.bucket.level = level <= EMPTY ? 0 : level;
    }
    /** Exact (fractional) ns until the balance runs out with `busyVcpus` at full speed; Infinity if never. */
    nsUntilExhausted(busyVcpus) {
        if (this.bucket.level <= EMPTY)
            return Infinity; // already throttled: the cap holds it at zero
        return nsUntilEmpty(this.bucket, busyVcpus / SECONDS_PER_MINUTE);
    }
}
/**
 * Pure what-if: the speed fraction each demand segment gets and the balance after it, placing the
 * exhaustion instant inside a segment exactly. Needs no simulation, so analysis code can ask "how
 * long does this load run at full speed" directly.
 */
export function throttleProfile(options, demand) {
    const credits = new CpuCredits(options);
    const out = [];
    for (const { durationNs, demandVcpus } of demand) {
        let delivered = 0;
        let left = durationNs;
        while (left > 0) {
            const full = Math.min(left, credits.nsUntilExhausted(demandVcpus));
            const dt = full > 0 ? full : left;
            delivered += demandVcpus * credits.allowedSpeed(demandVcpus) * dt;
            credits.advance(dt, demandVcpus);
            left -= dt;
        }
        const speed = demandVcpus > 0 && durationNs > 0 ? delivered / (demandVcpus * durationNs) : 1;
        out.push({ speed, credits: credits.level });
    }
    return out;
}
