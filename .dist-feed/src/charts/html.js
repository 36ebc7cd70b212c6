/** Self-contained HTML: charts are inlined SVG, styles inline, nothing fetched from anywhere. */
export const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/**
 * An SVG ready to sit beside others in one page: vega numbers its clip paths and gradients from 1 in
 * every SVG, and on one page `url(#clip1)` would resolve to the first chart's, so ids get a prefix.
 */
export function inlineSvg(svg, prefix) {
    return svg
        .replace(/^<\?xml[^>]*>\s*/, '')
        .replace(/\bid="([^"]+)"/g, (_, id) => `id="${prefix}-${id}"`)
        .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${prefix}-${id})`)
        .replace(/(xlink:)?href="#([^"]+)"/g, (_, x, id) => `${x ?? ''}href="#${prefix}-${id}"`)
        .replace(/^<svg /, '<svg role="img" ');
}
const STYLE = `
body { font-family: 'DejaVu Sans', Verdana, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.5em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.blind td { background: #fff8e1; } .tag { font-size: 0.8em; background: #ffe082; border-radius: 3px; padding: 0 0.35em; }
figure.chart { margin: 1.5em 0; } figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #555; }
code { background: #f4f4f4; padding: 0 0.25em; }
`;
export function htmlPage(title, body) {
    return [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        // No fetch of any kind: the page is its own whole, and says so to the browser.
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
        `<title>${escapeHtml(title)}</title>`,
        `<style>${STYLE}</style>`,
        '</head>',
        '<body>',
        body,
        '</body>',
        '</html>',
        '',
    ].join('\n');
}
export function chartFigure(id, svg, caption) {
    return `<figure class="chart" id="${escapeHtml(id)}">\n${inlineSvg(svg, id)}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}
