const TREND_KEYS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
/** k6 prints times with their own unit: µs below 1 ms, ms below 1 s, then s and m. */
export function formatMs(ms) {
    if (ms === 0)
        return '0s';
    if (ms < 1)
        return `${+(ms * 1000).toFixed(2)}µs`;
    if (ms < 1000)
        return `${+ms.toFixed(2)}ms`;
    const s = ms / 1000;
    if (s < 60)
        return `${+s.toFixed(2)}s`;
    return `${Math.floor(s / 60)}m${+(s % 60).toFixed(2)}s`;
}
const num = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
/** The end-of-test summary as k6 prints it: dotted names, counters with rates, trends in one line. */
export function k6Text(summary, indent = '     ') {
    const names = Object.keys(summary.metrics);
    const width = Math.max(...names.map((n) => n.length)) + 4;
    return names
        .map((name) => {
        const v = summary.metrics[name];
        let body;
        if ('passes' in v)
            body = `${(100 * v.value).toFixed(2)}% ✓ ${num(v.passes)} ✗ ${num(v.fails)}`;
        else if ('count' in v)
            body = `${num(v.count).padEnd(10)} ${num(v.rate, 2)}/s`;
        else
            body = TREND_KEYS.map((k) => `${k}=${formatMs(v[k])}`).join(' ');
        return `${indent}${name.padEnd(width, '.')}: ${body}`;
    })
        .join('\n');
}
