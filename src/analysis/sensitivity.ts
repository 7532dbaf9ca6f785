// Global sensitivity analysis of model outputs over a sweep design: Morris elementary effects μ, μ* and σ
// (Morris 1991, Technometrics 33:161; μ* from Campolongo, Cariboni & Saltelli 2007, EMS 22:1509), and Sobol'
// indices: first order by Saltelli et al. (2010, CPC 181:259, Table 2 (b)), total order by Jansen (1999, CPC
// 117:35), second order by Saltelli (2002, CPC 145:280). Part of analysis/: pure, with seeded bootstrap
// percentile intervals (resampling trajectories for Morris, base rows for Sobol').
import { createStream, deriveSeed } from '../rng/index.js';
import type { Design, MorrisDesign, SobolDesign } from '../sweep/designs.js';
import { percentileInterval, resampleIndices, type ConfidenceInterval } from './bootstrap.js';

export type { ConfidenceInterval } from './bootstrap.js';

export interface SensitivityOptions {
  /** Bootstrap replicates. Default 1000; 0 gives intervals of NaN. */
  readonly bootstrap?: number;
  /** Confidence level of the intervals. Default 0.95. */
  readonly confidence?: number;
  /** Root seed of the bootstrap. Default: the design's seed. */
  readonly seed?: number;
}

export interface MorrisFactorIndices {
  readonly path: string;
  /** Mean elementary effect (signs may cancel). */
  readonly mu: number;
  /** Mean absolute elementary effect. */
  readonly muStar: number;
  /** Standard deviation of the elementary effects (n − 1 denominator; NaN with fewer than two). */
  readonly sigma: number;
  readonly muStarInterval: ConfidenceInterval;
  /** Elementary effects used (those with both outputs finite). */
  readonly effects: number;
}
export interface MorrisIndices {
  readonly method: 'morris';
  readonly factors: readonly MorrisFactorIndices[];
  readonly trajectories: number;
  readonly bootstrap: number;
  readonly confidence: number;
}

export interface SobolFactorIndices {
  readonly path: string;
  /** First-order index S_i. */
  readonly first: number;
  readonly firstInterval: ConfidenceInterval;
  /** Total-order index S_Ti. */
  readonly total: number;
  readonly totalInterval: ConfidenceInterval;
}
export interface SobolPairIndices {
  readonly paths: readonly [string, string];
  readonly factors: readonly [number, number];
  /** Second-order index S_ij. */
  readonly second: number;
  readonly secondInterval: ConfidenceInterval;
}
export interface SobolIndices {
  readonly method: 'sobol';
  readonly factors: readonly SobolFactorIndices[];
  /** Second-order indices for every pair i < j, when the design has BA blocks; else empty. */
  readonly pairs: readonly SobolPairIndices[];
  /** Mean and variance of the output over the A and B rows used (variance with a 1/(2N) denominator). */
  readonly mean: number;
  readonly variance: number;
  readonly varianceInterval: ConfidenceInterval;
  readonly rowsUsed: number;
  /** Base rows left out because one of their outputs was not a finite number (e.g. a failed run). */
  readonly rowsDropped: number;
  readonly bootstrap: number;
  readonly confidence: number;
}

export class SensitivityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SensitivityError';
  }
}

function settle(design: Design, outputs: ArrayLike<number>, options: SensitivityOptions): { replicates: number; confidence: number; seed: number } {
  if (outputs.length !== design.points.length) {
    throw new SensitivityError(`${design.kind} analysis: ${outputs.length} outputs for ${design.points.length} design points; give one output per point, in the design's order`);
  }
  const replicates = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 0) throw new SensitivityError(`bootstrap ${replicates} must be a non-negative integer`);
  if (!(confidence > 0 && confidence < 1)) throw new SensitivityError(`confidence ${confidence} must lie strictly between 0 and 1`);
  return { replicates, confidence, seed: options.seed ?? design.seed };
}

/** Morris or Sobol' indices, by the design's kind; outputs[i] is the model output at design.points[i]. */
export function analyzeSensitivity(design: Design, outputs: ArrayLike<number>, options: SensitivityOptions = {}): MorrisIndices | SobolIndices {
  if (design.kind === 'morris') return analyzeMorris(design, outputs, options);
  if (design.kind === 'sobol') return analyzeSobol(design, outputs, options);
  throw new SensitivityError(`a ${design.kind} design supports no sensitivity indices; use a "morris" or "sobol" design`);
}

