import { escapeHtml } from '../charts/html.js';

/** A table written once and printed as Markdown (README) or HTML (report page). */
export interface Table {
  header: string[];
  /** Which columns hold numbers (right-aligned in HTML). */
  numeric?: number[];
  rows: Array<{ cells: string[]; blind?: boolean }>;
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|');

export function tableMarkdown(t: Table): string {
  return [
    `| ${t.header.map(mdCell).join(' | ')} |`,
    `|${t.header.map((_, i) => (t.numeric?.includes(i) ? '---:' : '---')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.cells.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

export function tableHtml(t: Table): string {
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr${r.blind ? ' class="blind"' : ''}>${r.cells.map((c, i) => `<td${t.numeric?.includes(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`);
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

/** 395,696 · 82.56 · 0.693: thousands grouped, small numbers to 3 significant decimals. */
export const formatNumber = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(+x.toFixed(3));

export const formatPct = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`);
