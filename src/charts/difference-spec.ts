// Paired differences between arms over the weeks: arm_a − arm_b within each replicate (the arms share
// their population and draws: common random numbers), the mean difference per week as a line with its
// confidence interval as a band, and a dashed rule at zero that always lies inside the plot, one panel per
// pair on a shared axis. A difference is not an arm, so it is drawn in neutral grey ink, never an arm's
// colour. Reads analysis/replicates.ts's PairedDifferenceRow (differences.csv of `cpi-sim run
// --replicates`). Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { PairedDifferenceRow } from '../analysis/replicates.js';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { axisTitle, labelMeasure, lowerFirst } from './measure-labels.js';
import { describeGroup, differenceScale, distinct, keyChannel, percent, specFrame, weekAxis, wrapText } from './spec-parts.js';

export interface DifferenceSpecOptions {
  readonly measure: string;
  /** Default 'all'. */
  readonly group?: string;
  /** Keep only the pairs that include one of these arms (default: every pair in the rows). */
  readonly arms?: readonly string[];
  /** Level of the intervals in the rows, for the subtitle (default 0.95). */
  readonly level?: number;
  /** A scenario or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/** "high-fidelity − usual-care": the pair's name in the legend. */
const pairName = (r: Pick<PairedDifferenceRow, 'arm_a' | 'arm_b'>) => `${r.arm_a} − ${r.arm_b}`;

export function buildDifferenceSpec(rows: readonly PairedDifferenceRow[], options: DifferenceSpecOptions): TopLevelSpec {
  const group = options.group ?? 'all';
  const level = options.level ?? 0.95;
  // 1. Select and check.
  let kept = rows.filter((r) => r.measure === options.measure && r.group === group);
  if (kept.length === 0) {
    const here = distinct(rows.filter((r) => r.group === group).map((r) => r.measure));
    throw new ChartError(`difference: no paired differences of measure "${options.measure}" in group "${group}"; measures with differences there: ${here.join(', ') || '(none)'}`);
  }
  if (options.arms) {
    const present = distinct(kept.flatMap((r) => [r.arm_a, r.arm_b]));
    const missing = options.arms.filter((a) => !present.includes(a));
    if (missing.length) throw new ChartError(`difference: unknown arm ${missing.map((a) => `"${a}"`).join(', ')}; arms in the differences: ${present.join(', ')}`);
    kept = kept.filter((r) => options.arms!.includes(r.arm_a) || options.arms!.includes(r.arm_b));
  }
  const pairs = distinct(kept.map(pairName));
  const label = labelMeasure(options.measure);

  // 2. Data.
  const values = kept
    .map((r) => ({ pair: pairName(r), tick: r.tick, n: r.n, mean_diff: finiteOrNull(r.mean_diff), ci_low: finiteOrNull(r.ci_low), ci_high: finiteOrNull(r.ci_high), cohens_d: finiteOrNull(r.cohens_d) }))
    .sort((a, b) => pairs.indexOf(a.pair) - pairs.indexOf(b.pair) || a.tick - b.tick);
  const replicates = Math.max(...kept.map((r) => r.n));

  // 3. Layers: the zero rule, the band, the line, the hover rule; one panel per pair when there are several.
  const x = weekAxis(values.map((v) => v.tick));
  const several = pairs.length > 1;
  const height = options.height ?? (several ? Math.max(120, Math.round(CHART_THEME.height / Math.min(pairs.length, 3)) + 20) : CHART_THEME.height);
  // Short panels take a short axis title; the chart's title names the measure.
  const yTitle = several ? (label.unit ? `Difference (${label.unit})` : 'Difference') : wrapText(axisTitle(label, 'Difference in'), Math.floor(height / 8));
  const scale = differenceScale(values.flatMap((v) => [v.mean_diff, v.ci_low, v.ci_high]));
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: yTitle, scale });
  const entries = {
    line: { label: 'line: mean paired difference', style: 'line' },
    band: { label: `shaded: ${percent(level)} confidence interval`, style: 'shaded' },
    zero: { label: 'dashed: no difference (0)', style: 'dashed' },
  } as const;
  const key = keyChannel(Object.values(entries), several ? 'Lines and bands' : pairs[0]);
  const ink = CHART_THEME.neutral.ink;
  const layer = [
    { transform: key(entries.zero.label).transform, mark: { type: 'rule' as const, color: CHART_THEME.ruleColor }, encoding: { y: { datum: 0, type: 'quantitative' as const, scale }, ...key(entries.zero.label).encoding } },
    { mark: { type: 'area' as const, color: CHART_THEME.neutral.band, opacity: CHART_THEME.soloBandOpacity }, encoding: { x, y: y('ci_low'), y2: { field: 'ci_high' } } },
    { transform: key(entries.line.label).transform, mark: { type: 'line' as const, color: ink }, encoding: { x, y: y('mean_diff'), ...key(entries.line.label).encoding } },
    // A rule that follows the pointer to the nearest week and gives its numbers as a tooltip (HTML only).
    {
      mark: { type: 'rule' as const, color: CHART_THEME.ruleColor },
      encoding: {
        x: { field: 'tick', type: 'quantitative' as const },
        opacity: { condition: { value: 0.4, param: 'hover', empty: false }, value: 0 },
        tooltip: [
          { field: 'pair', type: 'nominal' as const, title: 'arms' },
          { field: 'tick', type: 'quantitative' as const, title: 'week' },
          { field: 'mean_diff', type: 'quantitative' as const, title: 'mean difference', format: '.4~g' },
          { field: 'ci_low', type: 'quantitative' as const, title: 'CI low', format: '.4~g' },
          { field: 'ci_high', type: 'quantitative' as const, title: 'CI high', format: '.4~g' },
        ],
      },
      params: [{ name: 'hover', select: { type: 'point' as const, fields: ['tick'], nearest: true, on: 'pointerover', clear: 'pointerout' } }],
    },
  ];
  const subtitle = [
    `Mean paired difference over ${replicates} replicates (same population and draws in both arms); shaded: ${percent(level)} confidence interval; dashed: zero, no difference.`,
    ...(several ? ['One panel per pair of arms, on the same scale.'] : []),
    ...(options.source ? [options.source] : []),
  ];
  const title = options.title ?? `Difference between arms in ${lowerFirst(label.label)}: ${describeGroup(group)}`;
  const frame = specFrame(title, subtitle, { width: options.width, height });
  if (!several) return { ...frame, data: { values }, layer };
  return {
    $schema: frame.$schema,
    title: frame.title,
    config: frame.config,
    data: { values },
    facet: { row: { field: 'pair', type: 'nominal', title: null, sort: pairs, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelPadding: 4 } } },
    spec: { width: frame.width, height, layer },
  };
}
