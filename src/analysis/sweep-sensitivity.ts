// Sensitivity indices of a sweep's measures: replicates are averaged per design point (per arm and
// measure), then Morris (Campolongo et al. 2007) or Sobol (Saltelli 2010; Jansen 1999) indices are computed
// with bootstrap intervals (sensitivity.ts), and laid out as a tidy table. Part of analysis/; pure.
import type { Design } from '../sweep/designs.js';
import { analyzeSensitivity, type SensitivityOptions } from './sensitivity.js';

/** One output of a sweep: a measure's value for one arm of one replicate of one design point. */
export interface SweepOutput {
  readonly point: number;
  readonly replicate: number;
  readonly arm: string;
  readonly measure: string;
  readonly value: number;
}

/** One index of one factor for one arm and measure (tidy: one estimate and its interval per row). */
export interface SensitivityRow {
  readonly arm: string;
  readonly measure: string;
  readonly method: 'morris' | 'sobol';
  /** A factor's parameter path, or "a × b" for a second-order Sobol index. */
  readonly factor: string;
  /** mu, mu_star, sigma (Morris); first, total, second (Sobol). */
  readonly index: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Stages: (1) group outputs by arm and measure in first-seen order, (2) average replicates per point (a
 * point with no finite value is NaN, which the analysis leaves out), (3) analyse each series, (4) flatten.
 */
export function analyzeSweepSensitivity(design: Design, outputs: Iterable<SweepOutput>, options: SensitivityOptions = {}): SensitivityRow[] {
  const n = design.points.length;
  const series = new Map<string, { arm: string; measure: string; sum: Float64Array; count: Float64Array }>();
  for (const o of outputs) {
    if (o.point < 0 || o.point >= n) throw new RangeError(`output for point ${o.point}, but the design has ${n} points`);
    const key = `${o.arm}\u0000${o.measure}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { arm: o.arm, measure: o.measure, sum: new Float64Array(n), count: new Float64Array(n) }));
    if (Number.isFinite(o.value)) {
      s.sum[o.point] += o.value;
      s.count[o.point]++;
    }
  }
  const rows: SensitivityRow[] = [];
  for (const { arm, measure, sum, count } of series.values()) {
    const means = Float64Array.from(sum, (v, i) => (count[i] > 0 ? v / count[i] : NaN));
    const r = analyzeSensitivity(design, means, options);
    const push = (factor: string, index: string, estimate: number, lower = NaN, upper = NaN) =>
      rows.push({ arm, measure, method: r.method, factor, index, estimate, lower, upper });
    if (r.method === 'morris') {
      for (const f of r.factors) {
        push(f.path, 'mu', f.mu);
        push(f.path, 'mu_star', f.muStar, f.muStarInterval.low, f.muStarInterval.high);
        push(f.path, 'sigma', f.sigma);
      }
    } else {
      for (const f of r.factors) {
        push(f.path, 'first', f.first, f.firstInterval.low, f.firstInterval.high);
        push(f.path, 'total', f.total, f.totalInterval.low, f.totalInterval.high);
      }
      for (const p of r.pairs) push(`${p.paths[0]} × ${p.paths[1]}`, 'second', p.second, p.secondInterval.low, p.secondInterval.high);
    }
  }
  return rows;
}
