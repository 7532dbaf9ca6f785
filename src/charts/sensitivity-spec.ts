// Charts of a sweep's sensitivity indices (analysis/sweep-sensitivity.ts's SensitivityRow, the
// sensitivity.csv of `cpi-sim analyze sensitivity`): for a Morris design the μ*–σ plane (Campolongo et
// al. 2007), one labelled point per factor with the bootstrap interval of μ*, and the line σ = μ*; for a
// Sobol' design the first- and total-order indices (Saltelli 2010) as bars with bootstrap intervals. One
// arm and measure per chart. Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { SensitivityRow } from '../analysis/sweep-sensitivity.js';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { labelFactor } from './factor-labels.js';
import { labelMeasure, lowerFirst } from './measure-labels.js';
import { distinct, seriesColor, specFrame, wrapText } from './spec-parts.js';

export interface SensitivitySpecOptions {
  /** The measure (default: the first in the rows). */
  readonly measure?: string;
  /** The arm (default: the first in the rows). */
  readonly arm?: string;
  /** A sweep or folder name for the subtitle. */
  readonly source?: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

const fmt = '.4~g';

export function buildSensitivitySpec(rows: readonly SensitivityRow[], options: SensitivitySpecOptions = {}): TopLevelSpec {
  // 1. One arm and measure.
  if (rows.length === 0) throw new ChartError('sensitivity: no sensitivity indices to draw');
  const measures = distinct(rows.map((r) => r.measure));
  const measure = options.measure ?? measures[0];
  if (!measures.includes(measure)) throw new ChartError(`sensitivity: no indices of measure "${measure}"; measures with indices: ${measures.join(', ')}`);
  const arms = distinct(rows.filter((r) => r.measure === measure).map((r) => r.arm));
  const arm = options.arm ?? arms[0];
  if (!arms.includes(arm)) throw new ChartError(`sensitivity: no indices for arm "${arm}"; arms with indices of ${measure}: ${arms.join(', ')}`);
  const mine = rows.filter((r) => r.measure === measure && r.arm === arm);
  const label = labelMeasure(measure);
  const unit = label.unit ? `, ${label.unit}` : '';
  const source = options.source ? [options.source] : [];
  return mine[0].method === 'morris' ? morris(mine, label.label, unit, arm, source, options) : sobol(mine, label.label, arm, source, options);
}

const LABEL_SIZE = 11;
/** DejaVu Sans averages a little under 0.6 em per character; the builders run without font files. */
const LABEL_CHAR = 0.6 * LABEL_SIZE;

/**
 * Where each point's label goes, in data units: just above and right of the point (left of it when it would
 * stick out far past the plot), or else the nearest free place a line up or down, with a leader line
 * back to the point, so that no label lies on one placed before it (points from the top of the plot
 * down). Close factors are common in Morris screening, and labels on top of each other are unreadable.
 */
function placeLabels<P extends { label: string; mu_star: number | null; sigma: number | null }>(
  points: readonly P[],
  domainMax: number,
  width: number,
  height: number,
): Array<P & { label_x: number | null; label_y: number | null; moved: boolean }> {
  const px = (v: number) => (v / domainMax) * width;
  const py = (v: number) => height - (v / domainMax) * height;
  const boxes: Array<{ x0: number; x1: number; y0: number; y1: number }> = [];
  const placed = new Map<P, { label_x: number; label_y: number; moved: boolean }>();
  const order = points.filter((p) => p.mu_star !== null && p.sigma !== null).sort((a, b) => b.sigma! - a.sigma! || a.label.localeCompare(b.label));
  const line = LABEL_SIZE + 3;
  // Above the point first (clear of its interval line), then below, then further out a line at a time.
  const offsets = [-9, 9, ...Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? -1 : 1) * (9 + line * Math.ceil((i + 1) / 2)))];
  for (const p of order) {
    const x = px(p.mu_star!);
    const y = py(p.sigma!);
    const w = p.label.length * LABEL_CHAR;
    const left = x + 6 + w > width + 120 ? x - 6 - w : x + 6;
    const overlaps = (dy: number) => boxes.some((b) => left < b.x1 && left + w > b.x0 && y + dy - line / 2 < b.y1 && y + dy + line / 2 > b.y0);
    const dy = offsets.find((o) => !overlaps(o)) ?? offsets[0];
    boxes.push({ x0: left, x1: left + w, y0: y + dy - line / 2, y1: y + dy + line / 2 });
    placed.set(p, { label_x: (left / width) * domainMax, label_y: ((height - (y + dy)) / height) * domainMax, moved: Math.abs(dy) > 9 });
  }
  return points.map((p) => ({ ...p, label_x: placed.get(p)?.label_x ?? null, label_y: placed.get(p)?.label_y ?? null, moved: placed.get(p)?.moved ?? false }));
}

