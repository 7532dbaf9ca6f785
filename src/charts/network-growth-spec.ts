// Network growth of one arm over the weeks (tie measures of metrics/user-measures.ts): on top the mean
// network per service user by kind of tie (family, friend, acquaintance add up to network_size, so they
// stack); below, new ties (formed, alive, via the intervention, outside services: not disjoint, so lines)
// and ties lost. Reads summary rows (their mean) or a run's series rows. Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { ReplicateSummaryRow } from '../analysis/replicates.js';
import { finiteOrNull, type SeriesRow } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { describeGroup, distinct, seriesColor, specFrame, weekAxis, wrapText } from './spec-parts.js';

export interface NetworkGrowthSpecOptions {
  /** The arm drawn (default: the first arm in the rows). */
  readonly arm?: string;
  /** Default 'all'. */
  readonly group?: string;
  /** A scenario or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  readonly width?: number;
  /** Height of each of the two panels. */
  readonly height?: number;
}

/** The tie kinds, which partition a user's live ties (their sum is network_size). */
export const TIE_KIND_MEASURES = { family_ties: 'family', friend_ties: 'friend', acquaintance_ties: 'acquaintance' } as const;

/** Where new ties come from and what is lost; via-intervention and outside-services ties are among the new ties. */
export const TIE_FLOW_MEASURES = {
  ties_formed: 'formed (cumulative)',
  new_ties: 'new, alive',
  via_intervention_ties: 'via the intervention',
  outside_services_ties: 'outside services',
  ties_lost: 'lost (cumulative)',
} as const;

/** Every measure the chart can use. */
export const NETWORK_GROWTH_MEASURES = [...Object.keys(TIE_KIND_MEASURES), ...Object.keys(TIE_FLOW_MEASURES)];

export function buildNetworkGrowthSpec(rows: readonly ReplicateSummaryRow[] | readonly SeriesRow[], options: NetworkGrowthSpecOptions = {}): TopLevelSpec {
  const group = options.group ?? 'all';
  const summary = rows.length > 0 && 'mean' in rows[0];
  // 1. Select the arm and group, and the tie measures.
  const inGroup = (rows as ReadonlyArray<ReplicateSummaryRow | SeriesRow>).filter((r) => r.group === group && NETWORK_GROWTH_MEASURES.includes(r.measure));
  const arms = distinct(inGroup.map((r) => r.arm));
  if (arms.length === 0) {
    const groups = distinct((rows as ReadonlyArray<ReplicateSummaryRow | SeriesRow>).filter((r) => NETWORK_GROWTH_MEASURES.includes(r.measure)).map((r) => r.group));
    throw new ChartError(
      `network-growth: no tie measures (${NETWORK_GROWTH_MEASURES.join(', ')}) in group "${group}"` + (groups.length ? `; groups with them: ${groups.join(', ')}` : ''),
    );
  }
  const arm = options.arm ?? arms[0];
  if (!arms.includes(arm)) throw new ChartError(`network-growth: unknown arm "${arm}"; arms in the data: ${arms.join(', ')}`);
  const value = (r: ReplicateSummaryRow | SeriesRow) => finiteOrNull('mean' in r ? r.mean : r.value);
  const mine = inGroup.filter((r) => r.arm === arm).sort((a, b) => a.tick - b.tick || NETWORK_GROWTH_MEASURES.indexOf(a.measure) - NETWORK_GROWTH_MEASURES.indexOf(b.measure));
  const ticks = mine.map((r) => r.tick);
  const x = weekAxis(ticks);

  // 2. The two panels, each only with the measures present.
  const kinds = Object.entries(TIE_KIND_MEASURES).filter(([m]) => mine.some((r) => r.measure === m));
  const flows = Object.entries(TIE_FLOW_MEASURES).filter(([m]) => mine.some((r) => r.measure === m));
  const panel = (names: ReadonlyArray<[string, string]>) =>
    mine
      .filter((r) => names.some(([m]) => m === r.measure))
      .map((r) => ({ tick: r.tick, measure: r.measure, series: names.find(([m]) => m === r.measure)![1], rank: names.findIndex(([m]) => m === r.measure), value: value(r) }));
  const width = options.width ?? CHART_THEME.width;
  const height = options.height ?? 200;
  const yTitle = wrapText(summary ? 'Ties per service user (mean of replicates)' : 'Ties per service user', Math.floor(height / 8));
  const panels = [
    ...(kinds.length
      ? [
          {
            title: { text: 'Network by kind of tie', subtitle: 'stacked: the top line is the network size' },
            width,
            height,
            data: { values: panel(kinds) },
            mark: { type: 'area' as const, line: true, opacity: 0.75 },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative' as const, title: yTitle, stack: 'zero' as const },
              color: seriesColor('series', 'Kind of tie', kinds.map(([, name]) => name)),
              order: { field: 'rank', type: 'quantitative' as const },
              tooltip: [
                { field: 'tick', type: 'quantitative' as const, title: 'week' },
                { field: 'series', type: 'nominal' as const, title: 'kind' },
                { field: 'value', type: 'quantitative' as const, title: 'ties', format: '.3~f' },
              ],
            },
          },
        ]
      : []),
    ...(flows.length
      ? [
          {
            title: { text: 'New and lost ties', subtitle: 'not stacked: ties via the intervention and outside services are among the new ties' },
            width,
            height,
            data: { values: panel(flows) },
            mark: { type: 'line' as const, point: { size: 14 } },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative' as const, title: yTitle },
              color: seriesColor('series', 'New and lost ties', flows.map(([, name]) => name), 'line'),
              tooltip: [
                { field: 'tick', type: 'quantitative' as const, title: 'week' },
                { field: 'series', type: 'nominal' as const, title: 'ties' },
                { field: 'value', type: 'quantitative' as const, title: 'per user', format: '.3~f' },
              ],
            },
          },
        ]
      : []),
  ];
  const frame = specFrame(options.title ?? `Network growth: ${describeGroup(group)}, arm ${arm}`, [
    summary ? 'Means of replicates; ties per service user in the group.' : 'One run; ties per service user in the group.',
    ...(options.source ? [options.source] : []),
  ]);
  return { $schema: frame.$schema, title: frame.title, config: frame.config, vconcat: panels, resolve: { scale: { color: 'independent' } } };
}
