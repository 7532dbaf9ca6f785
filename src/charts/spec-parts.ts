// Pieces shared by the spec builders, so every chart reads the same way: the title block, the arm colour
// scale (one colour per arm, from its place in the scenario: the same in every chart), the key that says
// what lines and bands are, the week axis, y scales (single runs, differences), group names in words, and
// the hover rule that gives line charts their tooltips in the HTML page. Part of charts/; pure, browser-safe.
import type { TopLevelSpec } from 'vega-lite';
import { ChartError } from './chart-error.js';
import { armColours } from './arm-colours.js';
import { CHART_THEME } from './chart-theme.js';

/** Subtitle lines are cut at about this many characters, so a long one does not widen the picture. */
const SUBTITLE_CHARS = 110;

/** What every single-view spec opens with: schema, title and subtitle (lines wrapped), config, size. */
export function specFrame(title: string, subtitle: string | readonly string[] | undefined, size: { width?: number; height?: number } = {}) {
  const lines = subtitle === undefined ? [] : (typeof subtitle === 'string' ? [subtitle] : subtitle).flatMap((line) => wrapText(line, SUBTITLE_CHARS));
  return {
    $schema: CHART_THEME.schema,
    title: lines.length === 0 ? { text: title } : { text: title, subtitle: lines },
    width: size.width ?? CHART_THEME.width,
    height: size.height ?? CHART_THEME.height,
    config: CHART_THEME.config,
  };
}

/**
 * The colour channel of the arms drawn, each in its own colour: the colour of its place among
 * `scenarioArms` (arm-colours.ts), whichever arms are drawn and in whatever order. `legend` 'line' draws
 * the legend's symbols as opaque strokes (line charts, also on their bands' layers: vega-lite merges the
 * layers' legends, and a layer without one would drop it), 'symbol' keeps vega-lite's default.
 */
export function armColor(arms: readonly string[], scenarioArms: readonly string[], legend: 'line' | 'symbol' = 'symbol') {
  return seriesColor('arm', 'Arm', arms, armColours(arms, scenarioArms), legend);
}

/** The colour channel of named series (not arms) with the colours given, in the given order. */
export function seriesColor(field: string, title: string, domain: readonly string[], range: readonly string[], legend: 'line' | 'symbol' = 'symbol') {
  return {
    field,
    type: 'nominal' as const,
    title,
    scale: { domain: [...domain], range: [...range] },
    sort: [...domain],
    ...(legend === 'line' ? { legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } } : {}),
  };
}

/** How an entry of a chart's key is drawn: a solid line, a shaded band or thin dashed lines. */
export type KeyStyle = 'line' | 'shaded' | 'dashed';

/** One entry of a chart's key, e.g. { label: 'shaded: middle 50% of replicates', style: 'shaded' }. */
export interface KeyEntry {
  readonly label: string;
  readonly style: KeyStyle;
}

/** How the key draws each style: dash, line width and opacity (a band is a wide, light stroke). */
const KEY_STYLES: Readonly<Record<KeyStyle, { dash: number[]; width: number; opacity: number }>> = {
  line: { dash: [1, 0], width: 2, opacity: 1 },
  shaded: { dash: [1, 0], width: 10, opacity: 0.3 },
  dashed: { dash: [4, 3], width: 1, opacity: CHART_THEME.edgeOpacity },
};

/** The field a line layer's key entry is computed into. */
const KEY_FIELD = 'line_style';

/**
 * A legend that says what the lines and bands are ("line: mean", "shaded: middle 50% of replicates",
 * "dashed: 90% of replicates"), in grey so that it reads apart from the arms' colours. Each line layer
 * names its entry in a computed field, and that field drives its dash, width and opacity, so vega-lite
 * merges the three channels into one legend; a band's entry is in the scales' domain only (areas take no
 * dash) and shows as a wide light stroke. Returns, for an entry, the transform and encoding of its layer,
 * which must not set those three properties itself.
 */
export function keyChannel(entries: readonly KeyEntry[], title: string) {
  const domain = entries.map((e) => e.label);
  const channel = (range: unknown[]) => ({ field: KEY_FIELD, type: 'nominal' as const, title, sort: domain, scale: { type: 'ordinal' as const, domain, range } });
  const encoding = {
    strokeDash: { ...channel(entries.map((e) => KEY_STYLES[e.style].dash)), legend: { symbolStrokeColor: CHART_THEME.neutral.rule, symbolType: 'stroke', symbolSize: 300 } },
    strokeWidth: channel(entries.map((e) => KEY_STYLES[e.style].width)),
    opacity: channel(entries.map((e) => KEY_STYLES[e.style].opacity)),
  };
  return (label: string) => {
    if (!domain.includes(label)) throw new Error(`keyChannel: no entry "${label}"`);
    return { transform: [{ calculate: JSON.stringify(label), as: KEY_FIELD }], encoding };
  };
}

/** The dash of lines drawn dashed without a key entry of their own (the zero line). */
export const KEY_DASH = KEY_STYLES.dashed.dash;

/**
 * A long title split into lines of at most `max` characters at spaces: vega centres a rotated axis title
 * on the axis, so one longer than the axis would stick out past the plot and push everything apart.
 */
