// A grid sweep as lines (grid-sweep.ts's GridSweep): the outcome against one factor, a line per level of
// the other factor, with a band across the replicates (the middle 50% of runs, shaded; a grid point has
// few runs, so a 90% band would trace its extremes) and a panel per arm; a sweep of one factor has a line per arm instead. A factor's levels
// are ordered, so they take a sequential scheme that is never an arm's colour (arm-colours.ts). Part of
// charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import { finiteOrNull } from './chart-data.js';
import { LEVEL_SCHEME } from './arm-colours.js';
import { CHART_THEME } from './chart-theme.js';
import type { GridFactor, GridSweep } from './grid-sweep.js';
import { axisTitle, labelMeasure } from './measure-labels.js';
import { armColor, describeGroup, keyChannel, specFrame, valueScale, wrapText, type KeyEntry } from './spec-parts.js';

export interface FactorLinesSpecOptions {
  /** The scenario's arms in its order, which gives each arm its colour (default: the sweep's arms). */
  readonly scenarioArms?: readonly string[];
  /** A sweep or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  /** Plot width (of each arm's panel). */
  readonly width?: number;
  readonly height?: number;
}

const fmt = '.4~g';
/** Point shapes of a factor's levels, in order (a sixth level and on repeat them with other greys). */
const LEVEL_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down'];

/** "agencies.fidelity.mean (0–1)": a factor's name with its unit, for axis and legend titles. */
export function factorTitle(f: GridFactor): string {
  return `${f.label}${f.unit ? ` (${f.unit === 'yes/no' ? '0 = off, 1 = on' : f.unit})` : ''}`;
}

