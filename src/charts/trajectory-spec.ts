// Outcome trajectories: one line per arm over the weeks, with uncertainty bands when the rows summarise
// replicates (analysis/replicates.ts: the 50% band of the replicate values shaded and the 90% band as
// dashed edges, or the t interval of the mean shaded; a key says which), or a plain line per arm for a
// single run's series.csv rows. Part of charts/; pure: rows in, a vega-lite spec out, data inlined.
import type { TopLevelSpec } from 'vega-lite';
import type { ReplicateSummaryRow } from '../analysis/replicates.js';
import { finiteOrNull, type SeriesRow } from './chart-data.js';
import { CHART_THEME } from './chart-theme.js';
import { axisTitle, labelMeasure } from './measure-labels.js';
import { armColor, describeGroup, distinct, hoverRuleLayer, keyChannel, percent, runValueScale, selectRows, specFrame, valueScale, weekAxis, wrapText, type KeyEntry } from './spec-parts.js';

/** quantiles: 50% (q25–q75) and 90% (q05–q95) bands of the replicates; ci: the interval of the mean. */
export type TrajectoryBand = 'quantiles' | 'ci' | 'none';

export interface TrajectorySpecOptions {
  readonly measure: string;
  /** Default 'all'. */
  readonly group?: string;
  /** Arms to draw, in this order (default: every arm in the rows, first seen first). */
  readonly arms?: readonly string[];
  /** The scenario's arms in its order, which gives each arm its colour (default: the arms in the rows). */
  readonly scenarioArms?: readonly string[];
  /** Band of summary rows (default 'quantiles'); series rows have none. */
  readonly band?: TrajectoryBand;
  /** Level of the mean's interval in the rows, for the subtitle (default 0.95). */
  readonly level?: number;
  /** A scenario or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

const isSummary = (rows: readonly (ReplicateSummaryRow | SeriesRow)[]): rows is readonly ReplicateSummaryRow[] => rows.length > 0 && 'mean' in rows[0];

export function buildTrajectorySpec(rows: readonly ReplicateSummaryRow[] | readonly SeriesRow[], options: TrajectorySpecOptions): TopLevelSpec {
  const group = options.group ?? 'all';
  const summary = isSummary(rows);
  // 1. Select and check.
  const picked = summary
    ? selectRows(rows as readonly ReplicateSummaryRow[], options.measure, group, options.arms, 'trajectory')
    : selectRows(rows as readonly SeriesRow[], options.measure, group, options.arms, 'trajectory');
  const arms = picked.arms;
  const band: TrajectoryBand = summary ? (options.band ?? 'quantiles') : 'none';
  const label = labelMeasure(options.measure);
  const level = options.level ?? 0.95;

  // 2. The data, only the columns drawn, in arm then tick order.
  const order = (a: { arm: string; tick: number }, b: { arm: string; tick: number }) => arms.indexOf(a.arm) - arms.indexOf(b.arm) || a.tick - b.tick;
  const values = summary
    ? (picked.rows as ReplicateSummaryRow[]).sort(order).map((r) => ({
        arm: r.arm,
        tick: r.tick,
        n: r.n,
        mean: finiteOrNull(r.mean),
        ci_low: finiteOrNull(r.ci_low),
        ci_high: finiteOrNull(r.ci_high),
        q05: finiteOrNull(r.q05),
        q25: finiteOrNull(r.q25),
        q75: finiteOrNull(r.q75),
        q95: finiteOrNull(r.q95),
      }))
    : (picked.rows as SeriesRow[]).sort(order).map((r) => ({ arm: r.arm, tick: r.tick, mean: finiteOrNull(r.value) }));
  const ticks = values.map((v) => v.tick);

  // 3. Words.
  const replicates = summary ? Math.max(...(picked.rows as ReplicateSummaryRow[]).map((r) => r.n)) : 1;
  const what = summary ? `Mean of ${replicates} replicates per arm` : 'One run, one line per arm (no replicates: the axis is not zoomed in on week-to-week noise)';
  const bandText =
    band === 'quantiles'
      ? '; shaded: the middle 50% of replicates (q25–q75); dashed: 90% of replicates (q05–q95)'
      : band === 'ci'
        ? `; shaded: ${percent(level)} confidence interval of the mean`
        : '';
  const subtitle = [`${what}${bandText}.`, ...(options.source ? [options.source] : [])];
  const title = options.title ?? `${label.label}: ${describeGroup(group)}`;

  // 4. Layers: bands under the lines, then the hover rule. Only one band per arm is shaded, so where the
  // arms agree their bands overlap lightly instead of mixing into one colour.
  const x = weekAxis(ticks);
  const color = armColor(arms, options.scenarioArms ?? distinct(rows.map((r) => r.arm)), 'line');
  const yTitle = wrapText(axisTitle(label), Math.floor((options.height ?? CHART_THEME.height) / 8));
  const scale = summary
    ? valueScale((picked.rows as ReplicateSummaryRow[]).flatMap((r) => [r.mean, r.q05, r.q95, r.ci_low, r.ci_high]))
    : runValueScale((picked.rows as SeriesRow[]).map((r) => r.value));
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: yTitle, scale });
  const entries: KeyEntry[] =
    band === 'quantiles'
      ? [
          { label: `line: mean of ${replicates} replicates`, style: 'line' },
          { label: 'shaded: middle 50% of replicates', style: 'shaded' },
          { label: 'dashed: 90% of replicates', style: 'dashed' },
        ]
      : band === 'ci'
        ? [
            { label: `line: mean of ${replicates} replicates`, style: 'line' },
            { label: `shaded: ${percent(level)} interval of the mean`, style: 'shaded' },
          ]
        : [];
  const key = entries.length ? keyChannel(entries, 'Lines and bands') : undefined;
  const keyed = (style: KeyEntry['style']) => (key ? key(entries.find((e) => e.style === style)!.label) : { transform: undefined, encoding: {} });
  const shaded = (lo: string, hi: string) => ({
    mark: { type: 'area' as const, opacity: arms.length > 1 ? CHART_THEME.bandOpacity : CHART_THEME.soloBandOpacity },
    encoding: { x, y: y(lo), y2: { field: hi }, color },
  });
  const edge = (field: string) => ({
    transform: keyed('dashed').transform,
    mark: { type: 'line' as const },
    encoding: { x, y: y(field), color, ...keyed('dashed').encoding },
  });
  const bands = band === 'quantiles' ? [shaded('q25', 'q75'), edge('q05'), edge('q95')] : band === 'ci' ? [shaded('ci_low', 'ci_high')] : [];
  return {
    ...specFrame(title, subtitle, options),
    data: { values },
    layer: [...bands, { ...(key ? { transform: keyed('line').transform } : {}), mark: { type: 'line' }, encoding: { x, y: y('mean'), color, ...keyed('line').encoding } }, hoverRuleLayer('arm', 'mean', arms)],
  };
}
