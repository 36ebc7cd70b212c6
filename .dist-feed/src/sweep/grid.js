import { UsageError } from '../cli/usage-error.js';
/** Grids beyond this are a typo (a step of 1 where 10 was meant), not a sweep. */
export const MAX_GRID_POINTS = 100_000;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** True when a flag value asks for several values: a list `1,2,4` or a range `10..300:10`. */
export const isSweepValue = (raw) => raw.includes(',') || raw.includes('..');
const decimals = (s) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);
/** `from..to:step`, both ends included; the values keep the decimals the user wrote. */
function expandRange(flag, item) {
    const m = /^(-?[\d.]+)\.\.(-?[\d.]+)(?::([\d.]+))?$/.exec(item);
    if (!m || !NUMBER.test(m[1]) || !NUMBER.test(m[2]) || (m[3] !== undefined && !NUMBER.test(m[3]))) {
        throw new UsageError(`--${flag}: a range is from..to or from..to:step with numbers, e.g. 10..300:10, got "${item}"`);
    }
    const [from, to, step] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '1')];
    if (!(step > 0))
        throw new UsageError(`--${flag}: the step of "${item}" must be more than 0`);
    if (to < from)
        throw new UsageError(`--${flag}: the range "${item}" runs backwards (${m[2]} < ${m[1]})`);
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_GRID_POINTS)
        throw new UsageError(`--${flag}: "${item}" has ${count.toLocaleString('en-US')} values; at most ${MAX_GRID_POINTS.toLocaleString('en-US')}`);
    const places = Math.max(decimals(m[1]), decimals(m[3] ?? '1'));
    // from + i·step, rounded to the decimals written, so 0.1..0.3:0.1 gives 0.3 and not 0.30000000000000004.
    return Array.from({ length: count }, (_, i) => String(+(from + i * step).toFixed(places)));
}
/**
 * The values of one flag: a comma-separated list whose items are plain values or numeric ranges,
 * e.g. `1,2,4`, `10..300:10` or `10..50:10,100,200`. A value given twice is an error, not a weight.
 */
export function parseAxisValues(flag, raw) {
    const values = [];
    for (const item of raw.split(',').map((s) => s.trim())) {
        if (item === '')
            throw new UsageError(`--${flag}: empty item in the list "${raw}"`);
        values.push(...(item.includes('..') ? expandRange(flag, item) : [item]));
    }
    const seen = new Set();
    for (const v of values) {
        if (seen.has(v))
            throw new UsageError(`--${flag}: the value ${v} is listed twice in "${raw}"`);
        seen.add(v);
    }
    return values;
}
export function gridSize(axes) {
    return axes.reduce((n, a) => n * a.values.length, 1);
}
/** The point at an index: the first axis varies slowest, the last fastest (like nested loops). */
export function pointAt(axes, index) {
    const values = {};
    let rest = index;
    for (let i = axes.length - 1; i >= 0; i--) {
        const n = axes[i].values.length;
        values[axes[i].flag] = axes[i].values[rest % n];
        rest = Math.floor(rest / n);
    }
    // Keys in axis order, so JSON output does not depend on the loop's direction.
    return { index, values: Object.fromEntries(axes.map((a) => [a.flag, values[a.flag]])) };
}
export function gridPoints(axes) {
    const size = gridSize(axes);
    if (size > MAX_GRID_POINTS)
        throw new UsageError(`the grid has ${size.toLocaleString('en-US')} points; at most ${MAX_GRID_POINTS.toLocaleString('en-US')}`);
    return Array.from({ length: size }, (_, i) => pointAt(axes, i));
}
