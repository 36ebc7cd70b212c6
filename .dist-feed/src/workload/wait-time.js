/** Locust `between(a, b)`: a + random()·(b − a) seconds, uniform on [a, b). */
export function between(a, b) {
    if (!(Number.isFinite(a) && Number.isFinite(b) && a >= 0 && a <= b)) {
        throw new RangeError(`between(${a}, ${b}): need 0 ≤ a ≤ b`);
    }
    return (random) => a + random() * (b - a);
}
/** Locust `constant(s)`: always `seconds`. */
export function constantWait(seconds) {
    if (!(Number.isFinite(seconds) && seconds >= 0))
        throw new RangeError(`constantWait(${seconds}): need seconds ≥ 0`);
    return () => seconds;
}
