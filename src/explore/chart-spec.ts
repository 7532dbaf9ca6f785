// The explorer's outcome chart: a vega-lite spec (a spec goes in, a chart comes out) with one small panel
// per measure, arm A and arm B as two lines over the weeks. Part of explore/; pure (build*) and browser-safe.
// The rows arrive live in the named data set `series`; the x axis spans the whole horizon from the start
// so that the lines grow across it. Measures are defined in docs/ODD.md, Appendix C (MEASURE_DEFINITIONS).
import type { TopLevelSpec } from 'vega-lite';
import { GROUP_MEASURES, type GroupMeasure } from '../metrics/groups.js';
import { MEASURE_DEFINITIONS } from '../output/describe-model.js';
import { ARM_COLOURS } from './palette.js';

/** The measures drawn, with the labels the panels carry (means over the arm's service users, or counts). */
export const CHART_MEASURES: ReadonlyArray<{ readonly measure: GroupMeasure; readonly label: string }> = [
  { measure: 'new_ties', label: 'New ties since baseline' },
  { measure: 'via_intervention_ties', label: 'Ties via the intervention' },
  { measure: 'ties_lost', label: 'Ties lost since baseline' },
  { measure: 'extensity', label: 'Extensity (positions reached, Lin)' },
  { measure: 'rg_total', label: 'Resource generator score' },
  { measure: 'wellbeing', label: 'Wellbeing (proxy, 14–70)' },
];

/** The measures of the numbers table: the charted ones and a few counts and means beside them. */
export const TABLE_MEASURES: ReadonlyArray<{ readonly measure: GroupMeasure; readonly label: string }> = [
  ...CHART_MEASURES,
  { measure: 'network_size', label: 'Network size' },
  { measure: 'social_confidence', label: 'Social confidence (0–1)' },
  { measure: 'active_barriers', label: 'Active barriers per user' },
  { measure: 'engaged', label: 'Users in a partnership' },
  { measure: 'graduated', label: 'Users graduated' },
];

/** The definition of a measure, for tooltips. */
export const measureDefinition = (measure: GroupMeasure): string => MEASURE_DEFINITIONS[measure];

/** One point of the chart. */
export interface ChartRow {
  readonly tick: number;
  /** "A" or "B". */
  readonly arm: string;
  readonly measure: string;
  readonly label: string;
  /** The mean over the runs (one run: its value). */
  readonly value: number;
  /** The 95% interval of that mean over the runs (equal to value for one run). */
  readonly low: number;
  readonly high: number;
}

/**
 * The chart rows of one tick: for each arm, the charted measures of group `all` from a row of the series
 * (GROUP_MEASURES order). Values not measured (NaN) are left out.
 */
export function buildChartRows(
  tick: number,
  armRows: ReadonlyArray<{ readonly arm: string; readonly values: ArrayLike<number>; readonly low?: ArrayLike<number>; readonly high?: ArrayLike<number> }>,
): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const { arm, values, low, high } of armRows)
    for (const { measure, label } of CHART_MEASURES) {
      const m = GROUP_MEASURES.indexOf(measure);
      const value = values[m];
      if (value === value) rows.push({ tick, arm, measure, label, value, low: low && low[m] === low[m] ? low[m] : value, high: high && high[m] === high[m] ? high[m] : value });
    }
  return rows;
}

/**
 * Where a panel's y axis starts: 0 for counts and means of counts (ties, positions, items), the scale's floor for
 * wellbeing (14 on the WEMWBS range), so that the axis is not zoomed onto the noise between runs.
 */
const Y_FLOOR: Partial<Record<GroupMeasure, number>> = { wellbeing: 14 };

export interface ExplorerChartOptions {
  /** The horizon (weeks): the x axis runs from 0 to it. */
  readonly ticks: number;
  /** Large-text mode: bigger type, thicker lines, bigger panels. */
  readonly large?: boolean;
}

/** The vega-lite spec of the outcome chart: one panel per measure (all there from the start), each with its own y scale. */
export function buildExplorerChartSpec(options: ExplorerChartOptions): TopLevelSpec {
  const large = options.large === true;
  const font = large ? 22 : 13;
  const arms = ['A', 'B'];
  return {
    description: `Outcomes over ${options.ticks} weeks for arm A (solid blue) and arm B (dashed vermillion): means over each arm's service users, averaged over the runs, with the 95% interval of that average as a band.`,
    data: { name: 'series' },
    columns: large ? 2 : 3,
    concat: CHART_MEASURES.map(({ measure, label }) => ({
      title: { text: label, fontSize: font, anchor: 'start' as const },
      width: large ? 380 : 230,
      height: large ? 220 : 130,
      transform: [{ filter: { field: 'measure', equal: measure } }],
      encoding: {
        x: { field: 'tick', type: 'quantitative' as const, title: 'week', scale: { domain: [0, Math.max(1, options.ticks)] }, axis: { tickMinStep: 1 } },
        color: { field: 'arm', type: 'nominal' as const, title: 'arm', scale: { domain: arms, range: [ARM_COLOURS.A, ARM_COLOURS.B] } },
      },
      layer: [
        {
          // The 95% interval of the mean over the runs.
          mark: { type: 'area' as const, opacity: 0.18, interpolate: 'linear' as const },
          encoding: {
            y: { field: 'low', type: 'quantitative' as const, title: null, scale: { nice: true, ...(Y_FLOOR[measure] !== undefined ? { domainMin: Y_FLOOR[measure] } : { zero: true }) }, axis: { format: '~g' } },
            y2: { field: 'high' },
          },
        },
        {
          mark: { type: 'line' as const, strokeWidth: large ? 4 : 2.5, interpolate: 'linear' as const },
          encoding: {
            y: { field: 'value', type: 'quantitative' as const },
            strokeDash: { field: 'arm', type: 'nominal' as const, title: 'arm', scale: { domain: arms, range: [[1, 0], [8, 4]] } },
            tooltip: [
              { field: 'label', type: 'nominal' as const, title: 'measure' },
              { field: 'arm', type: 'nominal' as const, title: 'arm' },
              { field: 'tick', type: 'quantitative' as const, title: 'week' },
              { field: 'value', type: 'quantitative' as const, title: 'mean over the runs', format: '.3~f' },
              { field: 'low', type: 'quantitative' as const, title: '95% interval from', format: '.3~f' },
              { field: 'high', type: 'quantitative' as const, title: 'to', format: '.3~f' },
            ],
          },
        },
      ],
    })),
    resolve: { scale: { y: 'independent' } },
    config: {
      font: 'system-ui, sans-serif',
      axis: { labelFontSize: font * 0.85, titleFontSize: font * 0.9, gridColor: '#dddddd' },
      legend: { labelFontSize: font, titleFontSize: font, symbolStrokeWidth: large ? 4 : 2.5, symbolSize: large ? 600 : 200, orient: 'top' },
      view: { stroke: '#bbbbbb' },
    },
  };
}
