// Charts of a sweep's sensitivity indices (analysis/sweep-sensitivity.ts's SensitivityRow, the
// sensitivity.csv of `cpi-sim analyze sensitivity`): for a Morris design the μ*–σ plane (Campolongo et
// al. 2007), one numbered point per factor (names in the legend, so labels never collide) with the
// bootstrap interval of μ*, and the line σ = μ*; for a Sobol' design the first- and total-order indices
// (Saltelli 2010) as bars with bootstrap intervals. One arm and measure per chart, in the arm's colour.
// Part of charts/; pure.
import type { TopLevelSpec } from 'vega-lite';
import type { SensitivityRow } from '../analysis/sweep-sensitivity.js';
import { finiteOrNull } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { CHART_THEME } from './chart-theme.js';
import { labelFactor } from './factor-labels.js';
import { labelMeasure, lowerFirst } from './measure-labels.js';
import { armColour, tint } from './arm-colours.js';
import { distinct, seriesColor, specFrame, wrapText } from './spec-parts.js';

export interface SensitivitySpecOptions {
  /** The measure (default: the first in the rows). */
  readonly measure?: string;
  /** The arm (default: the first in the rows). */
  readonly arm?: string;
  /** The scenario's arms in its order, which gives the arm its colour (default: the arm is the first). */
  readonly scenarioArms?: readonly string[];
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
/** Width of a digit in DejaVu Sans (0.636 em); the builders run without font files. */
const DIGIT_WIDTH = 0.64 * LABEL_SIZE;
/** Radius of a point's disc in pixels (size 70 is its area). */
const POINT_RADIUS = Math.sqrt(70 / Math.PI);

/**
 * Where each point's number goes, in data units, so that no number lies on another number or on a point:
 * right of the point, else left, above, below or at a corner, else the same places further out, with a
 * leader line back to the point (points in rank order, so the most influential factors keep the nearest
 * places). Factors close together are common in Morris screening; names are left to the legend, where
 * they cannot collide.
 */
function placeNumbers<P extends { number: string; mu_star: number | null; sigma: number | null }>(
  points: readonly P[],
  domainMax: number,
  width: number,
  height: number,
): Array<P & { label_x: number | null; label_y: number | null; moved: boolean }> {
  const px = (v: number) => (v / domainMax) * width;
  const py = (v: number) => height - (v / domainMax) * height;
  type Box = { x0: number; x1: number; y0: number; y1: number };
  const drawn = points.filter((p) => p.mu_star !== null && p.sigma !== null);
  const boxes: Box[] = drawn.map((p) => {
    const x = px(p.mu_star!);
    const y = py(p.sigma!);
    return { x0: x - POINT_RADIUS, x1: x + POINT_RADIUS, y0: y - POINT_RADIUS, y1: y + POINT_RADIUS };
  });
  const hits = (b: Box) => boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
  const inside = (b: Box) => b.x0 >= -4 && b.x1 <= width + 4 && b.y0 >= -4 && b.y1 <= height + 4;
  const placed = new Map<P, { label_x: number; label_y: number; moved: boolean }>();
  for (const p of drawn) {
    const x = px(p.mu_star!);
    const y = py(p.sigma!);
    const w = p.number.length * DIGIT_WIDTH + 2;
    const h = LABEL_SIZE + 2;
    const gap = POINT_RADIUS + 2;
    // Centres around the point: right, left, above, below, then the corners; each ring further out.
    const around = (k: number) => [
      [gap * k + w / 2, 0],
      [-gap * k - w / 2, 0],
      [0, -gap * k - h / 2],
      [0, gap * k + h / 2],
      [gap * k + w / 2, -gap * k - h / 2],
      [gap * k + w / 2, gap * k + h / 2],
      [-gap * k - w / 2, -gap * k - h / 2],
      [-gap * k - w / 2, gap * k + h / 2],
    ];
    const candidates = [1, 2.5, 4, 5.5, 7].flatMap((k) => around(k).map(([dx, dy]) => ({ dx, dy, moved: k > 1 })));
    const box = (c: { dx: number; dy: number }): Box => ({ x0: x + c.dx - w / 2, x1: x + c.dx + w / 2, y0: y + c.dy - h / 2, y1: y + c.dy + h / 2 });
    const spot = candidates.find((c) => inside(box(c)) && !hits(box(c))) ?? candidates[0];
    boxes.push(box(spot));
    placed.set(p, { label_x: ((x + spot.dx) / width) * domainMax, label_y: ((height - (y + spot.dy)) / height) * domainMax, moved: spot.moved });
  }
  return points.map((p) => ({ ...p, label_x: placed.get(p)?.label_x ?? null, label_y: placed.get(p)?.label_y ?? null, moved: placed.get(p)?.moved ?? false }));
}

function morris(rows: readonly SensitivityRow[], measureLabel: string, unit: string, arm: string, source: string[], options: SensitivitySpecOptions): TopLevelSpec {
  const get = (factor: string, index: string) => rows.find((r) => r.factor === factor && r.index === index);
  const muStarOf = (factor: string) => finiteOrNull(get(factor, 'mu_star')?.estimate ?? NaN);
  // Factors numbered by μ*, largest first (a factor without one last), the number beside its point and its
  // name in the legend.
  const factors = distinct(rows.map((r) => r.factor)).sort((a, b) => (muStarOf(b) ?? -Infinity) - (muStarOf(a) ?? -Infinity) || a.localeCompare(b));
  const points = factors.map((factor, i) => {
    const muStar = get(factor, 'mu_star');
    return {
      factor,
      label: labelFactor(factor),
      number: String(i + 1),
      key: `${i + 1}  ${labelFactor(factor)}`,
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
  const values = placeNumbers(points, top * 1.05, width, height);
  const colour = armColour(arm, options.scenarioArms ?? [arm]);
  const keys = points.map((p) => p.key);
  const x = { field: 'mu_star', type: 'quantitative' as const, title: wrapText(`μ*: mean absolute elementary effect on ${lowerFirst(measureLabel)}${unit}`, 70), scale: { domain: [0, top * 1.05] } };
  const y = { field: 'sigma', type: 'quantitative' as const, title: wrapText(`σ: spread of the elementary effects${unit}`, Math.floor(height / 8)), scale: { domain: [0, top * 1.05] } };
  return {
    ...specFrame(
      options.title ?? `Morris screening of ${lowerFirst(measureLabel)}, arm ${arm}`,
      [
        'One numbered point per factor (1: largest μ*); lines: 95% bootstrap interval of μ*. Dashed: σ = μ* (above it the effect depends on the other factors or is non-linear).',
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
            mark: { type: 'rule', color: colour, opacity: 0.7 },
            encoding: { x: { field: 'mu_star_low', type: 'quantitative' }, x2: { field: 'mu_star_high' }, y },
          },
          {
            mark: { type: 'point', filled: true, size: 70, opacity: 1 },
            encoding: {
              x,
              y,
              color: {
                field: 'key',
                type: 'nominal',
                title: 'Factors, by μ*',
                scale: { domain: keys, range: keys.map(() => colour) },
                sort: keys,
                legend: { symbolType: 'circle', symbolOpacity: 1, labelLimit: 320 },
              },
              tooltip: [
                { field: 'number', type: 'nominal', title: 'rank by μ*' },
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
            mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: LABEL_SIZE, fontWeight: 'bold', color: CHART_THEME.neutral.ink },
            encoding: { x: { field: 'label_x', type: 'quantitative' }, y: { field: 'label_y', type: 'quantitative' }, text: { field: 'number' } },
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
  const colour = armColour(arm, options.scenarioArms ?? [arm]);
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
          color: seriesColor('index', 'Index', [INDEX.first, INDEX.total], [colour, tint(colour, 0.55)]),
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
