import { UsageError } from '../cli/usage-error.js';
/** The chart format a file name asks for; checked before any work so a typo costs nothing. */
export function formatOf(file) {
    const m = /\.(svg|png|html?)$/i.exec(file);
    if (!m)
        throw new UsageError(`the chart file must end in .svg, .png or .html, got "${file}"`);
    return m[1].toLowerCase().startsWith('htm') ? 'html' : m[1].toLowerCase();
}
