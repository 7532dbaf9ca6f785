// The pre-flight of a virtual trial (or a power curve) by arithmetic: one simulated study at a time, at the
// largest number of referrals, plus one result object and one CSV row per simulated trial kept until the
// files are written. Part of trial/ (pure); `cpi-sim trial` checks it against the memory limit.
import { estimateRunResources, FILE_ROW_CHARS, fmtCount, TIME_COSTS, type ResourceEstimate } from '../engine/resource-estimate.js';
import type { ScenarioSource } from '../scenario/compile.js';
import type { TrialDesign } from './trial-design.js';
import { compileTrialScenario } from './virtual-trial.js';

/** Most simulated trials per number of referrals (as the sweep's replicates per point). */
export const MAX_TRIAL_REPLICATES = 1_000_000;

/** Heap of one simulated trial's result: an object of 18 fields, several of them boxed numbers. */
const RESULT_BYTES = 360;

export interface TrialEstimateOptions {
  readonly scenarioChain: readonly ScenarioSource[];
  readonly replicates: number;
  /** Numbers of referrals of a power curve (empty: the design's own). */
  readonly ns: readonly number[];
}

export function estimateTrialResources(design: TrialDesign, options: TrialEstimateOptions): ResourceEstimate {
  const ns = options.ns.length ? options.ns : [design.referrals];
  const largest = Math.max(...ns);
  const scenario = compileTrialScenario(design, options.scenarioChain, largest);
  const arm = scenario.arms.find((a) => a.name === design.arm)!;
  const run = estimateRunResources(scenario.params, scenario.tables, { ticks: design.followUpTick, arms: [arm.params], files: false });
  const trials = options.replicates * ns.length;
  const rowChars = trials * FILE_ROW_CHARS.trialReplicates;
  const kept = trials * (RESULT_BYTES + FILE_ROW_CHARS.trialReplicates + 40) + rowChars;
  const seconds = options.replicates * ns.reduce((a, n) => a + run.seconds * Math.max(0.05, n / largest), 0) + rowChars * TIME_COSTS.outputPerChar;
  return {
    bytes: run.bytes + kept,
    heapBytes: run.heapBytes + kept,
    parts: [{ name: `results of ${fmtCount(trials)} simulated trials and their rows`, bytes: kept, heap: kept }, ...run.parts].sort((a, b) => b.bytes - a.bytes),
    seconds,
    largestArray: run.largestArray,
    largestIds: run.largestIds,
    largestFile: { name: 'trial-replicates.csv', chars: rowChars },
  };
}
