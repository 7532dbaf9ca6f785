// A grid sweep as a heat map (grid-sweep.ts's GridSweep): one cell per combination of two factors' levels,
// coloured by the mean outcome over its runs and labelled with it, a panel per arm on one colour scale.
// The colour is a quantity, not an arm, so it takes a sequential scheme (viridis) that no arm uses
// (arm-colours.ts). Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { factorTitle } from './factor-lines-spec.js';
import type { GridSweep } from './grid-sweep.js';
import { axisTitle, labelMeasure } from './measure-labels.js';
import { describeGroup, specFrame, wrapText } from './spec-parts.js';

export interface HeatmapSpecOptions {
  /** A sweep or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  /** Plot width and height (of each arm's panel; default: about 70 px per cell, within limits). */
  readonly width?: number;
  readonly height?: number;
}

const fmt = '.4~g';

export function buildHeatmapSpec(sweep: GridSweep, options: HeatmapSpecOptions = {}): TopLevelSpec {
  if (!sweep.lineFactor)
    throw new ChartError(`heatmap: needs two factors, one across and one down; this sweep varies only ${sweep.xFactor.path} (use the factor-lines chart)`);
  const label = labelMeasure(sweep.measure);
  const rows = sweep.lineFactor;
  // 1. Data, and the midpoint of the means: labels are white on the dark half of the scheme.
  const values = sweep.cells.map((c) => ({ arm: c.arm, x_label: c.x_label, line: c.line, n: c.n, mean: finiteOrNull(c.mean), ci_low: finiteOrNull(c.ci_low), ci_high: finiteOrNull(c.ci_high) }));
  const means = values.map((v) => v.mean).filter((m): m is number => m !== null);
  const mid = (Math.min(...means) + Math.max(...means)) / 2;
  const columns = sweep.xFactor.levels.map((l) => l.label);
  // Highest level on top, as on a y axis.
  const lines = rows.levels.map((l) => l.label).reverse();
  const width = options.width ?? Math.min(CHART_THEME.width, Math.max(160, columns.length * 70));
  const height = options.height ?? Math.min(CHART_THEME.height, Math.max(120, lines.length * 44));
  const x = { field: 'x_label', type: 'ordinal' as const, title: wrapText(factorTitle(sweep.xFactor), Math.floor(width / 6)), sort: columns, axis: { labelAngle: 0 } };
  const y = { field: 'line', type: 'ordinal' as const, title: wrapText(factorTitle(rows), Math.floor(height / 8)), sort: lines };
  const layer = [
    {
      mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 1 },
      encoding: {
        x,
        y,
        color: { field: 'mean', type: 'quantitative' as const, title: wrapText(axisTitle(label), 26), scale: { scheme: 'viridis' } },
        tooltip: [
          { field: 'arm', type: 'nominal' as const, title: 'arm' },
          { field: 'x_label', type: 'nominal' as const, title: sweep.xFactor.path },
          { field: 'line', type: 'nominal' as const, title: rows.path },
          { field: 'mean', type: 'quantitative' as const, title: 'mean', format: fmt },
          { field: 'ci_low', type: 'quantitative' as const, title: 'CI low', format: fmt },
          { field: 'ci_high', type: 'quantitative' as const, title: 'CI high', format: fmt },
          { field: 'n', type: 'quantitative' as const, title: 'runs' },
        ],
      },
    },
    {
      mark: { type: 'text' as const, fontSize: 11 },
      encoding: {
        x,
        y,
        text: { field: 'mean', type: 'quantitative' as const, format: '.3~g' },
        color: { condition: { test: `datum.mean < ${mid}`, value: 'white' }, value: 'black' },
      },
    },
  ];
  const several = sweep.arms.length > 1;
  const subtitle = [
    `Mean over the ${sweep.runsPerCell} runs in each cell (replicates${sweep.averaged.length ? ` and the levels of ${sweep.averaged.join(', ')}` : ''}); colour and number: the mean.`,
    ...(several ? ['One panel per arm, on the same colour scale.'] : []),
    ...(options.source ? [options.source] : []),
  ];
  const title =
    options.title ?? `${label.label} by ${sweep.xFactor.label} and ${rows.label}: ${describeGroup(sweep.group)}${several ? '' : `, arm ${sweep.arms[0]}`}`;
  const frame = specFrame(title, subtitle, { width, height });
  if (!several) return { ...frame, data: { values }, layer };
  return {
    $schema: frame.$schema,
    title: frame.title,
    config: frame.config,
    data: { values },
    facet: { column: { field: 'arm', type: 'nominal', title: null, sort: [...sweep.arms], header: { labelFontWeight: 'bold', labelExpr: "'arm ' + (datum.label)" } } },
    spec: { width, height, layer },
  };
}
