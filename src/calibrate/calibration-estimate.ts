// The pre-flight of a calibration by arithmetic: one simulated study per worker (the trial design's arm at
// the free parameters' largest values), the prior draws of generation 0 (particles / quantile), the particles
// of every generation and the predictive draws, all kept in memory until the files are written; and a time
// estimate from the number of simulated studies. Part of calibrate/ (pure); `cpi-sim calibrate` checks it.
import { estimateRunResources, fmtCount, NODE_BASE_BYTES, TIME_COSTS, type ResourceEstimate, type ResourcePart } from '../engine/resource-estimate.js';
import { compileTrialScenario } from '../trial/virtual-trial.js';
import { largestParams } from '../sweep/sweep-estimate.js';
import type { AbcMethod } from './abc.js';
import type { LoadedCalibration } from './load-calibration.js';

export interface CalibrationEstimateOptions {
  readonly method: AbcMethod;
  readonly particles: number;
  readonly quantile: number;
  readonly generations: number;
  readonly replicates: number;
  readonly predictive: number;
  readonly check: number;
  readonly workers: number;
}

/** Simulations an SMC generation needs per accepted particle (its acceptance is about a half to a tenth). */
const SMC_SIMULATIONS_PER_PARTICLE = 4;

export function estimateCalibrationResources(loaded: LoadedCalibration, options: CalibrationEstimateOptions): ResourceEstimate {
  const { particles: N, replicates } = options;
  const d = loaded.priors.length;
  const s = loaded.targets.targets.length;
  // 1. One study: the design's scenario with each free parameter at the top of its prior.
  const scenario = compileTrialScenario(loaded.design, loaded.chain);
  const free = loaded.free.parameters.map((p, j) => ({ path: p.path, range: [loaded.priors[j].low, loaded.priors[j].high] as const }));
  const arm = scenario.arms.find((a) => a.name === loaded.design.arm)!;
  const study = estimateRunResources(largestParams(scenario.params, free), scenario.tables, { ticks: loaded.design.followUpTick, arms: [largestParams(arm.params, free)], files: false });
  const lanes = Math.max(1, options.workers);
  // 2. What the main thread keeps: generation 0's prior draws and results, every generation's particles,
  // the predictive draws with their studies' statistics, and particles.csv.
  const generations = options.method === 'rejection' ? 1 : options.generations;
  const drawn = Math.ceil(N / options.quantile);
  const candidate = 150 + 16 * d + (100 + 8 * s);
  const particle = 150 + 8 * s;
  const draws = (options.predictive + options.check) * (100 + replicates * (48 + 8 * s));
  const csvChars = generations * N * (d + s + 5) * 14;
  const kept = drawn * candidate + generations * N * particle + draws + csvChars * 3;
  const parts: ResourcePart[] = [
    { name: `${fmtCount(drawn)} prior draws, ${fmtCount(generations)} generation${generations === 1 ? '' : 's'} of ${fmtCount(N)} particles and the predictive draws`, bytes: kept, heap: kept },
    { name: `${lanes} simulated stud${lanes === 1 ? 'y' : 'ies'} at once, at the priors' largest values`, bytes: lanes * (study.bytes - NODE_BASE_BYTES + 30 * 2 ** 20), heap: study.heapBytes },
  ];
  // 3. Time: every simulated study, and SMC's weights (each new particle against every old one).
  const simulations = drawn + (generations - 1) * N * SMC_SIMULATIONS_PER_PARTICLE + options.predictive + options.check;
  const seconds = (simulations * replicates * study.seconds) / lanes + (generations - 1) * N * N * d * 20e-9 + csvChars * TIME_COSTS.outputPerChar;
  return {
    bytes: NODE_BASE_BYTES + parts[0].bytes + parts[1].bytes,
    heapBytes: Math.max(kept, study.heapBytes),
    parts: parts.sort((a, b) => b.bytes - a.bytes),
    seconds,
    largestArray: study.largestArray,
    largestIds: study.largestIds,
    largestFile: { name: 'particles.csv', chars: csvChars },
  };
}
