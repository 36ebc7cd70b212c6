/**
 * k6's ramping-vus schedule (`getRawExecutionSteps` for an unsegmented run): within a stage the VU
 * count follows the line from the previous target to this one in whole steps. Going up, VU k joins
 * when the line reaches k; going down, the count drops to k − 1 when the line reaches k − 1. Step
 * times are truncated to whole ns exactly as Go's integer Duration arithmetic does (hence BigInt:
 * duration × VUs overflows 2^53). A zero-duration stage jumps at its end. With `zeroEnd` a final
 * step to 0 is added at the end of the last stage.
 */
export function rampSteps(startVUs, stages, zeroEnd) {
    const steps = [{ t: 0, vus: startVUs }];
    const add = (t, vus) => {
        if (steps[steps.length - 1].vus !== vus)
            steps.push({ t: Number(t), vus });
    };
    let end = 0n;
    let from = startVUs;
    // k6's segmented index: after ramping up it points one past the target, after ramping down at it.
    let index = startVUs;
    for (const { duration, target } of stages) {
        const d = BigInt(duration);
        end += d;
        const diff = target - from;
        if (diff === 0)
            continue;
        if (d === 0n) {
            index = target;
            add(end, target);
        }
        else if (index > target) {
            for (; index > target; index--)
                add(end - (d * BigInt(target - index + 1)) / BigInt(diff), index - 1);
        }
        else {
            for (; index <= target; index++)
                add(end - (d * BigInt(target - index)) / BigInt(diff), index);
        }
        from = target;
    }
    if (zeroEnd && steps[steps.length - 1].vus !== 0)
        steps.push({ t: Number(end), vus: 0 });
    return steps;
}
/**
 * The most VUs allowed to be active at each moment (k6's execution requirements): a VU removed by
 * the plan keeps its slot for `gracefulRampDown` to finish its iteration, so the allowance at τ is
 * the plan's maximum over (τ − gracefulRampDown, τ]; at `endOffset` (stages + gracefulStop) it is 0.
 * k6 computes the same staircase by scanning ahead (reserveVUsForGracefulRampDowns); this sliding
 * maximum agrees with it on its published example and never cuts a VU the plan still wants, which
 * k6's scan can do when a ramp-down is followed within the window by a partial ramp-up.
 */
export function allowedSteps(raw, gracefulRampDown, endOffset) {
    const n = raw.length;
    // raw[i].vus holds on [t_i, t_{i+1}); it stays allowed until t_{i+1} + gracefulRampDown.
    const expiry = (i) => (i + 1 < n ? raw[i + 1].t + gracefulRampDown : Infinity);
    const times = [...new Set([...raw.map((s) => s.t), ...raw.slice(1).map((s) => s.t + gracefulRampDown)])]
        .filter((t) => t < endOffset)
        .sort((a, b) => a - b);
    const out = [];
    const window = []; // indices with decreasing vus: a monotonic deque
    let next = 0;
    for (const t of times) {
        while (next < n && raw[next].t <= t) {
            while (window.length > 0 && raw[window[window.length - 1]].vus <= raw[next].vus)
                window.pop();
            window.push(next++);
        }
        while (window.length > 0 && expiry(window[0]) <= t)
            window.shift();
        const vus = window.length > 0 ? raw[window[0]].vus : 0;
        if (out.length === 0 || out[out.length - 1].vus !== vus)
            out.push({ t, vus });
    }
    if (out.length === 0 || out[out.length - 1].vus !== 0)
        out.push({ t: endOffset, vus: 0 });
    return out;
}