function morris(rows: readonly SensitivityRow[], measureLabel: string, unit: string, arm: string, source: string[], options: SensitivitySpecOptions): TopLevelSpec {
  const factors = distinct(rows.map((r) => r.factor));
  const get = (factor: string, index: string) => rows.find((r) => r.factor === factor && r.index === index);
  const points = factors.map((factor) => {
    const muStar = get(factor, 'mu_star');
    return {
      factor,
      label: labelFactor(factor),
      mu_star: finiteOrNull(muStar?.estimate ?? NaN),
      mu_star_low: finiteOrNull(muStar?.lower ?? NaN),
      mu_star_high: finiteOrNull(muStar?.upper ?? NaN),
      sigma: finiteOrNull(get(factor, 'sigma')?.estimate ?? NaN),
      mu: finiteOrNull(get(factor, 'mu')?.estimate ?? NaN),
    };
  });
  const top = Math.max(0, ...points.flatMap((v) => [v.mu_star_high ?? 0, v.mu_star ?? 0, v.sigma ?? 0])) || 1;
  const height = options.height ?? CHART_THEME.height;
  const width = options.width ?? CHART_THEME.width;
  const values = placeLabels(points, top * 1.05, width, height);
  const x = { field: 'mu_star', type: 'quantitative' as const, title: wrapText(`μ*: mean absolute elementary effect on ${lowerFirst(measureLabel)}${unit}`, 70), scale: { domain: [0, top * 1.05] } };
  const y = { field: 'sigma', type: 'quantitative' as const, title: wrapText(`σ: spread of the elementary effects${unit}`, Math.floor(height / 8)), scale: { domain: [0, top * 1.05] } };
  return {
    ...specFrame(
      options.title ?? `Morris screening of ${lowerFirst(measureLabel)}, arm ${arm}`,
      [
        'One point per factor; lines: 95% bootstrap interval of μ*. Dashed: σ = μ* (above it the effect depends on the other factors or is non-linear).',
        ...source,
      ],
      { width, height },
    ),
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: top * 1.05, y: top * 1.05 }] },
        mark: { type: 'line', color: CHART_THEME.ruleColor, strokeDash: [5, 4], strokeWidth: 1 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        layer: [
          {
            transform: [{ filter: 'isValid(datum.mu_star_low) && isValid(datum.mu_star_high)' }],
            mark: { type: 'rule', color: CHART_THEME.palette[0] },
            encoding: { x: { field: 'mu_star_low', type: 'quantitative' }, x2: { field: 'mu_star_high' }, y },
          },
          {
            mark: { type: 'point', filled: true, size: 70, color: CHART_THEME.palette[0], opacity: 1 },
            encoding: {
              x,
              y,
              tooltip: [
                { field: 'factor', type: 'nominal', title: 'factor' },
                { field: 'mu_star', type: 'quantitative', title: 'μ*', format: fmt },
                { field: 'mu_star_low', type: 'quantitative', title: 'μ* low', format: fmt },
                { field: 'mu_star_high', type: 'quantitative', title: 'μ* high', format: fmt },
                { field: 'mu', type: 'quantitative', title: 'μ', format: fmt },
                { field: 'sigma', type: 'quantitative', title: 'σ', format: fmt },
              ],
            },
          },
          {
            transform: [{ filter: 'datum.moved' }],
            mark: { type: 'rule', color: '#9e9e9e', strokeWidth: 0.75 },
            encoding: { x, y, x2: { field: 'label_x' }, y2: { field: 'label_y' } },
          },
          {
            transform: [{ filter: 'isValid(datum.label_x) && isValid(datum.label_y)' }],
            mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: LABEL_SIZE },
            encoding: { x: { field: 'label_x', type: 'quantitative' }, y: { field: 'label_y', type: 'quantitative' }, text: { field: 'label' } },
          },
        ],
      },
    ],
  };
}

function sobol(rows: readonly SensitivityRow[], measureLabel: string, arm: string, source: string[], options: SensitivitySpecOptions): TopLevelSpec {
  const INDEX = { first: 'first-order (S1)', total: 'total-order (ST)' } as const;
  const kept = rows.filter((r): r is SensitivityRow & { index: 'first' | 'total' } => r.index === 'first' || r.index === 'total');
  if (kept.length === 0) throw new ChartError('sensitivity: no first- or total-order Sobol indices in the rows');
  const total = (factor: string) => kept.find((r) => r.factor === factor && r.index === 'total')?.estimate ?? -Infinity;
  const factors = distinct(kept.map((r) => r.factor)).sort((a, b) => total(b) - total(a) || a.localeCompare(b));
  const labels = factors.map(labelFactor);
  const values = kept
    .map((r) => ({ factor: r.factor, label: labelFactor(r.factor), index: INDEX[r.index], estimate: finiteOrNull(r.estimate), lower: finiteOrNull(r.lower), upper: finiteOrNull(r.upper) }))
    .sort((a, b) => factors.indexOf(a.factor) - factors.indexOf(b.factor) || a.index.localeCompare(b.index));
  const y = { field: 'label', type: 'nominal' as const, sort: labels, title: null, axis: { labelLimit: 320 } };
  const yOffset = { field: 'index', type: 'nominal' as const, sort: [INDEX.first, INDEX.total] };
  return {
    ...specFrame(
      options.title ?? `Sobol' indices of ${lowerFirst(measureLabel)}, arm ${arm}`,
      ['Share of the variance explained by each factor alone (first-order) and with its interactions (total-order); lines: 95% bootstrap intervals.', ...source],
      { width: options.width, height: options.height ?? Math.max(120, factors.length * 40) },
    ),
    data: { values },
    layer: [
      { mark: { type: 'rule', color: CHART_THEME.ruleColor }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'bar', height: { band: 0.85 } },
        encoding: {
          y,
          yOffset,
          x: { field: 'estimate', type: 'quantitative', title: `Sobol' index (share of the variance of ${lowerFirst(measureLabel)})` },
          color: seriesColor('index', 'Index', [INDEX.first, INDEX.total]),
          tooltip: [
            { field: 'factor', type: 'nominal', title: 'factor' },
            { field: 'index', type: 'nominal', title: 'index' },
            { field: 'estimate', type: 'quantitative', title: 'estimate', format: fmt },
            { field: 'lower', type: 'quantitative', title: 'low', format: fmt },
            { field: 'upper', type: 'quantitative', title: 'high', format: fmt },
          ],
        },
      },
      {
        transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
        mark: { type: 'rule', color: '#222222', strokeWidth: 1.5 },
        encoding: { y, yOffset, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
      },
    ],
  };
}
