// Each barrier's effect on an outcome, from a sweep whose factors are barrier parameters (paths under
// `barriers.`): the dose-response (mean and t interval at each level of a factor) and the tornado contrast
// (lowest to highest level, Welch's interval), averaged over the other factors and replicates; factors with
// many distinct values (Latin hypercube, Sobol') are cut into quintiles. Part of charts/; pure, browser-safe
// (results-folder.ts reads the folder).
import type { SweepValue } from '../sweep/sweep-file.js';
import { meanConfidenceInterval, welchTTest } from '../analysis/stats.js';
import { ChartError } from './chart-error.js';
import { isBarrierPath, labelFactor } from './factor-labels.js';
import { distinct } from './spec-parts.js';

export interface BarrierSweepInput {
  /** The sweep's factors in order; `values` gives the listed order of option-valued factors. */
  readonly factors: ReadonlyArray<{ readonly path: string; readonly values?: readonly SweepValue[]; readonly unit?: string }>;
  /** Each design point's factor values (sweep.json's design_points). */
  readonly points: ReadonlyArray<{ readonly point: number; readonly values: Readonly<Record<string, SweepValue>> }>;
  /** The outcome of each run and arm: the chosen measure and group at the last tick kept. */
  readonly outputs: ReadonlyArray<{ readonly point: number; readonly arm: string; readonly value: number }>;
}

export type BarrierEffectKind = 'tornado' | 'dose-response';

export interface BarrierEffectsOptions {
  readonly kind: BarrierEffectKind;
  /** The outcome measure (for labels; the outputs are already this measure). */
  readonly measure: string;
  readonly group?: string;
  /** Arms to keep, in this order (default: every arm in the outputs). */
  readonly arms?: readonly string[];
  /** Level of the intervals (default 0.95). */
  readonly level?: number;
}

/** A barrier factor's lowest against its highest level, for one arm. */
export interface BarrierContrastRow {
  readonly factor: string;
  readonly barrier: string;
  readonly arm: string;
  readonly low_level: string;
  readonly high_level: string;
  readonly n_low: number;
  readonly n_high: number;
  readonly low_mean: number;
  readonly high_mean: number;
  /** high_mean − low_mean, with its interval (Welch; NaN with fewer than 2 runs on a side). */
  readonly change: number;
  readonly ci_low: number;
  readonly ci_high: number;
}

/** The outcome at one level of a barrier factor, for one arm. */
export interface BarrierDoseRow {
  readonly factor: string;
  readonly barrier: string;
  readonly arm: string;
  /** The level as a number (off/on as 0/1; a quintile's mean value). */
  readonly level: number;
  readonly level_label: string;
  readonly n: number;
  readonly mean: number;
  readonly ci_low: number;
  readonly ci_high: number;
}

interface EffectsHead {
  readonly measure: string;
  readonly group: string;
  readonly level: number;
  readonly arms: readonly string[];
  /** The barrier factors, with their labels and units (from the scenario's parameter table, when given). */
  readonly factors: ReadonlyArray<{ readonly path: string; readonly label: string; readonly unit?: string; readonly binned: boolean }>;
}

export type BarrierEffects = (EffectsHead & { readonly kind: 'tornado'; readonly rows: BarrierContrastRow[] }) | (EffectsHead & { readonly kind: 'dose-response'; readonly rows: BarrierDoseRow[] });

/** Above this many distinct values a factor is cut into quintiles instead of being read level by level. */
export const MAX_LEVELS = 12;
const BINS = 5;

/** A factor's levels over the design points (also read by grid-sweep.ts). */
export interface FactorLevels {
  readonly path: string;
  readonly numeric: boolean;
  readonly binned: boolean;
  /** Levels in ascending order. */
  readonly levels: ReadonlyArray<{ readonly x: number; readonly label: string }>;
  /** Level index of each design point. */
  readonly levelOf: ReadonlyMap<number, number>;
}

const numberText = (x: number) => String(Number(x.toPrecision(6)));

/**
 * Stage 1: the levels of one factor over the design points: numbers ascending (quintiles above MAX_LEVELS
 * values), off/on as 0/1, options in the sweep's order.
 */
export function factorLevels(factor: BarrierSweepInput['factors'][number], points: BarrierSweepInput['points']): FactorLevels {
  const path = factor.path;
  const raw = points.map((p) => ({ point: p.point, v: p.values[path] }));
  const missing = raw.find((r) => r.v === undefined);
  if (missing) throw new ChartError(`design point ${missing.point} has no value for factor ${path}`);
  const levelOf = new Map<number, number>();
  if (raw.every((r) => typeof r.v === 'boolean')) {
    const seen = distinct(raw.map((r) => (r.v ? 1 : 0))).sort((a, b) => a - b);
    for (const r of raw) levelOf.set(r.point, seen.indexOf(r.v ? 1 : 0));
    return { path, numeric: true, binned: false, levels: seen.map((x) => ({ x, label: x ? 'on' : 'off' })), levelOf };
  }
  if (raw.every((r) => typeof r.v === 'number')) {
    const seen = distinct(raw.map((r) => r.v as number)).sort((a, b) => a - b);
    if (seen.length <= MAX_LEVELS) {
      for (const r of raw) levelOf.set(r.point, seen.indexOf(r.v as number));
      return { path, numeric: true, binned: false, levels: seen.map((x) => ({ x, label: numberText(x) })), levelOf };
    }
    // Quintiles of the points by the factor's value (ties broken by point number, so the cut is fixed).
    const sorted = [...raw].sort((a, b) => (a.v as number) - (b.v as number) || a.point - b.point);
    const bins: number[][] = Array.from({ length: BINS }, () => []);
    sorted.forEach((r, i) => {
      const b = Math.min(BINS - 1, Math.floor((i * BINS) / sorted.length));
      bins[b].push(r.v as number);
      levelOf.set(r.point, b);
    });
    const levels = bins.map((vs) => {
      const mean = vs.reduce((s, v) => s + v, 0) / vs.length;
      return { x: mean, label: `${numberText(vs[0])}–${numberText(vs[vs.length - 1])}` };
    });
    return { path, numeric: true, binned: true, levels, levelOf };
  }
  // Options (text): in the order the sweep lists them.
  const listed = (factor.values ?? []).map(String);
  const seen = distinct([...listed, ...raw.map((r) => String(r.v))]).filter((v) => raw.some((r) => String(r.v) === v));
  for (const r of raw) levelOf.set(r.point, seen.indexOf(String(r.v)));
  return { path, numeric: false, binned: false, levels: seen.map((v, i) => ({ x: i, label: v })), levelOf };
}

