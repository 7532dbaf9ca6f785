// Charts of each barrier's effect on an outcome (rows from barrier-effects.ts): a tornado chart (one bar
// per barrier factor: the change in the outcome from its lowest to its highest level, with its confidence
// interval, largest effects on top) or dose-response curves (the outcome against the barrier factor's
// level with a confidence band; one panel per factor when there are several). Arms are colours. Part of
// charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import { finiteOrNull } from './chart-data.js';
import { CHART_THEME } from './chart-theme.js';
import type { BarrierEffects } from './barrier-effects.js';
import { axisTitle, labelMeasure, lowerFirst } from './measure-labels.js';
import { armColor, describeGroup, keyChannel, percent, specFrame, wrapText } from './spec-parts.js';

export interface BarrierEffectSpecOptions {
  /** A sweep or folder name for the subtitle. */
  readonly source?: string;
  /** The scenario's arms in its order, which gives each arm its colour (default: the arms of the effects). */
  readonly scenarioArms?: readonly string[];
  readonly title?: string;
  /** Plot width (of each panel, for several dose-response factors). */
  readonly width?: number;
  readonly height?: number;
}

const fmt = '.4~g';

export function buildBarrierEffectSpec(effects: BarrierEffects, options: BarrierEffectSpecOptions = {}): TopLevelSpec {
  return effects.kind === 'tornado' ? tornado(effects, options) : doseResponse(effects, options);
}

function tornado(effects: Extract<BarrierEffects, { kind: 'tornado' }>, options: BarrierEffectSpecOptions): TopLevelSpec {
  const label = labelMeasure(effects.measure);
  // 1. Rows labelled with their range, largest absolute change (over arms) first.
  const size = new Map<string, number>();
  for (const r of effects.rows) size.set(r.factor, Math.max(size.get(r.factor) ?? 0, Math.abs(r.change)));
  const rowLabel = (r: (typeof effects.rows)[number]) => `${r.barrier}: ${r.low_level} → ${r.high_level}`;
  const order = [...new Set(effects.rows.map((r) => r.factor))].sort((a, b) => size.get(b)! - size.get(a)! || a.localeCompare(b));
  const labels = order.map((f) => rowLabel(effects.rows.find((r) => r.factor === f)!));
  const values = effects.rows
    .map((r) => ({
      row: rowLabel(r),
      factor: r.factor,
      arm: r.arm,
      low_level: r.low_level,
      high_level: r.high_level,
      n_low: r.n_low,
      n_high: r.n_high,
      low_mean: finiteOrNull(r.low_mean),
      high_mean: finiteOrNull(r.high_mean),
      change: finiteOrNull(r.change),
      ci_low: finiteOrNull(r.ci_low),
      ci_high: finiteOrNull(r.ci_high),
    }))
    .sort((a, b) => order.indexOf(a.factor) - order.indexOf(b.factor) || effects.arms.indexOf(a.arm) - effects.arms.indexOf(b.arm));
  const arms = effects.arms.filter((a) => values.some((v) => v.arm === a));
  const several = arms.length > 1;
  // 2. Encodings shared by the bars and the interval rules.
  const y = { field: 'row', type: 'nominal' as const, sort: labels, title: null, axis: { labelLimit: 320 } };
  const yOffset = several ? { yOffset: { field: 'arm', type: 'nominal' as const, sort: arms } } : {};
  const color = armColor(arms, options.scenarioArms ?? effects.arms);
  const xTitle = wrapText(axisTitle(label, 'Change in'), 70);
  const subtitle = [
    `Change in the mean from each barrier factor's lowest to its highest level, averaged over the other factors and replicates; lines: ${percent(effects.level)} confidence interval (Welch).`,
    ...(effects.factors.some((f) => f.binned) ? ['Factors with many values are cut into quintiles: lowest against highest fifth.'] : []),
    ...(options.source ? [options.source] : []),
  ];
  return {
    ...specFrame(options.title ?? `Barrier effects on ${lowerFirst(label.label)}: ${describeGroup(effects.group)}`, subtitle, {
      width: options.width ?? CHART_THEME.width,
      height: options.height ?? Math.max(120, labels.length * (several ? 14 * arms.length + 12 : 28)),
    }),
    data: { values },
    layer: [
      { mark: { type: 'rule', color: CHART_THEME.ruleColor }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'bar', height: { band: 0.8 } },
        encoding: {
          y,
          ...yOffset,
          x: { field: 'change', type: 'quantitative', title: xTitle },
          color,
          tooltip: [
            { field: 'row', type: 'nominal', title: 'barrier' },
            { field: 'arm', type: 'nominal', title: 'arm' },
            { field: 'low_mean', type: 'quantitative', title: 'mean at lowest level', format: fmt },
            { field: 'high_mean', type: 'quantitative', title: 'mean at highest level', format: fmt },
            { field: 'change', type: 'quantitative', title: 'change', format: fmt },
            { field: 'ci_low', type: 'quantitative', title: 'CI low', format: fmt },
            { field: 'ci_high', type: 'quantitative', title: 'CI high', format: fmt },
            { field: 'n_low', type: 'quantitative', title: 'runs at lowest' },
            { field: 'n_high', type: 'quantitative', title: 'runs at highest' },
          ],
        },
      },
      {
        transform: [{ filter: 'isValid(datum.ci_low) && isValid(datum.ci_high)' }],
        mark: { type: 'rule', color: '#222222', strokeWidth: 1.5 },
        encoding: { y, ...yOffset, x: { field: 'ci_low', type: 'quantitative' }, x2: { field: 'ci_high' } },
      },
    ],
  };
}