/** The x channel of a factor: its levels where they lie on a number line, else in the sweep's order. */
export function factorAxis(f: GridFactor, field: string, title: string | string[]) {
  if (!f.numeric) return { field, type: 'ordinal' as const, title, sort: f.levels.map((l) => l.label), axis: { labelAngle: 0 } };
  const xs = f.levels.map((l) => l.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return {
    field,
    type: 'quantitative' as const,
    title,
    scale: { domain: [lo, hi === lo ? lo + 1 : hi], nice: false, zero: false },
    // Ticks at the levels run, so the axis says where the sweep looked.
    axis: { values: xs, format: '.6~g' },
  };
}

export function buildFactorLinesSpec(sweep: GridSweep, options: FactorLinesSpecOptions = {}): TopLevelSpec {
  const label = labelMeasure(sweep.measure);
  const byLine = sweep.lineFactor !== undefined;
  const several = byLine && sweep.arms.length > 1;
  // 1. Data: the x factor's level as a number (or its label for options) and the line's level.
  const values = sweep.cells.map((c) => ({
    arm: c.arm,
    x: sweep.xFactor.numeric ? c.x : c.x_label,
    x_label: c.x_label,
    line: c.line,
    n: c.n,
    mean: finiteOrNull(c.mean),
    ci_low: finiteOrNull(c.ci_low),
    ci_high: finiteOrNull(c.ci_high),
    q05: finiteOrNull(c.q05),
    q25: finiteOrNull(c.q25),
    q75: finiteOrNull(c.q75),
    q95: finiteOrNull(c.q95),
  }));

  // 2. Channels: lines by the other factor's level (ordered colours) or, with one factor, by arm.
  const height = options.height ?? (several ? 240 : CHART_THEME.height);
  const width = options.width ?? (several ? 300 : CHART_THEME.width);
  const x = factorAxis(sweep.xFactor, 'x', wrapText(factorTitle(sweep.xFactor), Math.floor(width / 7)));
  const yTitle = wrapText(axisTitle(label), Math.floor(height / 8));
  const scale = valueScale(values.flatMap((v) => [v.mean, v.q25, v.q75]));
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: yTitle, scale });
  const lineLevels = sweep.lineFactor?.levels.map((l) => l.label) ?? [];
  const color = byLine
    ? {
        field: 'line',
        type: 'ordinal' as const,
        title: wrapText(factorTitle(sweep.lineFactor!), 34),
        sort: lineLevels,
        scale: { domain: lineLevels, scheme: { ...LEVEL_SCHEME, extent: [...LEVEL_SCHEME.extent] } },
        legend: { symbolOpacity: 1, titleLimit: 300 },
      }
    : armColor(sweep.arms, options.scenarioArms ?? sweep.arms, 'line');
  const shape = byLine ? { shape: { field: 'line', type: 'nominal' as const, title: color.title, sort: lineLevels, scale: { domain: lineLevels, range: LEVEL_SHAPES.slice(0, lineLevels.length) } } } : {};
  const entries: KeyEntry[] = [
    { label: `line: mean of ${sweep.runsPerCell} runs`, style: 'line' },
    { label: 'shaded: middle 50% of runs', style: 'shaded' },
  ];
  const key = keyChannel(entries, 'Lines and bands');
  const layer = [
    { mark: { type: 'area' as const, opacity: CHART_THEME.bandOpacity }, encoding: { x, y: y('q25'), y2: { field: 'q75' }, color } },
    { transform: key(entries[0].label).transform, mark: { type: 'line' as const }, encoding: { x, y: y('mean'), color, ...key(entries[0].label).encoding } },
    // Points at the levels run, shaped by level too, so the lines part without colour (print, grey).
    { mark: { type: 'point' as const, filled: true, size: 55, opacity: 1 }, encoding: { x, y: y('mean'), color, ...shape } },
    {
      mark: { type: 'point' as const, opacity: 0, size: 150 },
      encoding: {
        x,
        y: y('mean'),
        tooltip: [
          { field: 'arm', type: 'nominal' as const, title: 'arm' },
          { field: 'x_label', type: 'nominal' as const, title: sweep.xFactor.path },
          ...(byLine ? [{ field: 'line', type: 'nominal' as const, title: sweep.lineFactor!.path }] : []),
          { field: 'mean', type: 'quantitative' as const, title: 'mean', format: fmt },
          { field: 'q25', type: 'quantitative' as const, title: 'q25', format: fmt },
          { field: 'q75', type: 'quantitative' as const, title: 'q75', format: fmt },
          { field: 'q05', type: 'quantitative' as const, title: 'q05', format: fmt },
          { field: 'q95', type: 'quantitative' as const, title: 'q95', format: fmt },
          { field: 'n', type: 'quantitative' as const, title: 'runs' },
        ],
      },
    },
  ];

  // 3. Words, and a panel per arm when the lines are a factor's levels.
  const lines = byLine ? `a line per level of ${sweep.lineFactor!.label}` : 'a line per arm';
  const subtitle = [
    `Mean over the runs at each point of the grid (replicates${sweep.averaged.length ? ` and the levels of ${sweep.averaged.join(', ')}` : ''}), ${lines}; shaded: the middle 50% of runs (q25–q75).`,
    ...(several ? ['One panel per arm, on the same scale.'] : []),
    ...(options.source ? [options.source] : []),
  ];
  const oneArm = byLine && sweep.arms.length === 1 ? `, arm ${sweep.arms[0]}` : '';
  const title =
    options.title ?? `${label.label} by ${sweep.xFactor.label}${byLine ? ` and ${sweep.lineFactor!.label}` : ''}: ${describeGroup(sweep.group)}${oneArm}`;
  const frame = specFrame(title, subtitle, { width, height });
  if (!byLine || sweep.arms.length === 1) return { ...frame, data: { values }, layer };
  return {
    $schema: frame.$schema,
    title: frame.title,
    config: frame.config,
    data: { values },
    facet: { column: { field: 'arm', type: 'nominal', title: null, sort: [...sweep.arms], header: { labelFontWeight: 'bold', labelExpr: "'arm ' + (datum.label)" } } },
    spec: { width, height, layer },
  };
}
