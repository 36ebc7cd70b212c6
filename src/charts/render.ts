import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FontMetrics } from './font-metrics.js';
import { CHART_FONT, type VlSpec } from './theme.js';

/** DejaVu Sans from the dejavu-fonts-ttf package, so text is measured and drawn alike on any machine. */
const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' };

type TextItem = { fontSize?: number; fontWeight?: string | number; limit?: number };

let metrics: { regular: FontMetrics; bold: FontMetrics } | undefined;

/** Makes vega measure text with the fonts the PNG is drawn with (vega has no canvas here). */
function useFontMetrics(): void {
  if (metrics) return;
  const m = { regular: new FontMetrics(join(FONT_DIR, FONT_FILES.regular)), bold: new FontMetrics(join(FONT_DIR, FONT_FILES.bold)) };
  metrics = m;
  // vega's typings leave out textMetrics; vega documents a user-set width function (vl-convert uses one).
  const textMetrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  textMetrics.width = (item, text) => {
    const s = text == null ? '' : String(text).trim();
    const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    const w = (bold ? m.bold : m.regular).width(s, item.fontSize ?? 11);
    // A text with a limit is truncated to fit it; vega asks for the full text's width to place it.
    return item.limit && item.limit > 0 ? Math.min(w, item.limit) : w;
  };
}

/** vega-lite → vega → SVG, headless: the 'none' renderer lays out the scene without a canvas. */
export async function renderSvg(spec: VlSpec): Promise<string> {
  useFontMetrics();
  const vg = compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG at `scale`× (2 keeps text crisp on high-density screens). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles: Object.values(FONT_FILES).map((f) => join(FONT_DIR, f)), loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return resvg.render().asPng();
}
