import { writeFileSync } from 'node:fs';
import { formatOf } from './format.js';
import { chartFigure, escapeHtml, htmlPage } from './html.js';
import { renderSvg, svgToPng } from './render.js';
import { stackCharts } from './index.js';
/** Writes charts to one file: SVG and PNG stack them; HTML puts each in its own figure. */
export async function writeCharts(specs, file, title) {
    const format = formatOf(file);
    if (format === 'html') {
        const figures = [];
        for (const [i, { spec, caption }] of specs.entries())
            figures.push(chartFigure(`chart${i + 1}`, await renderSvg(spec), caption));
        writeFileSync(file, htmlPage(title, `<h1>${escapeHtml(title)}</h1>\n${figures.join('\n')}`));
        return;
    }
    const svg = await renderSvg(stackCharts(specs.map((s) => s.spec)));
    writeFileSync(file, format === 'svg' ? svg : svgToPng(svg));
}
