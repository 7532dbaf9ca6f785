// Bootstrap helpers for the sensitivity indices: seeded resampling with replacement and percentile intervals
// (Efron & Tibshirani 1993, ch. 13). Part of analysis/. The stream comes from rng/, never from the clock.
import type { RandomStream } from '../rng/index.js';

/** A two-sided confidence interval. */
export interface ConfidenceInterval {
  readonly low: number;
  readonly high: number;
}

/** Fill `out` with n draws of 0 … n−1 with replacement. */
export function resampleIndices(out: Int32Array, stream: RandomStream): Int32Array {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = stream.int(n);
  return out;
}

/** The q-quantile of ascending values, interpolated linearly between order statistics (Hyndman & Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Percentile interval of bootstrap replicates at the given confidence; non-finite replicates are left out. */
export function percentileInterval(replicates: ArrayLike<number>, confidence: number): ConfidenceInterval {
  const kept: number[] = [];
  for (let i = 0; i < replicates.length; i++) if (Number.isFinite(replicates[i])) kept.push(replicates[i]);
  const finite = Float64Array.from(kept).sort();
  const tail = (1 - confidence) / 2;
  return { low: quantileSorted(finite, tail), high: quantileSorted(finite, 1 - tail) };
}
