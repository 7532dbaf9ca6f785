// The distribution of a virtual trial's results over its simulated studies (trial/virtual-trial.ts; the
// trial-replicates.csv of `cpi-sim trial`): a histogram of partial η², the p-value, the adjusted effect or
// Cohen's d over the analysable trials, with the median (and a published value, when the design gives
// one) or, for p-values, alpha marked. One panel per number of referrals for a power curve. A trial
// statistic compares arms and is no arm, so it is drawn in neutral greys (arm-colours.ts). Part of
// charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import { finiteOrNull, type TrialReplicateRow, type TrialStatistic } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { axisTitle, labelMeasure, TRIAL_STATISTIC_LABELS } from './measure-labels.js';
import { distinct, specFrame } from './spec-parts.js';

export interface EffectSizeSpecOptions {
  /** Which column (default partial_eta_squared). */
  readonly statistic?: TrialStatistic;
  /** Only these numbers of referrals (default: all, one panel each). */
  readonly n?: readonly number[];
  /** The trial's alpha, marked on p-value histograms (default 0.05). */
  readonly alpha?: number;
  /** A published value to mark beside the median, e.g. the pilot's partial η² of 0.05. */
  readonly reference?: { readonly value: number; readonly label: string };
  /** The trial's outcome measure, for the unit of the adjusted effect. */
  readonly outcome?: string;
  /** A trial or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

export function buildEffectSizeSpec(rows: readonly TrialReplicateRow[], options: EffectSizeSpecOptions = {}): TopLevelSpec {
  const statistic = options.statistic ?? 'partial_eta_squared';
  const alpha = options.alpha ?? 0.05;
  // 1. Analysable trials with a value, at the chosen numbers of referrals.
  const all = distinct(rows.map((r) => r.n));
  const ns = options.n ?? all;
  const missing = ns.filter((n) => !all.includes(n));
  if (missing.length) throw new ChartError(`effect-sizes: no simulated trials with n = ${missing.join(', ')}; n simulated: ${all.join(', ')}`);
  const values = rows
    .filter((r) => ns.includes(r.n) && r.analysable && Number.isFinite(r[statistic]))
    .map((r) => ({ n: r.n, panel: `n = ${r.n}`, replicate: r.replicate, value: finiteOrNull(r[statistic]) }));
  if (values.length === 0) throw new ChartError(`effect-sizes: no analysable simulated trial has a value of ${statistic}`);
  const panels = distinct(values.map((v) => v.panel));
  const several = panels.length > 1;

  // 2. Words and reference lines.
  const label = TRIAL_STATISTIC_LABELS[statistic];
  const outcome = options.outcome ? labelMeasure(options.outcome) : undefined;
  const xTitle = statistic === 'effect' && outcome ? axisTitle({ label: label.label, unit: outcome.unit }) : label.label;
  const isP = statistic === 'p';
  const bin: { extent?: [number, number]; step?: number; maxbins?: number } = isP ? { extent: [0, 1], step: 0.05 } : { maxbins: 30 };
  const analysable = rows.filter((r) => ns.includes(r.n)).length;
  const marks = isP
    ? `Dashed line: α = ${alpha}; the share of trials left of it is the power.`
    : `Solid line: median of the simulated trials${options.reference ? `; dashed: ${options.reference.label} (${options.reference.value})` : ''}.`;
  const height = options.height ?? (several ? 140 : CHART_THEME.height);
  const histogram = [
    {
      mark: { type: 'bar' as const, color: CHART_THEME.neutral.band, opacity: 0.85 },
      encoding: {
        x: { field: 'value', type: 'quantitative' as const, bin, title: xTitle },
        y: { aggregate: 'count' as const, type: 'quantitative' as const, title: 'Simulated trials' },
        tooltip: [
          { field: 'value', type: 'quantitative' as const, bin, title: label.label, format: '.3~g' },
          { aggregate: 'count' as const, type: 'quantitative' as const, title: 'trials' },
        ],
      },
    },
    ...(isP
      ? [{ mark: { type: 'rule' as const, color: CHART_THEME.neutral.ink, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { x: { datum: alpha, type: 'quantitative' as const } } }]
      : [
          {
            transform: [{ aggregate: [{ op: 'median' as const, field: 'value', as: 'median' }] }],
            mark: { type: 'rule' as const, color: '#222222', strokeWidth: 2 },
            encoding: { x: { field: 'median', type: 'quantitative' as const }, tooltip: [{ field: 'median', type: 'quantitative' as const, title: 'median', format: '.3~g' }] },
          },
          ...(options.reference
            ? [{ mark: { type: 'rule' as const, color: CHART_THEME.neutral.ink, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { x: { datum: options.reference.value, type: 'quantitative' as const } } }]
            : []),
        ]),
  ];
  const frame = specFrame(
    options.title ?? `Over the simulated trials: ${label.label}`,
    [`${values.length} analysable of ${analysable} simulated trials. ${marks}`, ...(options.source ? [options.source] : [])],
    { width: options.width, height },
  );
  if (!several) return { ...frame, data: { values }, layer: histogram };
  return {
    $schema: frame.$schema,
    title: frame.title,
    config: frame.config,
    data: { values },
    facet: { row: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' } } },
    spec: { width: frame.width, height, layer: histogram },
  };
}