export function wrapText(text: string, max = 40): string | string[] {
  if (text.length <= max) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The x channel of ticks: whole weeks, no fractional tick labels. */
export function weekAxis(ticks: readonly number[]) {
  const lo = Math.min(...ticks);
  const hi = Math.max(...ticks);
  return {
    field: 'tick',
    type: 'quantitative' as const,
    title: 'Week (tick)',
    scale: { domain: [lo, hi === lo ? lo + 1 : hi], nice: false, zero: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
}

/**
 * The y scale of values that need not start at zero. All-equal values (a measure that stays put, two arms
 * that never differ) get a domain around them, since vega cannot place ticks on a zero-width domain.
 */
export function valueScale(values: ReadonlyArray<number | null>): { zero: false; domain?: [number, number] } {
  const finite = finiteOf(values);
  if (finite.length === 0) return { zero: false };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (hi > lo) return { zero: false };
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return { zero: false, domain: [lo - pad, hi + pad] };
}

/** The smallest y range of a single run's chart, as a share of its largest absolute value. */
export const RUN_MIN_SPAN = 0.25;

/**
 * The y scale of a single run, which has no replicates to show how large its week-to-week noise is: a
 * range of at least RUN_MIN_SPAN of the largest value, centred on the values, so that a wobble of a few
 * hundredths is not stretched over the whole plot; never below zero for values that are not (a count that
 * stays at zero: [0, 1]).
 */
export function runValueScale(values: ReadonlyArray<number | null>): { zero: false; domain?: [number, number] } {
  const finite = finiteOf(values);
  if (finite.length === 0) return { zero: false };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  const span = top > 0 ? RUN_MIN_SPAN * top : 1;
  if (hi - lo >= span) return { zero: false };
  let d0 = (lo + hi) / 2 - span / 2;
  let d1 = d0 + span;
  if (lo >= 0 && d0 < 0) [d0, d1] = [0, Math.max(hi, span)];
  return { zero: false, domain: [tidy(d0), tidy(d1)] };
}

/** Room between zero and the nearer edge of a difference chart, as a share of the values' range. */
export const ZERO_MARGIN = 0.1;

/**
 * The y scale of differences, which always shows zero ("no difference") inside the plot, never on its
 * edge where the dashed zero rule would vanish into the axis: the range of the values and zero, widened by
 * ZERO_MARGIN of it on both sides.
 */
export function differenceScale(values: ReadonlyArray<number | null>): { zero: false; domain: [number, number] } {
  const finite = finiteOf(values);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const pad = ZERO_MARGIN * (hi - lo || 1);
  return { zero: false, domain: [tidy(lo - pad), tidy(hi + pad)] };
}

const finiteOf = (values: ReadonlyArray<number | null>) => values.filter((v): v is number => v !== null && Number.isFinite(v));
/** Twelve significant digits: no 3.5000000000000004 in a spec. */
const tidy = (v: number) => Number(v.toPrecision(12));

/** A group's name in words for titles: all, agency-01, fidelity-high. */
export function describeGroup(group: string): string {
  if (group === 'all') return 'all service users';
  const agency = /^agency-(\d+)$/.exec(group);
  if (agency) return `service users of agency ${agency[1]}`;
  const band = /^fidelity-(low|moderate|high)$/.exec(group);
  if (band) return `service users rated ${band[1]} fidelity`;
  return `group ${group}`;
}

/** "95%" from 0.95. */
export function percent(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}

/** Distinct values in first-seen order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/**
 * A vertical rule that follows the pointer to the nearest tick and shows every series' value there as a
 * tooltip (vega-lite's multi-series tooltip pattern: the data are pivoted to one row per tick). Invisible
 * in SVG and PNG output; in the HTML page it is what the reader hovers.
 */
export function hoverRuleLayer(seriesField: string, valueField: string, series: readonly string[], format = '.4~g'): Layer {
  return {
    transform: [{ pivot: seriesField, value: valueField, groupby: ['tick'] }],
    mark: { type: 'rule', color: CHART_THEME.ruleColor },
    encoding: {
      x: { field: 'tick', type: 'quantitative' },
      opacity: { condition: { value: 0.4, param: 'hover', empty: false }, value: 0 },
      tooltip: [
        { field: 'tick', type: 'quantitative', title: 'week' },
        ...series.map((s) => ({ field: fieldRef(s), type: 'quantitative' as const, title: s, format })),
      ],
    },
    params: [{ name: 'hover', select: { type: 'point', fields: ['tick'], nearest: true, on: 'pointerover', clear: 'pointerout' } }],
  };
}

/**
 * A field name as vega-lite reads it: dots, brackets and quotes are escaped so "a.b" is one field, not a
 * path, and a name with a quote in it (an arm called `it's`) is not an unclosed quoted path.
 */
export function fieldRef(name: string): string {
  return name.replace(/([.[\]\\"'])/g, '\\$1');
}

/** Keep one measure and group of the rows, and check the arms asked for are there. */
export function selectRows<R extends { arm: string; group: string; measure: string }>(
  rows: readonly R[],
  measure: string,
  group: string,
  arms: readonly string[] | undefined,
  what: string,
): { rows: R[]; arms: string[] } {
  const kept = rows.filter((r) => r.measure === measure && r.group === group);
  if (kept.length === 0) {
    const here = distinct(rows.filter((r) => r.group === group).map((r) => r.measure));
    const groups = distinct(rows.filter((r) => r.measure === measure).map((r) => r.group));
    throw new ChartError(
      groups.length > 0
        ? `${what}: measure "${measure}" has no values in group "${group}"; groups with values: ${groups.join(', ')}`
        : `${what}: no values of measure "${measure}" in group "${group}"; measures with values there: ${here.join(', ') || '(none)'}`,
    );
  }
  const present = distinct(kept.map((r) => r.arm));
  const chosen = arms ?? present;
  const missing = chosen.filter((a) => !present.includes(a));
  if (missing.length) throw new ChartError(`${what}: unknown arm ${missing.map((a) => `"${a}"`).join(', ')}; arms in the data: ${present.join(', ')}`);
  return { rows: kept.filter((r) => chosen.includes(r.arm)), arms: [...chosen] };
}
