import { UsageError } from '../cli/usage-error.js';

export type ChartFormat = 'svg' | 'png' | 'html';

/** The chart format a file name asks for; checked before any work so a typo costs nothing. */
export function formatOf(file: string, flag?: string): ChartFormat {
  const m = /\.(svg|png|html?)$/i.exec(file);
  if (!m) throw new UsageError(`${flag ? `--${flag}: ` : ''}the chart file must end in .svg, .png or .html, got "${file}"`);
  return m[1].toLowerCase().startsWith('htm') ? 'html' : (m[1].toLowerCase() as ChartFormat);
}
