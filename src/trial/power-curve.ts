// Power curve of a virtual trial: power at each number of referrals n, and the referrals needed for a target
// power (80% by convention, Cohen 1988), found on the simulated curve by linear interpolation. Simulation-based
// power in the sense of Arnold et al. 2011 (BMC Medical Research Methodology 11:94). Part of trial/; no I/O.
import type { TrialDesign } from './trial-design.js';
import { runVirtualTrial, type VirtualTrialOptions, type VirtualTrialResult } from './virtual-trial.js';
import { TrialError } from './trial-error.js';

export interface PowerCurveOptions extends Omit<VirtualTrialOptions, 'n' | 'onReplicate'> {
  /** Numbers of referrals to simulate (each ≥ 2); sorted ascending in the result. */
  readonly ns: readonly number[];
  /** Target power (default 0.8). */
  readonly target?: number;
  /** Called after each replicate of each n (for progress). */
  readonly onReplicate?: (n: number, done: number, total: number) => void;
}

export interface PowerCurvePoint {
  /** Referrals (before loss to follow-up). */
  readonly n: number;
  readonly power: number;
  /** Exact (Clopper–Pearson) 95% interval of the simulated power. */
  readonly powerLow: number;
  readonly powerHigh: number;
  readonly replicates: number;
  readonly analysable: number;
  readonly medianAnalysed: number;
  readonly medianPartialEtaSquared: number;
}

export interface SampleSizeForPower {
  readonly target: number;
  /** The smallest simulated n whose power reaches the target; undefined if none does. */
  readonly smallestN?: number;
  /**
   * Linear interpolation of power between that n and the simulated n just below it, rounded up to a whole
   * referral; equal to smallestN when it is the first simulated n (nothing below to interpolate from).
   */
  readonly interpolatedN?: number;
}

export interface PowerCurve extends SampleSizeForPower {
  readonly points: readonly PowerCurvePoint[];
  /** The full trial result at each n, in the order of points. */
  readonly trials: readonly VirtualTrialResult[];
}

/**
 * Referrals needed for a target power, read off a simulated curve: the first n (ascending) whose power is
 * at least the target, and a linear interpolation between it and the point before. Because simulated power
 * is noisy, the curve need not be monotone; the first crossing is used, and its interval in the points says
 * how sure it is.
 */
export function findSampleSizeForPower(points: ReadonlyArray<{ readonly n: number; readonly power: number }>, target = 0.8): SampleSizeForPower {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  const i = sorted.findIndex((p) => p.power >= target);
  if (i < 0) return { target };
  const at = sorted[i];
  if (i === 0) return { target, smallestN: at.n, interpolatedN: at.n };
  const before = sorted[i - 1];
  const slope = (at.power - before.power) / (at.n - before.n);
  const n = slope > 0 ? before.n + (target - before.power) / slope : at.n;
  return { target, smallestN: at.n, interpolatedN: Math.min(at.n, Math.ceil(n - 1e-9)) };
}

/** Run the virtual trial at each n (same replicate seeds at every n) and find the n for the target power. */
export function runPowerCurve(design: TrialDesign, options: PowerCurveOptions): PowerCurve {
  const target = options.target ?? 0.8;
  if (!(target > 0 && target < 1)) throw new TrialError(`trial design ${design.name}`, `target power ${target} is not allowed; expected a number between 0 and 1`);
  if (options.ns.length === 0) throw new TrialError(`trial design ${design.name}`, 'no n given; expected at least one number of referrals');
  const ns = [...new Set(options.ns)].sort((a, b) => a - b);
  const trials = ns.map((n) =>
    runVirtualTrial(design, {
      scenarioChain: options.scenarioChain,
      replicates: options.replicates,
      seed: options.seed,
      n,
      onReplicate: options.onReplicate ? (done, total) => options.onReplicate!(n, done, total) : undefined,
    }),
  );
  return powerCurveFromTrials(trials, target);
}

/** The power curve of trials simulated anywhere (this thread or the worker pool), in ascending n. */
export function powerCurveFromTrials(trials: readonly VirtualTrialResult[], target = 0.8): PowerCurve {
  const points = trials.map(
    (t): PowerCurvePoint => ({
      n: t.referrals,
      power: t.summary.power,
      powerLow: t.summary.powerLow,
      powerHigh: t.summary.powerHigh,
      replicates: t.summary.replicates,
      analysable: t.summary.analysable,
      medianAnalysed: t.summary.analysed.median,
      medianPartialEtaSquared: t.summary.partialEtaSquared.median,
    }),
  );
  return { ...findSampleSizeForPower(points, target), points, trials };
}
