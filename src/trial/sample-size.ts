// The smallest trial that reaches a target power (issue 16): simulated power at a size, doubling or halving
// to bracket the target, then bisection on whole sizes. Every size uses the same replicate seeds (common
// random numbers), so the simulated power curve is close to monotone; the Monte Carlo error is reported, not
// hidden: each evaluated size keeps its exact (Clopper–Pearson) interval, and the sizes whose interval
// contains the target are the range the simulation cannot tell apart from it (Arnold et al. 2011, BMC
// Medical Research Methodology 11:94; Landau & Stahl 2013, Statistical Methods in Medical Research 22(3)).
// Part of trial/; no I/O: the caller supplies the evaluation (in this thread or on the worker pool).
import type { TrialSizeDimension } from './trial-design.js';

export interface PowerAtSize {
  readonly size: number;
  readonly power: number;
  readonly powerLow: number;
  readonly powerHigh: number;
  readonly replicates: number;
  /** Participants referred at this size (for cluster designs: teams × participants per team). */
  readonly participants: number;
  /** Teams at this size (0 for individual designs). */
  readonly clusters: number;
}

export interface SampleSizeResult {
  readonly dimension: TrialSizeDimension;
  readonly target: number;
  /** The smallest evaluated size whose simulated power reaches the target (undefined: none up to maxSize). */
  readonly size?: number;
  /** Its evaluation. */
  readonly at?: PowerAtSize;
  /**
   * Sizes the Monte Carlo error cannot separate from the target: from the smallest evaluated size whose
   * interval reaches the target (its upper bound ≥ target) to the smallest whose whole interval is above it
   * (lower bound ≥ target; undefined if none was evaluated).
   */
  readonly plausibleLow?: number;
  readonly plausibleHigh?: number;
  /** Every size evaluated, ascending. */
  readonly points: readonly PowerAtSize[];
  readonly maxSize: number;
}

export interface SampleSizeOptions {
  readonly dimension: TrialSizeDimension;
  readonly target: number;
  /** The first size evaluated (the design's own). */
  readonly start: number;
  readonly minSize: number;
  /** The largest size the search may try. */
  readonly maxSize: number;
  readonly evaluate: (size: number) => Promise<PowerAtSize>;
}

/**
 * Search the smallest size with simulated power ≥ target. 1. Evaluate the start; 2. double (power below
 * target) or halve (at or above) until the target is bracketed, or the bound is reached; 3. bisect between the
 * largest size below and the smallest at or above the target until they are adjacent.
 */
export async function searchSampleSize(options: SampleSizeOptions): Promise<SampleSizeResult> {
  const { target, minSize, maxSize } = options;
  if (!(target > 0 && target < 1)) throw new RangeError(`target power ${target} must lie between 0 and 1`);
  if (!(maxSize >= minSize)) throw new RangeError(`the largest size ${maxSize} is below the smallest ${minSize}`);
  const seen = new Map<number, PowerAtSize>();
  const at = async (size: number) => {
    let p = seen.get(size);
    if (!p) {
      p = await options.evaluate(size);
      seen.set(size, p);
    }
    return p;
  };
  const reaches = (p: PowerAtSize) => p.power >= target;
  let s = Math.min(maxSize, Math.max(minSize, Math.round(options.start)));
  let lo: number | undefined; // largest size known below target
  let hi: number | undefined; // smallest size known at or above target
  if (reaches(await at(s))) {
    hi = s;
    while (hi > minSize) {
      const next = Math.max(minSize, Math.floor(hi / 2));
      if (reaches(await at(next))) hi = next;
      else {
        lo = next;
        break;
      }
    }
  } else {
    lo = s;
    while (lo < maxSize) {
      const next = Math.min(maxSize, lo * 2);
      if (reaches(await at(next))) {
        hi = next;
        break;
      }
      lo = next;
    }
  }
  if (hi !== undefined && lo !== undefined) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (reaches(await at(mid))) hi = mid;
      else lo = mid;
    }
  }
  const points = [...seen.values()].sort((a, b) => a.size - b.size);
  const plausibleLow = points.find((p) => p.powerHigh >= target)?.size;
  const plausibleHigh = points.find((p) => p.powerLow >= target)?.size;
  return { dimension: options.dimension, target, size: hi, at: hi === undefined ? undefined : seen.get(hi), plausibleLow, plausibleHigh, points, maxSize };
}
