// The cost-effectiveness acceptability curve of a comparative virtual trial (the trial-acceptability.csv of
// `cpi-sim trial`): the probability that CPI is cost-effective against willingness to pay λ per unit of the
// primary outcome, i.e. the share of simulated trials whose net benefit λ·ΔE − ΔC is above 0 (van Hout et al.
// 1994, Health Economics 3(5); Fenwick et al. 2001, Health Economics 10(8)). One line per trial size; a trial's
// sizes are ordered levels, not arms, so several take the grey scheme of levels (arm-colours.ts) and one is
// drawn in neutral ink, as the power curve is. Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import { LEVEL_SCHEME } from './arm-colours.js';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { specFrame } from './spec-parts.js';
import { moneyText } from '../output/report-text.js';

/** One size's curve: λ and the probability there (trial-acceptability.csv, one size's rows). */
export interface AcceptabilityCurve {
  /** The size along the trial's varied dimension (participants, teams, organisations). */
  readonly n: number;
  /** How the size is named in the legend, e.g. "108 participants" (default: n). */
  readonly label?: string;
  readonly points: ReadonlyArray<{ readonly willingnessToPay: number; readonly probability: number }>;
}

export interface AcceptabilitySpecOptions {
  /** ISO currency code of the costs (default GBP). */
  readonly currency?: string;
  /** Price year of the unit costs, for the subtitle. */
  readonly priceYear?: number;
  /** The primary outcome, whose change is the effect (default rg_total). */
  readonly measure?: string;
  /** Simulated trials per size, for the subtitle. */
  readonly replicates?: number;
  /** The legend's title when several sizes are drawn, e.g. "Participants randomised". */
  readonly sizeTitle?: string;
  /** The incremental cost-effectiveness ratio, marked when one curve is drawn and it is finite and positive. */
  readonly icer?: number;
  /** A trial or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Point shapes of the sizes, in order (as factor-lines-spec.ts gives a factor's levels). */
const SIZE_SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'circle', 'square'];
/** The sizes one chart can tell apart by grey and shape. */
export const MAX_ACCEPTABILITY_CURVES = SIZE_SHAPES.length;