/** Each barrier factor's effect on the outcome: tornado contrasts or dose-response rows. */
export function summarizeBarrierSweep(input: BarrierSweepInput, options: BarrierEffectsOptions): BarrierEffects {
  const level = options.level ?? 0.95;
  const group = options.group ?? 'all';
  // 1. Barrier factors and their levels.
  const barrierFactors = input.factors.filter((f) => isBarrierPath(f.path));
  if (barrierFactors.length === 0)
    throw new ChartError(`${options.kind}: the sweep has no barrier factors (paths under "barriers."); its factors: ${input.factors.map((f) => f.path).join(', ') || '(none)'}`);
  const factors = barrierFactors.map((f) => factorLevels(f, input.points));
  if (options.kind === 'dose-response') {
    const text = factors.filter((f) => !f.numeric);
    if (text.length === factors.length)
      throw new ChartError(`dose-response needs a factor with numbers or on/off values; ${text.map((f) => f.path).join(', ')} take options (use the tornado chart)`);
  }
  // 2. The outcome per arm and point (NaN: not measured in that run).
  const present = distinct(input.outputs.map((o) => o.arm));
  const arms = options.arms ?? present;
  const unknown = arms.filter((a) => !present.includes(a));
  if (unknown.length) throw new ChartError(`${options.kind}: unknown arm ${unknown.map((a) => `"${a}"`).join(', ')}; arms in the sweep's results: ${present.join(', ') || '(none)'}`);
  const byArmPoint = new Map<string, number[]>();
  for (const o of input.outputs) {
    if (!arms.includes(o.arm) || !Number.isFinite(o.value)) continue;
    const key = `${o.arm}\u0000${o.point}`;
    let list = byArmPoint.get(key);
    if (!list) byArmPoint.set(key, (list = []));
    list.push(o.value);
  }
  if (byArmPoint.size === 0) throw new ChartError(`${options.kind}: no values of measure "${options.measure}" in group "${group}" in the sweep's results`);
  const valuesAt = (f: FactorLevels, arm: string, levelIndex: number): number[] =>
    input.points.filter((p) => f.levelOf.get(p.point) === levelIndex).flatMap((p) => byArmPoint.get(`${arm}\u0000${p.point}`) ?? []);

  const head = {
    measure: options.measure,
    group,
    level,
    arms: [...arms],
    factors: factors.map((f) => ({ path: f.path, label: labelFactor(f.path), unit: barrierFactors.find((b) => b.path === f.path)!.unit, binned: f.binned })),
  };
  // 3. Rows.
  if (options.kind === 'tornado') {
    const rows: BarrierContrastRow[] = [];
    for (const f of factors) {
      if (f.levels.length < 2) continue;
      const lo = 0;
      const hi = f.levels.length - 1;
      for (const arm of arms) {
        const low = valuesAt(f, arm, lo);
        const high = valuesAt(f, arm, hi);
        if (low.length === 0 || high.length === 0) continue;
        const t = low.length >= 2 && high.length >= 2 ? welchTTest(high, low, level) : undefined;
        const lowMean = low.reduce((s, v) => s + v, 0) / low.length;
        const highMean = high.reduce((s, v) => s + v, 0) / high.length;
        rows.push({
          factor: f.path,
          barrier: labelFactor(f.path),
          arm,
          low_level: f.levels[lo].label,
          high_level: f.levels[hi].label,
          n_low: low.length,
          n_high: high.length,
          low_mean: lowMean,
          high_mean: highMean,
          change: highMean - lowMean,
          ci_low: t ? t.low : NaN,
          ci_high: t ? t.high : NaN,
        });
      }
    }
    if (rows.length === 0) throw new ChartError('tornado: no barrier factor has two levels with results');
    return { kind: 'tornado', ...head, rows };
  }
  const rows: BarrierDoseRow[] = [];
  for (const f of factors) {
    if (!f.numeric) continue;
    for (const arm of arms)
      f.levels.forEach((l, i) => {
        const vs = valuesAt(f, arm, i);
        if (vs.length === 0) return;
        const ci = meanConfidenceInterval(vs, level);
        rows.push({ factor: f.path, barrier: labelFactor(f.path), arm, level: l.x, level_label: l.label, n: vs.length, mean: ci.mean, ci_low: ci.low, ci_high: ci.high });
      });
  }
  return { kind: 'dose-response', ...head, factors: head.factors.filter((f) => factors.find((x) => x.path === f.path)!.numeric), rows };
}
