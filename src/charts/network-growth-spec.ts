// Network growth of one arm over the weeks (tie measures of metrics/user-measures.ts): on top the mean
// network per service user by kind of tie (family, friend, acquaintance add up to network_size, so they
// stack); below, new ties (formed, alive, via the intervention, outside services: not disjoint, so lines)
// and ties lost. Everything is drawn in shades of the arm's own colour (arm-colours.ts), lost ties in grey,
// so no series borrows another arm's colour. Reads summary rows (their mean) or a run's series rows. Part
// of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { ReplicateSummaryRow } from '../analysis/replicates.js';
import { finiteOrNull, type SeriesRow } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { armColour, shade, tint } from './arm-colours.js';
import { describeGroup, distinct, seriesColor, specFrame, weekAxis, wrapText } from './spec-parts.js';

export interface NetworkGrowthSpecOptions {
  /** The arm drawn (default: the first arm in the rows). */
  readonly arm?: string;
  /** The scenario's arms in its order, which gives the arm its colour (default: the arms in the rows). */
  readonly scenarioArms?: readonly string[];
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

/** How each series is drawn, in shades of the arm's colour: [amount of black (−) or white (+), dash]. */
const KIND_STYLE: Readonly<Record<keyof typeof TIE_KIND_MEASURES, number>> = { family_ties: -0.3, friend_ties: 0.2, acquaintance_ties: 0.6 };
const FLOW_STYLE: Readonly<Record<keyof typeof TIE_FLOW_MEASURES, readonly [number, readonly number[]] | 'grey'>> = {
  ties_formed: [-0.45, [1, 0]],
  new_ties: [0, [1, 0]],
  via_intervention_ties: [0, [7, 3]],
  outside_services_ties: [0.3, [2, 2]],
  ties_lost: 'grey',
};
const mix = (colour: string, amount: number) => (amount < 0 ? shade(colour, -amount) : tint(colour, amount));

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
  const colour = armColour(arm, options.scenarioArms ?? arms);
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
  const flowNames = flows.map(([, name]) => name);
  const flowStyles = flows.map(([m]) => FLOW_STYLE[m as keyof typeof FLOW_STYLE]);
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
              color: seriesColor(
                'series',
                'Kind of tie',
                kinds.map(([, name]) => name),
                kinds.map(([m]) => mix(colour, KIND_STYLE[m as keyof typeof KIND_STYLE])),
              ),
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
              color: seriesColor('series', 'New and lost ties', flowNames, flowStyles.map((f) => (f === 'grey' ? CHART_THEME.neutral.band : mix(colour, f[0]))), 'line'),
              strokeDash: { field: 'series', type: 'nominal' as const, title: 'New and lost ties', sort: flowNames, scale: { domain: flowNames, range: flowStyles.map((f) => (f === 'grey' ? [1, 0] : [...f[1]])) } },
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
  return { $schema: frame.$schema, title: frame.title, config: frame.config, vconcat: panels, resolve: { scale: { color: 'independent', strokeDash: 'independent' } } };
}