export function buildAcceptabilitySpec(curves: readonly AcceptabilityCurve[], options: AcceptabilitySpecOptions = {}): TopLevelSpec {
  // 1. Data: one row per size and λ, sizes ascending.
  if (curves.length === 0 || curves.every((c) => c.points.length === 0)) throw new ChartError('acceptability: no points to draw');
  if (curves.length > MAX_ACCEPTABILITY_CURVES)
    throw new ChartError(`acceptability: ${curves.length} sizes are more than one chart can tell apart (at most ${MAX_ACCEPTABILITY_CURVES}); choose the sizes to draw`);
  const currency = options.currency ?? 'GBP';
  const measure = options.measure ?? 'rg_total';
  const sorted = [...curves].sort((a, b) => a.n - b.n);
  const labels = sorted.map((c) => c.label ?? String(c.n));
  const values = sorted.flatMap((c, i) =>
    [...c.points]
      .sort((a, b) => a.willingnessToPay - b.willingnessToPay)
      .map((p) => ({ n: c.n, size: labels[i], willingness_to_pay: p.willingnessToPay, probability: finiteOrNull(p.probability) })),
  );
  const top = Math.max(...values.map((v) => v.willingness_to_pay));

  // 2. Channels: λ across (in the currency), probability up (0–1); one line, or a grey and a shape per size.
  const several = sorted.length > 1;
  const x = {
    field: 'willingness_to_pay',
    type: 'quantitative' as const,
    title: `Willingness to pay (${currency} per point of ${measure})`,
    scale: { domain: [0, top > 0 ? top : 1], nice: false },
    axis: { format: top >= 100 ? ',.0f' : '.3~g' },
  };
  const y = { field: 'probability', type: 'quantitative' as const, title: 'Probability CPI is cost-effective', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const color = several
    ? {
        color: {
          field: 'size',
          type: 'ordinal' as const,
          title: options.sizeTitle ?? 'Trial size',
          sort: labels,
          scale: { domain: labels, scheme: { ...LEVEL_SCHEME, extent: [...LEVEL_SCHEME.extent] } },
          legend: { symbolOpacity: 1 },
        },
      }
    : {};
  const shape = several ? { shape: { field: 'size', type: 'nominal' as const, title: options.sizeTitle ?? 'Trial size', sort: labels, scale: { domain: labels, range: SIZE_SHAPES.slice(0, labels.length) } } } : {};
  const ink = several ? {} : { color: CHART_THEME.neutral.ink };
  // Reference marks take one datum of their own: on the chart's data they would be drawn once per row, and a
  // label drawn 31 times over itself looks smudged and bold.
  const one = { data: { values: [{}] } };
  const half = [
    { ...one, mark: { type: 'rule' as const, color: CHART_THEME.ruleColor, strokeDash: [6, 4] }, encoding: { y: { datum: 0.5, type: 'quantitative' as const } } },
    {
      ...one,
      mark: { type: 'text' as const, align: 'right' as const, baseline: 'bottom' as const, dx: -4, dy: -3, color: CHART_THEME.ruleColor, fontSize: 11 },
      encoding: { x: { value: options.width ?? CHART_THEME.width }, y: { datum: 0.5, type: 'quantitative' as const }, text: { value: '50%: as likely as not' } },
    },
  ];
  const icer = !several && options.icer !== undefined && Number.isFinite(options.icer) && options.icer > 0 && options.icer <= top ? options.icer : undefined;
  const icerLayers =
    icer === undefined
      ? []
      : [
          { ...one, mark: { type: 'rule' as const, color: CHART_THEME.neutral.ink, strokeDash: [2, 3] }, encoding: { x: { datum: icer, type: 'quantitative' as const } } },
          {
            ...one,
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'bottom' as const, dx: 4, dy: -4, color: CHART_THEME.neutral.ink, fontSize: 11 },
            encoding: { x: { datum: icer, type: 'quantitative' as const }, y: { value: options.height ?? CHART_THEME.height }, text: { value: `ICER ${moneyText(icer, currency)}` } },
          },
        ];

  // 3. Words.
  const per = several ? 'per size' : `of ${labels[0]}`;
  const subtitle = [
    `${options.replicates !== undefined ? `${options.replicates} simulated trials ${per}; ` : ''}probability: the share of simulated trials whose net benefit λ·ΔE − ΔC is above 0.`,
    `ΔC: extra cost per participant${options.priceYear !== undefined ? ` (${currency}, ${options.priceYear} prices)` : ` (${currency})`}; ΔE: extra change in ${measure} from baseline to follow-up.`,
    ...(options.source ? [options.source] : []),
  ];
  return {
    ...specFrame(options.title ?? 'Probability that CPI is cost-effective, by willingness to pay', subtitle, options),
    data: { values },
    layer: [
      ...half,
      ...icerLayers,
      {
        mark: { type: 'line', ...ink, point: several ? false : { filled: true, size: 30, color: CHART_THEME.neutral.ink } },
        encoding: { x, y, ...color },
      },
      ...(several ? [{ mark: { type: 'point' as const, filled: true, size: 40, opacity: 1 }, encoding: { x, y, ...color, ...shape } }] : []),
      {
        mark: { type: 'point', opacity: 0, size: 120 },
        encoding: {
          x,
          y,
          tooltip: [
            ...(several ? [{ field: 'size', type: 'nominal' as const, title: options.sizeTitle ?? 'size' }] : []),
            { field: 'willingness_to_pay', type: 'quantitative' as const, title: `λ (${currency} per point)`, format: ',.0f' },
            { field: 'probability', type: 'quantitative' as const, title: 'probability cost-effective', format: '.1%' },
          ],
        },
      },
    ],
  };
}
