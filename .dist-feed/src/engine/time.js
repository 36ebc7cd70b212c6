export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;
export const fromSeconds = (s) => Math.round(s * NS_PER_S);
export const fromMillis = (ms) => Math.round(ms * NS_PER_MS);
export const fromMicros = (us) => Math.round(us * NS_PER_US);
export const toSeconds = (t) => t / NS_PER_S;
export const toMillis = (t) => t / NS_PER_MS;
const UNIT_NS = { ns: 1, us: NS_PER_US, µs: NS_PER_US, ms: NS_PER_MS, s: NS_PER_S, m: 60 * NS_PER_S, h: 3600 * NS_PER_S };
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
/** Parses a k6-style duration (`500ms`, `1s`, `1m30s`, `1.5s`); returns undefined when malformed. */
export function parseDuration(text) {
    const s = text.trim();
    if (s === '')
        return undefined;
    let total = 0;
    PART.lastIndex = 0;
    while (PART.lastIndex < s.length) {
        const start = PART.lastIndex;
        const m = PART.exec(s);
        if (!m || m.index !== start)
            return undefined;
        total += Number(m[1]) * UNIT_NS[m[2]];
    }
    return Math.round(total);
}
/** Formats a duration the way k6 prints it (`1m9.5s`, `850ms`). */
export function formatDuration(t) {
    if (t < NS_PER_MS)
        return `${+(t / NS_PER_US).toFixed(2)}µs`;
    if (t < NS_PER_S)
        return `${+(t / NS_PER_MS).toFixed(2)}ms`;
    const s = t / NS_PER_S;
    if (s < 60)
        return `${+s.toFixed(2)}s`;
    const m = Math.floor(s / 60);
    return `${m}m${+(s - 60 * m).toFixed(2)}s`;
}
