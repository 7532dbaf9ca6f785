// Virtual-trial power against the number of participants referred (trial/power-curve.ts; the
// power-curve.csv of `cpi-sim trial --n …`): simulated power with its exact (Clopper–Pearson) interval, the
// target power (80% by convention, Cohen 1988) and alpha (the power a study has when there is no effect)
// as reference lines, and the interpolated n for the target when the curve reaches it. Power belongs to
// the trial, not to an arm, so it is drawn in neutral ink (arm-colours.ts). Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { PowerCurvePoint } from '../trial/power-curve.js';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { percent, specFrame } from './spec-parts.js';

/** What the chart needs of a power curve: trial/power-curve.ts's PowerCurve has it. */
export interface PowerCurveInput {
  readonly points: ReadonlyArray<Pick<PowerCurvePoint, 'n' | 'power' | 'powerLow' | 'powerHigh' | 'replicates'>>;
  /** Target power (default 0.8). */
  readonly target?: number;
  /** Referrals interpolated for the target power, when the curve reaches it. */
  readonly interpolatedN?: number;
}

export interface PowerCurveSpecOptions {
  /** The trial's alpha (default 0.05). */
  readonly alpha?: number;
  /** A trial or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  /** What n counts, for the x axis (default "Participants referred (n)"; e.g. "Teams randomised" for a cluster design). */
  readonly xTitle?: string;
  readonly width?: number;
  readonly height?: number;
}

export function buildPowerCurveSpec(curve: PowerCurveInput, options: PowerCurveSpecOptions = {}): TopLevelSpec {
  if (curve.points.length === 0) throw new ChartError('power-curve: no points to draw');
  const target = curve.target ?? 0.8;
  const alpha = options.alpha ?? 0.05;
  const values = [...curve.points]
    .sort((a, b) => a.n - b.n)
    .map((p) => ({ n: p.n, power: finiteOrNull(p.power), power_low: finiteOrNull(p.powerLow), power_high: finiteOrNull(p.powerHigh), replicates: p.replicates }));
  const ns = values.map((v) => v.n);
  const x = { field: 'n', type: 'quantitative' as const, title: options.xTitle ?? 'Participants referred (n)', scale: { zero: false, nice: false, domain: [Math.min(...ns), Math.max(...ns)] }, ...(options.xTitle ? { axis: { tickMinStep: 1, format: 'd' } } : {}) };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: 'Power (share of simulated trials with p < α)', scale: { domain: [0, 1] }, axis: { format: '.0%' } });
  // Reference marks take one datum of their own: on the curve's data they would be drawn once per point, and a
  // label drawn over itself that often looks smudged and bold.
  const one = { data: { values: [{}] } };
  const reference = (value: number, text: string, dash: number[]) => [
    { ...one, mark: { type: 'rule' as const, color: CHART_THEME.ruleColor, strokeDash: dash }, encoding: { y: { datum: value, type: 'quantitative' as const } } },
    {
      ...one,
      mark: { type: 'text' as const, align: 'left' as const, baseline: 'bottom' as const, dx: 4, dy: -3, color: CHART_THEME.ruleColor, fontSize: 11 },
      encoding: { x: { value: 0 }, y: { datum: value, type: 'quantitative' as const }, text: { value: text } },
    },
  ];
  const replicates = Math.max(...values.map((v) => v.replicates));
  const nLine =
    curve.interpolatedN !== undefined && Number.isFinite(curve.interpolatedN)
      ? [
          {
            ...one,
            mark: { type: 'rule' as const, color: CHART_THEME.neutral.ink, strokeDash: [2, 3] },
            encoding: { x: { datum: curve.interpolatedN, type: 'quantitative' as const } },
          },
          {
            ...one,
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, dy: 4, color: CHART_THEME.neutral.ink, fontSize: 11 },
            encoding: { x: { datum: curve.interpolatedN, type: 'quantitative' as const }, y: { value: 0 }, text: { value: `n ≈ ${curve.interpolatedN} for ${percent(target)} power` } },
          },
        ]
      : [];
  return {
    ...specFrame(options.title ?? (options.xTitle ? `Power of the virtual trial by ${options.xTitle.toLowerCase()}` : 'Power of the virtual trial by number of participants'), [
      `${replicates} simulated trials per ${options.xTitle ? 'size' : 'n'}; band: exact 95% interval of the simulated power.`,
      ...(options.source ? [options.source] : []),
    ], options),
    data: { values },
    layer: [
      ...reference(target, `${percent(target)} power`, [6, 4]),
      ...reference(alpha, `α = ${alpha} (power with no effect)`, [2, 3]),
      { mark: { type: 'area', opacity: CHART_THEME.soloBandOpacity, color: CHART_THEME.neutral.band }, encoding: { x, y: y('power_low'), y2: { field: 'power_high' } } },
      {
        mark: { type: 'line', color: CHART_THEME.neutral.ink, point: { filled: true, size: 50, color: CHART_THEME.neutral.ink } },
        encoding: {
          x,
          y: y('power'),
          tooltip: [
            { field: 'n', type: 'quantitative', title: 'referrals' },
            { field: 'power', type: 'quantitative', title: 'power', format: '.1%' },
            { field: 'power_low', type: 'quantitative', title: '95% low', format: '.1%' },
            { field: 'power_high', type: 'quantitative', title: '95% high', format: '.1%' },
            { field: 'replicates', type: 'quantitative', title: 'simulated trials' },
          ],
        },
      },
      ...nLine,
    ],
  };
}
