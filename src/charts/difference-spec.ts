// Paired differences between arms over the weeks: arm_a − arm_b within each replicate (the arms share
// their population and draws: common random numbers), the mean difference per week as a line with its
// confidence interval as a band, and a rule at zero, one colour per pair. Reads analysis/replicates.ts's
// PairedDifferenceRow (differences.csv of `cpi-sim run --replicates`). Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { PairedDifferenceRow } from '../analysis/replicates.js';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { axisTitle, labelMeasure, lowerFirst } from './measure-labels.js';
import { describeGroup, distinct, hoverRuleLayer, percent, seriesColor, specFrame, valueScale, weekAxis, wrapText } from './spec-parts.js';

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

  // 3. Layers: the zero rule, the bands, the lines, the hover rule.
  const x = weekAxis(values.map((v) => v.tick));
  const color = seriesColor('pair', 'Arms compared', pairs, 'line');
  const yTitle = wrapText(axisTitle(label, 'Difference in'), Math.floor((options.height ?? CHART_THEME.height) / 8));
  const scale = valueScale([0, ...values.flatMap((v) => [v.mean_diff, v.ci_low, v.ci_high])]);
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: yTitle, scale });
  const subtitle = [
    `Mean paired difference over ${replicates} replicates (same population and draws in both arms); band: ${percent(level)} confidence interval.`,
    ...(options.source ? [options.source] : []),
  ];
  return {
    ...specFrame(options.title ?? `Difference between arms in ${lowerFirst(label.label)}: ${describeGroup(group)}`, subtitle, options),
    data: { values },
    layer: [
      { mark: { type: 'rule', color: CHART_THEME.ruleColor, strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'area', opacity: CHART_THEME.ciBandOpacity }, encoding: { x, y: y('ci_low'), y2: { field: 'ci_high' }, color } },
      { mark: { type: 'line' }, encoding: { x, y: y('mean_diff'), color } },
      hoverRuleLayer('pair', 'mean_diff', pairs),
    ],
  };
}