function doseResponse(effects: Extract<BarrierEffects, { kind: 'dose-response' }>, options: BarrierEffectSpecOptions): TopLevelSpec {
  const label = labelMeasure(effects.measure);
  const arms = effects.arms.filter((a) => effects.rows.some((r) => r.arm === a));
  const factorTitle = (f: BarrierEffects['factors'][number]) => `${f.label}${f.unit ? ` (${f.unit === 'yes/no' ? '0 = off, 1 = on' : f.unit})` : ''}`;
  const titles = new Map(effects.factors.map((f) => [f.path, factorTitle(f)]));
  const values = effects.rows.map((r) => ({
    factor: r.factor,
    panel: titles.get(r.factor) ?? r.barrier,
    arm: r.arm,
    level: r.level,
    level_label: r.level_label,
    n: r.n,
    mean: finiteOrNull(r.mean),
    ci_low: finiteOrNull(r.ci_low),
    ci_high: finiteOrNull(r.ci_high),
  }));
  const single = effects.factors.length === 1;
  const color = armColor(arms, options.scenarioArms ?? effects.arms, 'line');
  const entries = [
    { label: 'line: mean over runs', style: 'line' },
    { label: `shaded: ${percent(effects.level)} confidence interval`, style: 'shaded' },
  ] as const;
  const key = keyChannel(entries, 'Lines and bands');
  const height = options.height ?? (single ? CHART_THEME.height : 200);
  const yTitle = wrapText(axisTitle(label), Math.floor(height / 8));
  const x = { field: 'level', type: 'quantitative' as const, title: single ? wrapText(titles.get(effects.factors[0].path)!, 70) : 'Level of the barrier factor', scale: { zero: false, nice: false } };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: yTitle, scale: { zero: false } });
  const layer = [
    { mark: { type: 'area' as const, opacity: arms.length > 1 ? CHART_THEME.bandOpacity : CHART_THEME.soloBandOpacity }, encoding: { x, y: y('ci_low'), y2: { field: 'ci_high' }, color } },
    { transform: key(entries[0].label).transform, mark: { type: 'line' as const, point: { size: 40, filled: true } }, encoding: { x, y: y('mean'), color, ...key(entries[0].label).encoding } },
    {
      mark: { type: 'point' as const, opacity: 0, size: 120 },
      encoding: {
        x,
        y: y('mean'),
        tooltip: [
          { field: 'arm', type: 'nominal' as const, title: 'arm' },
          { field: 'level_label', type: 'nominal' as const, title: 'level' },
          { field: 'mean', type: 'quantitative' as const, title: 'mean', format: fmt },
          { field: 'ci_low', type: 'quantitative' as const, title: 'CI low', format: fmt },
          { field: 'ci_high', type: 'quantitative' as const, title: 'CI high', format: fmt },
          { field: 'n', type: 'quantitative' as const, title: 'runs' },
        ],
      },
    },
  ];
  const subtitle = [
    `Mean over runs at each level (other factors and replicates averaged); shaded: ${percent(effects.level)} confidence interval.`,
    ...(effects.factors.some((f) => f.binned) ? ['Factors with many values are cut into quintiles; points sit at each fifth\'s mean value.'] : []),
    ...(options.source ? [options.source] : []),
  ];
  const title = options.title ?? `Dose-response of ${lowerFirst(label.label)} to barriers: ${describeGroup(effects.group)}`;
  if (single) return { ...specFrame(title, subtitle, { width: options.width, height }), data: { values }, layer };
  const frame = specFrame(title, subtitle);
  return {
    $schema: frame.$schema,
    title: frame.title,
    config: frame.config,
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: effects.factors.map((f) => titles.get(f.path)!), header: { labelFontWeight: 'bold', labelLimit: 340 } },
    columns: 2,
    spec: { width: options.width ?? 300, height, layer },
    resolve: { scale: { x: 'independent' } },
  };
}
