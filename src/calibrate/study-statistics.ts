// The calibration targets' statistics, computed from one simulated study (a run of the trial design's arm up
// to follow-up, kept with its final state): group measures at a tick, the share not dropped out, the pilot's
// own analysis (trial/virtual-trial.ts, analyzeTrialRun), and the tie-decay envelope (new ties' annual loss,
// Burt 2002; inner-circle ties' annual loss, Roy et al. 2022). Part of calibrate/: pure readers, no draws
// beyond those the trial analysis makes from its own seeded streams.
import type { RunResult } from '../engine/run.js';
import { TieFlag, UserState } from '../model/codes.js';
import { analyzeTrialRun } from '../trial/virtual-trial.js';
import type { TrialDesign } from '../trial/trial-design.js';
import type { CalibrationTarget, StatisticSpec } from './targets-file.js';

/** What one simulated study gives: each target's statistic (NaN where not computable) and the trial's tests. */
export interface StudyMeasurement {
  readonly stats: number[];
  /** The ANCOVA's p for the fidelity groups, and the paired wellbeing test's p (NaN when not analysable). */
  readonly trialP: number;
  readonly partialEtaSquared: number;
  readonly wellbeingP: number;
}

/** Annual loss rate from a share lost over `weeks`, under a constant weekly hazard. */
export function annualiseLoss(share: number, weeks: number): number {
  if (!(weeks > 0) || !(share >= 0)) return NaN;
  return 1 - Math.pow(1 - Math.min(1, share), 52 / weeks);
}

function isUserTie(run: RunResult, t: NonNullable<RunResult['arms'][number]['state']>['ties'], id: number): boolean {
  const userOf = run.population.userOf;
  return userOf[t.a[id]] >= 0 || userOf[t.b[id]] >= 0;
}

/** One statistic of one run. `arm` is the trial design's arm; the run must have been made with keepState. */
export function measureStatistic(spec: StatisticSpec, run: RunResult, armName: string, trial: ReturnType<typeof analyzeTrialRun>): number {
  const arm = run.arms.find((a) => a.name === armName)!;
  const G = run.groups.length;
  const M = run.measures.length;
  const at = (measure: string, group: string, tick: number | 'follow-up'): number => {
    const t = tick === 'follow-up' ? run.ticks : tick;
    const g = run.groups.indexOf(group);
    const m = run.measures.indexOf(measure);
    if (g < 0 || m < 0 || t > run.ticks) return NaN;
    return arm.series[(t * G + g) * M + m];
  };
  switch (spec.type) {
    case 'group-measure':
      return at(spec.measure, spec.group, spec.tick);
    case 'group-ratio':
      return at(spec.numerator, spec.group, spec.tick) / at(spec.denominator, spec.group, spec.tick);
    case 'share-not-dropped-out': {
      let referred = 0;
      let stayed = 0;
      for (const s of arm.finalUserState) {
        if (s === UserState.notReferred) continue;
        referred++;
        if (s !== UserState.droppedOut) stayed++;
      }
      return referred ? stayed / referred : NaN;
    }
    case 'trial':
      switch (spec.field) {
        case 'partialEtaSquared':
          return trial.partialEtaSquared;
        case 'highShare':
          return trial.analysed ? trial.high / trial.analysed : NaN;
        case 'effect':
          return trial.effect;
        case 'cohensD':
          return trial.cohensD;
        case 'wellbeingChange':
          return trial.wellbeingChange;
        case 'analysedShare':
          return trial.referred ? trial.analysed / trial.referred : NaN;
      }
      return NaN;
    case 'new-tie-loss': {
      // Ties formed during the run (not baseline) with at least minAgeWeeks of age at follow-up.
      const t = arm.state!.ties;
      let n = 0;
      let lost = 0;
      let age = 0;
      for (let id = 0; id < t.size; id++) {
        const f = t.flags[id];
        if (f & TieFlag.baseline || run.ticks - t.formedAt[id] < spec.minAgeWeeks || !isUserTie(run, t, id)) continue;
        n++;
        age += run.ticks - t.formedAt[id];
        if (!(f & TieFlag.alive)) lost++;
      }
      return n ? annualiseLoss(lost / n, age / n) : NaN;
    }
    case 'strong-tie-loss': {
      const t = arm.state!.ties;
      const below = spec.lostBelow ?? arm.state!.params.ties.weakThreshold;
      let n = 0;
      let lost = 0;
      for (let id = 0; id < t.size; id++) {
        const f = t.flags[id];
        // Baseline ties proper: replacements formed during the run (baseline | replacement) are not followed up.
        if ((f & (TieFlag.baseline | TieFlag.replacement)) !== TieFlag.baseline || t.baseStrength[id] < spec.minBaselineStrength || !isUserTie(run, t, id)) continue;
        n++;
        if (!(f & TieFlag.alive) || t.strength[id] < below) lost++;
      }
      return n ? annualiseLoss(lost / n, run.ticks) : NaN;
    }
  }
}

/** Every target's statistic of one run, and the trial's tests. */
export function measureStudy(design: TrialDesign, run: RunResult, highCutoff: number, targets: readonly CalibrationTarget[]): StudyMeasurement {
  const trial = analyzeTrialRun(design, run, 0, highCutoff);
  return {
    stats: targets.map((t) => measureStatistic(t.statistic, run, design.arm, trial)),
    trialP: trial.p,
    partialEtaSquared: trial.partialEtaSquared,
    wellbeingP: trial.wellbeingP,
  };
}
