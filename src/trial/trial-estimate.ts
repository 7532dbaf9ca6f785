// The pre-flight of a virtual trial (or a power curve) by arithmetic: one simulated study at a time, at the
// largest number of referrals, plus one result object and one CSV row per simulated trial kept until the
// files are written. Part of trial/ (pure); `cpi-sim trial` checks it against the memory limit.
import { estimateRunResources, FILE_ROW_CHARS, fmtCount, TIME_COSTS, type ResourceEstimate } from '../engine/resource-estimate.js';
import type { ScenarioSource } from '../scenario/compile.js';
import { comparativeDesign, resizeTrialDesign, trialReferrals, type TrialDesign, type TrialSizeDimension } from './trial-design.js';
import { compileTrialScenario } from './virtual-trial.js';
import { compileComparativeScenario } from './comparative-trial.js';

/** Most simulated trials per number of referrals (as the sweep's replicates per point). */
export const MAX_TRIAL_REPLICATES = 1_000_000;

/** Heap of one simulated trial's result: an object of 18 fields, several of them boxed numbers. */
const RESULT_BYTES = 360;

export interface TrialEstimateOptions {
  readonly scenarioChain: readonly ScenarioSource[];
  readonly replicates: number;
  /** Sizes of a power curve along `dimension` (referrals for fidelity-groups designs; empty: the design's own). */
  readonly ns: readonly number[];
  /** What the sizes count (default participants). */
  readonly dimension?: TrialSizeDimension;
  /** Worker threads simulating at once (default 1). */
  readonly workers?: number;
}

export function estimateTrialResources(design: TrialDesign, options: TrialEstimateOptions): ResourceEstimate {
  const comparative = comparativeDesign(design);
  const dimension = options.dimension ?? 'participants';
  const ns = options.ns.length ? options.ns : [comparative ? 0 : trialReferrals(design)];
  const largest = Math.max(...ns);
  const lanes = Math.max(1, options.workers ?? 1);
  let run: ResourceEstimate;
  let perSize: (n: number) => number;
  if (comparative) {
    const sized = options.ns.length ? resizeTrialDesign(design, dimension, largest) : design;
    const scenario = compileComparativeScenario(sized, options.scenarioChain);
    const arms = scenario.arms.filter((a) => a.name === design.arm || a.name === comparative.control).map((a) => a.params);
    run = estimateRunResources(scenario.params, scenario.tables, { ticks: design.followUpTick, arms, files: false });
    const full = trialReferrals(sized);
    perSize = (n) => run.seconds * Math.max(0.05, (options.ns.length ? trialReferrals(resizeTrialDesign(design, dimension, n)) : full) / full);
  } else {
    const scenario = compileTrialScenario(design, options.scenarioChain, largest);
    const arm = scenario.arms.find((a) => a.name === design.arm)!;
    run = estimateRunResources(scenario.params, scenario.tables, { ticks: design.followUpTick, arms: [arm.params], files: false });
    perSize = (n) => run.seconds * Math.max(0.05, n / largest);
  }
  const outcomes = 1 + (design.secondary?.length ?? 0);
  const trials = options.replicates * ns.length;
  const rowChars = trials * FILE_ROW_CHARS.trialReplicates * (comparative ? outcomes * 1.5 : 1);
  const kept = trials * (RESULT_BYTES * (comparative ? 2 * outcomes : 1) + FILE_ROW_CHARS.trialReplicates + 40) + rowChars;
  const seconds = (options.replicates * ns.reduce((a, n) => a + perSize(n), 0)) / lanes + rowChars * TIME_COSTS.outputPerChar;
  return {
    bytes: run.bytes * lanes + kept,
    heapBytes: run.heapBytes + kept,
    parts: [
      { name: `results of ${fmtCount(trials)} simulated trials and their rows`, bytes: kept, heap: kept },
      ...run.parts.map((p) => (lanes > 1 ? { ...p, name: `${p.name} (× ${lanes} workers)`, bytes: p.bytes * lanes } : p)),
    ].sort((a, b) => b.bytes - a.bytes),
    seconds,
    largestArray: run.largestArray,
    largestIds: run.largestIds,
    largestFile: { name: 'trial-replicates.csv', chars: rowChars },
  };
}