/**
 * Morris elementary effects. The effect of factor i in a trajectory is (y_after − y_before) / (±Δ), with Δ in
 * unit coordinates: it is the change in output per whole range of the factor (for y = c·x on [lo, hi] it is
 * c·(hi − lo)). Integer and listed factors are treated as if they moved by exactly Δ of their range. An effect
 * with a non-finite output at either end is left out; the μ* interval resamples whole trajectories.
 */
export function analyzeMorris(design: MorrisDesign, outputs: ArrayLike<number>, options: SensitivityOptions = {}): MorrisIndices {
  const { replicates, confidence, seed } = settle(design, outputs, options);
  const k = design.factors.length;
  const r = design.trajectories;
  // 1. Elementary effects, one per trajectory and factor (NaN when missing).
  const ee = new Float64Array(r * k).fill(Number.NaN);
  design.points.forEach((point, i) => {
    const { trajectory, factor, direction } = point.label;
    if (factor === null) return;
    const before = outputs[i - 1];
    const after = outputs[i];
    if (Number.isFinite(before) && Number.isFinite(after)) ee[trajectory * k + factor] = (after - before) / (direction * design.delta);
  });
  // 2. μ, μ*, σ per factor.
  const muStarOf = (rows: ArrayLike<number>, j: number): number => {
    let sum = 0;
    let n = 0;
    for (let t = 0; t < rows.length; t++) {
      const e = ee[rows[t] * k + j];
      if (Number.isFinite(e)) {
        sum += Math.abs(e);
        n++;
      }
    }
    return n > 0 ? sum / n : Number.NaN;
  };
  const all = Int32Array.from({ length: r }, (_, t) => t);
  // 3. Bootstrap μ* over resampled trajectories.
  const boot = design.factors.map(() => new Float64Array(replicates));
  const stream = createStream(deriveSeed(seed, 'morris-bootstrap'));
  const rows = new Int32Array(r);
  for (let b = 0; b < replicates; b++) {
    resampleIndices(rows, stream);
    for (let j = 0; j < k; j++) boot[j][b] = muStarOf(rows, j);
  }
  const factors = design.factors.map((f, j): MorrisFactorIndices => {
    const effects: number[] = [];
    for (let t = 0; t < r; t++) if (Number.isFinite(ee[t * k + j])) effects.push(ee[t * k + j]);
    const n = effects.length;
    const mu = n > 0 ? effects.reduce((a, e) => a + e, 0) / n : Number.NaN;
    const sigma = n > 1 ? Math.sqrt(effects.reduce((a, e) => a + (e - mu) ** 2, 0) / (n - 1)) : Number.NaN;
    return { path: f.path, mu, muStar: muStarOf(all, j), sigma, muStarInterval: percentileInterval(boot[j], confidence), effects: n };
  });
  return { method: 'morris', factors, trajectories: r, bootstrap: replicates, confidence };
}

/**
 * Sobol' indices from a Saltelli design. With f_A, f_B, f_ABi the outputs on rows of A, B and AB_i, and V the
 * variance of f_A and f_B together: S_i = mean(f_B (f_ABi − f_A)) / V (Saltelli et al. 2010) and
 * S_Ti = mean((f_A − f_ABi)²) / (2V) (Jansen 1999); with BA blocks also
 * S_ij = mean(f_BAi f_ABj − f_A f_B) / V − S_i − S_j (Saltelli 2002). A base row with any non-finite output is
 * left out whole. Intervals are bootstrap percentiles over resampled base rows (all indices of a replicate share
 * its rows). Scrambled Sobol' points are better than independent ones, so the intervals are conservative.
 */
