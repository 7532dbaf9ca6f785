// The one look of every cpi-sim chart: the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008; which arm
// gets which colour is arm-colours.ts's rule), the DejaVu Sans font (shipped as TTFs, so PNGs render text),
// sizes and the vega-lite config. Part of charts/; pure data, browser-safe. Every build*Spec function takes
// its config and colours from here.
import type { Config } from 'vega-lite';
import { ARM_PALETTE, NEUTRAL_COLOURS } from './arm-colours.js';

/**
 * Okabe–Ito, reordered so that the first colours are the ones that read best as thin lines on white
 * (blue, vermillion, bluish green, reddish purple, orange, sky blue); yellow and black come last.
 */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'] as const;

/** The font family named in every spec; render-chart.ts gives resvg the matching TTF files. */
export const CHART_FONT = 'DejaVu Sans';

const GREY = NEUTRAL_COLOURS.rule;

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
  /** Arm colours, by the arm's place in its scenario (arm-colours.ts). */
  palette: ARM_PALETTE,
  /** Differences between arms, trial statistics and reference rules: never an arm colour. */
  neutral: NEUTRAL_COLOURS,
  font: CHART_FONT,
  /** Plot area of a single chart, in pixels (axes, titles and legends come on top). */
  width: 560,
  height: 320,
  /** Colour of reference rules (zero, targets, alpha). */
  ruleColor: GREY,
  /**
   * Bands are light so that the bands of several arms, which overlap where the arms agree, do not mix into
   * one muddy colour: one shaded band per series (the 50% band or an interval) at low opacity; the 90% band
   * only as thin dashed edges.
   */
  bandOpacity: 0.1,
  /** A band drawn alone (one series, neutral grey), e.g. the interval of a difference or of power. */
  soloBandOpacity: 0.25,
  edgeOpacity: 0.75,
  config,
  /** vega-lite's schema URL: editors and vega-embed read the mode from it; nothing is fetched. */
  schema: 'https://vega.github.io/schema/vega-lite/v6.json',
} as const;
