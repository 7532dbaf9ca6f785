// The one look of every cpi-sim chart: the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), the
// DejaVu Sans font (shipped as TTFs, so PNGs render text), sizes and the vega-lite config. Part of charts/;
// pure data, browser-safe. Every build*Spec function takes its config and palette from here.
import type { Config } from 'vega-lite';

/**
 * Okabe–Ito, reordered so that the first colours are the ones that read best as thin lines on white
 * (blue, vermillion, bluish green, reddish purple, orange, sky blue); yellow and black come last.
 */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'] as const;

/** The font family named in every spec; render-chart.ts gives resvg the matching TTF files. */
export const CHART_FONT = 'DejaVu Sans';

const GREY = '#4d4d4d';

const config: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#bdbdbd' },
  range: { category: [...OKABE_ITO] },
  title: { fontSize: 15, fontWeight: 'bold', subtitleFontSize: 11, subtitleColor: GREY, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#222222', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'right', labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  line: { strokeWidth: 2 },
};

export const CHART_THEME = {
  palette: OKABE_ITO,
  font: CHART_FONT,
  /** Plot area of a single chart, in pixels (axes, titles and legends come on top). */
  width: 560,
  height: 320,
  /** Colour of reference rules (zero, targets, alpha). */
  ruleColor: GREY,
  /** Opacity of the 90% / 50% / confidence bands. */
  outerBandOpacity: 0.12,
  innerBandOpacity: 0.25,
  ciBandOpacity: 0.25,
  config,
  /** vega-lite's schema URL: editors and vega-embed read the mode from it; nothing is fetched. */
  schema: 'https://vega.github.io/schema/vega-lite/v6.json',
} as const;
