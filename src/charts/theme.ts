/** Shared look: one font that ships with the project (so PNGs match on every machine), white ground. */
export const CHART_FONT = 'DejaVu Sans';

export const CHART_CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: 12,
  view: { stroke: '#ccc' },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 420, symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 400, symbolOpacity: 1 },
  header: { labelFontSize: 13, labelFontWeight: 'bold', titleFontSize: 12 },
  line: { strokeWidth: 2 },
};

/** The saturation markers' colour: one red for "this resource ran out here" on every chart. */
export const SATURATION_COLOUR = '#d62728';
export const DELIVERED_COLOUR = '#1f77b4';
export const OFFERED_COLOUR = '#7f7f7f';

/** A vega-lite spec as built here: plain JSON, checked by vega-lite's compiler when rendered. */
export type VlSpec = Record<string, unknown>;