export function analyzeSobol(design: SobolDesign, outputs: ArrayLike<number>, options: SensitivityOptions = {}): SobolIndices {
  const { replicates, confidence, seed } = settle(design, outputs, options);
  const k = design.factors.length;
  const n = design.baseSamples;
  // 1. Gather each row's outputs by block, then keep the rows whose outputs are all finite.
  const width = design.secondOrder ? 2 * k + 2 : k + 2;
  const table = new Float64Array(n * width).fill(Number.NaN);
  // Columns: 0 = A, 1 = B, 2 … k+1 = AB_i, k+2 … 2k+1 = BA_i.
  const seen = new Uint8Array(n * width);
  design.points.forEach((point, i) => {
    const { block, row, factor } = point.label;
    const col = block === 'A' ? 0 : block === 'B' ? 1 : block === 'AB' ? 2 + factor! : 2 + k + factor!;
    table[row * width + col] = outputs[i];
    seen[row * width + col] = 1;
  });
  if (seen.some((s) => s === 0)) throw new SensitivityError('sobol analysis: the design lacks some A, B, AB or BA rows; pass the design the outputs were made from');
  const kept: number[] = [];
  for (let row = 0; row < n; row++) {
    let ok = true;
    for (let c = 0; c < width && ok; c++) ok = Number.isFinite(table[row * width + c]);
    if (ok) kept.push(row);
  }
  const m = kept.length;
  if (m < 2) throw new SensitivityError(`sobol analysis: only ${m} of ${n} base rows have finite outputs in every block; at least 2 are needed`);
  const col = (c: number): Float64Array => Float64Array.from(kept, (row) => table[row * width + c]);
  const fA = col(0);
  const fB = col(1);
  const fAB = Array.from({ length: k }, (_, i) => col(2 + i));
  const fBA = design.secondOrder ? Array.from({ length: k }, (_, i) => col(2 + k + i)) : [];
  const pairs: Array<[number, number]> = [];
  if (design.secondOrder) for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);

  // 2. All estimators over a multiset of rows (the identity for the estimate, a resample for the bootstrap).
  const estimate = (rows: Int32Array) => {
    const size = rows.length;
    let mean = 0;
    for (let t = 0; t < size; t++) mean += fA[rows[t]] + fB[rows[t]];
    mean /= 2 * size;
    let variance = 0;
    let ab = 0;
    for (let t = 0; t < size; t++) {
      const r = rows[t];
      variance += (fA[r] - mean) ** 2 + (fB[r] - mean) ** 2;
      ab += fA[r] * fB[r];
    }
    variance /= 2 * size;
    ab /= size;
    const first = new Float64Array(k);
    const total = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const y = fAB[i];
      let s = 0;
      let st = 0;
      for (let t = 0; t < size; t++) {
        const r = rows[t];
        s += fB[r] * (y[r] - fA[r]);
        st += (fA[r] - y[r]) ** 2;
      }
      first[i] = s / size / variance;
      total[i] = st / (2 * size) / variance;
    }
    const second = new Float64Array(pairs.length);
    pairs.forEach(([i, j], p) => {
      let s = 0;
      for (let t = 0; t < size; t++) s += fBA[i][rows[t]] * fAB[j][rows[t]];
      second[p] = (s / size - ab) / variance - first[i] - first[j];
    });
    return { mean, variance, first, total, second };
  };
  const point = estimate(Int32Array.from({ length: m }, (_, t) => t));

  // 3. Bootstrap.
  const bootFirst = Array.from({ length: k }, () => new Float64Array(replicates));
  const bootTotal = Array.from({ length: k }, () => new Float64Array(replicates));
  const bootSecond = pairs.map(() => new Float64Array(replicates));
  const bootVariance = new Float64Array(replicates);
  const stream = createStream(deriveSeed(seed, 'sobol-bootstrap'));
  const rows = new Int32Array(m);
  for (let b = 0; b < replicates; b++) {
    const e = estimate(resampleIndices(rows, stream));
    bootVariance[b] = e.variance;
    for (let i = 0; i < k; i++) {
      bootFirst[i][b] = e.first[i];
      bootTotal[i][b] = e.total[i];
    }
    for (let p = 0; p < pairs.length; p++) bootSecond[p][b] = e.second[p];
  }
  const factors = design.factors.map((f, i): SobolFactorIndices => ({
    path: f.path,
    first: point.first[i],
    firstInterval: percentileInterval(bootFirst[i], confidence),
    total: point.total[i],
    totalInterval: percentileInterval(bootTotal[i], confidence),
  }));
  const pairIndices = pairs.map(([i, j], p): SobolPairIndices => ({
    paths: [design.factors[i].path, design.factors[j].path],
    factors: [i, j],
    second: point.second[p],
    secondInterval: percentileInterval(bootSecond[p], confidence),
  }));
  return {
    method: 'sobol',
    factors,
    pairs: pairIndices,
    mean: point.mean,
    variance: point.variance,
    varianceInterval: percentileInterval(bootVariance, confidence),
    rowsUsed: m,
    rowsDropped: n - m,
    bootstrap: replicates,
    confidence,
  };
}
