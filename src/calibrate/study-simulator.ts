// Simulating one parameter set of a calibration: compile the trial design's scenario with the free
// parameters' values (they win in every arm, after the design's own `set`), run the design's arm to
// follow-up `replicates` times from seeds hashed from the proposal's seed, and measure every target in each
// run. Part of calibrate/; the same code runs in the pool's worker threads (calibrate-worker.ts) and in
// process. No I/O.
import type { ScenarioSource } from '../scenario/compile.js';
import { runScenario } from '../engine/run.js';
import { deriveSeed } from '../rng/index.js';
import { compileTrialScenario, trialHighCutoff } from '../trial/virtual-trial.js';
import type { TrialDesign } from '../trial/trial-design.js';
import type { CalibrationTarget } from './targets-file.js';
import { measureStudy, type StudyMeasurement } from './study-statistics.js';

/** What every simulation needs once (structured-cloneable: it travels as a pool's workerData). */
export interface StudyContext {
  readonly chain: readonly ScenarioSource[];
  readonly design: TrialDesign;
  readonly targets: readonly CalibrationTarget[];
  readonly paths: readonly string[];
  /** Simulated studies per parameter set; their statistics are averaged. */
  readonly replicates: number;
}

export interface StudyTask {
  readonly values: readonly number[];
  readonly seed: number;
}

/** Each replicate's measurement, in replicate order. */
export type StudyResult = readonly StudyMeasurement[];

/** The seed of replicate r of a parameter set whose proposal seed is `seed`. */
export const studyReplicateSeed = (seed: number, r: number): number => deriveSeed(seed, 'calibration-replicate', r);

/** The design with the free parameters' values added to its `set` (so they win over the design's own and over arms). */
export function designWithValues(design: TrialDesign, paths: readonly string[], values: readonly number[]): TrialDesign {
  return { ...design, set: { ...(design.set ?? {}), ...Object.fromEntries(paths.map((p, j) => [p, values[j]])) } };
}

export function simulateStudy(ctx: StudyContext, task: StudyTask): StudyResult {
  const design = designWithValues(ctx.design, ctx.paths, task.values);
  const scenario = compileTrialScenario(design, ctx.chain);
  const cutoff = trialHighCutoff(design, scenario);
  const out: StudyMeasurement[] = [];
  for (let r = 0; r < ctx.replicates; r++) {
    const run = runScenario(scenario, { seed: studyReplicateSeed(task.seed, r), ticks: design.followUpTick, arms: [design.arm], keepState: true });
    out.push(measureStudy(design, run, cutoff, ctx.targets));
  }
  return out;
}

/** The mean of each statistic over replicates, leaving out replicates where it is NaN (NaN if all are). */
export function meanStatistics(result: StudyResult): number[] {
  const K = result[0]?.stats.length ?? 0;
  return Array.from({ length: K }, (_, k) => {
    let s = 0;
    let n = 0;
    for (const m of result) {
      const v = m.stats[k];
      if (v === v) {
        s += v;
        n++;
      }
    }
    return n ? s / n : NaN;
  });
}
