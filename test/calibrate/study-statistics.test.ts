// The targets' statistics of one simulated study (calibrate/study-statistics.ts, study-simulator.ts): the
// annualisation by hand, each kind read from a real run against the run's own tables, the trial fields equal
// to the virtual trial's analysis, and the tie-decay envelope behaving as the decay parameters say.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { annualiseLoss, measureStatistic, measureStudy } from '../../src/calibrate/study-statistics.js';
import { designWithValues, meanStatistics, simulateStudy, type StudyContext } from '../../src/calibrate/study-simulator.js';
import { loadCalibration } from '../../src/calibrate/load-calibration.js';
import { analyzeTrialRun, compileTrialScenario, trialHighCutoff } from '../../src/trial/virtual-trial.js';
import { runScenario } from '../../src/engine/run.js';
import { UserState } from '../../src/model/codes.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const loaded = loadCalibration('teaching-barriers', join(FIXTURES, 'teaching-targets.json'), join(FIXTURES, 'teaching.free.json'));

describe('annualised loss', () => {
  test('a share lost over a number of weeks becomes a yearly rate at a constant hazard', () => {
    expect(annualiseLoss(0.5, 52)).toBeCloseTo(0.5, 12);
    expect(annualiseLoss(0.5, 26)).toBeCloseTo(0.75, 12);
    expect(annualiseLoss(0, 39)).toBe(0);
    expect(annualiseLoss(1, 13)).toBe(1);
    expect(annualiseLoss(0.1, 0)).toBeNaN();
  });
});

describe('statistics of one simulated study', () => {
  const design = loaded.design;
  const scenario = compileTrialScenario(design, loaded.chain);
  const run = runScenario(scenario, { seed: 5, ticks: design.followUpTick, arms: [design.arm], keepState: true });
  const cutoff = trialHighCutoff(design, scenario);
  const trial = analyzeTrialRun(design, run, 0, cutoff);
  const arm = run.arms[0];
  const G = run.groups.length;
  const M = run.measures.length;

  test('a group measure and a ratio are read from the run’s series at the tick asked for', () => {
    const at = (m: string, t: number) => arm.series[(t * G + run.groups.indexOf('all')) * M + run.measures.indexOf(m)];
    expect(measureStatistic({ type: 'group-measure', measure: 'network_size', group: 'all', tick: 0 }, run, design.arm, trial)).toBe(at('network_size', 0));
    expect(measureStatistic({ type: 'group-measure', measure: 'rg_total', group: 'all', tick: 'follow-up' }, run, design.arm, trial)).toBe(at('rg_total', 26));
    expect(measureStatistic({ type: 'group-ratio', numerator: 'family_ties', denominator: 'network_size', group: 'all', tick: 0 }, run, design.arm, trial)).toBe(
      at('family_ties', 0) / at('network_size', 0),
    );
  });

  test('the share not dropped out counts the referred users by their final state', () => {
    const referred = [...arm.finalUserState].filter((s) => s !== UserState.notReferred);
    const dropped = referred.filter((s) => s === UserState.droppedOut).length;
    expect(dropped).toBeGreaterThan(0);
    expect(measureStatistic({ type: 'share-not-dropped-out' }, run, design.arm, trial)).toBe(1 - dropped / referred.length);
  });

  test('trial fields are the virtual trial’s own analysis of the run', () => {
    const m = measureStudy(design, run, cutoff, [
      { name: 'a', value: 0, scale: 1, source: 's', statistic: { type: 'trial', field: 'partialEtaSquared' } },
      { name: 'b', value: 0, scale: 1, source: 's', statistic: { type: 'trial', field: 'highShare' } },
      { name: 'c', value: 0, scale: 1, source: 's', statistic: { type: 'trial', field: 'analysedShare' } },
    ]);
    expect(m.stats).toEqual([trial.partialEtaSquared, trial.high / trial.analysed, trial.analysed / trial.referred]);
    expect(m.trialP).toBe(trial.p);
    expect(m.wellbeingP).toBe(trial.wellbeingP);
  });
});

describe('the tie-decay envelope follows the decay parameters', () => {
  const ctx = (paths: string[], replicates = 3): StudyContext => ({
    chain: loaded.chain,
    design: loaded.design,
    paths,
    replicates,
    targets: [
      { name: 'new', value: 0.9, scale: 0.1, source: 's', statistic: { type: 'new-tie-loss', minAgeWeeks: 8 } },
      { name: 'inner', value: 0.025, scale: 0.015, source: 's', statistic: { type: 'strong-tie-loss', minBaselineStrength: 0.7 } },
    ],
  });
  const paths = ['ties.decayWeak', 'ties.decayStrong', 'ties.establishedDecay'];

  test('without decay or turnover no tie is lost', () => {
    const [newLoss, innerLoss] = meanStatistics(simulateStudy(ctx([...paths, 'ties.turnoverRate']), { values: [0, 0, 0, 0], seed: 3 }));
    expect(newLoss).toBe(0);
    expect(innerLoss).toBe(0);
  });

  test('faster decay of weak ties loses more new ties; faster decay of strong ties loses more of the inner circle', () => {
    const run = (v: number[]) => meanStatistics(simulateStudy(ctx(paths), { values: v, seed: 3 }));
    const slow = run([0.03, 0.0005, 0.1]);
    const fastWeak = run([0.25, 0.0005, 0.1]);
    const fastStrong = run([0.03, 0.05, 0.1]);
    expect(fastWeak[0]).toBeGreaterThan(slow[0] + 0.2);
    expect(fastStrong[1]).toBeGreaterThan(slow[1] + 0.05);
  });

  test('the free values win over the design’s own set and over the arm', () => {
    const d = designWithValues({ ...loaded.design, set: { 'ties.decayWeak': 0.5 } }, ['ties.decayWeak'], [0.07]);
    const s = compileTrialScenario(d, loaded.chain);
    expect(s.arms.find((a) => a.name === d.arm)!.params.ties.decayWeak).toBe(0.07);
  });
});
