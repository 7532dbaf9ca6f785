// Virtual trials (trial/virtual-trial.ts): a trial whose fidelity groups are drawn at random reports power
// near alpha (the analysis is honest); the CPI pilot design reports an effect-size distribution and a
// power in [0, 1], the same for the same seed; replicates that cannot be analysed are counted, not dropped;
// seeds come from (root, design, replicate); and a design naming an arm the scenario lacks is refused.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseTrialDesign, type TrialDesign } from '../../src/trial/trial-design.js';
import { TrialError } from '../../src/trial/trial-error.js';
import { runVirtualTrial, summarizeVirtualTrial, trialDesignKey, trialReplicateSeed, type TrialReplicateResult, type VirtualTrialResult } from '../../src/trial/virtual-trial.js';
import { readScenarioChain } from '../../src/index.js';

const load = (name: string): TrialDesign => parseTrialDesign(JSON.parse(readFileSync(new URL(`../../scenarios/trials/${name}.json`, import.meta.url), 'utf8')), name);

describe('a null trial: fidelity groups drawn at random', () => {
  test('reports power near alpha over 200 replicates', () => {
    const design = load('teaching-null');
    expect(design.fidelity.assignment).toBe('random');
    const res = runVirtualTrial(design, { scenarioChain: readScenarioChain(design.scenario), replicates: 200 });
    const s = res.summary;
    expect(s.analysable + s.notAnalysable).toBe(200);
    expect(s.analysable).toBeGreaterThanOrEqual(190);
    // Under the null the number of p < .05 among 200 is Binomial(200, 0.05): P(X ≤ 2) = 0.0023, P(X ≥ 20) = 0.0027.
    expect(s.power).toBeGreaterThanOrEqual(3 / 200);
    expect(s.power).toBeLessThanOrEqual(19 / 200);
    // p-values are then roughly uniform: their median near 0.5
    expect(s.p.median).toBeGreaterThan(0.35);
    expect(s.p.median).toBeLessThan(0.65);
    // the groups are as big as the ratings make them, not degenerate
    expect(s.high.median).toBeGreaterThan(10);
    expect(s.high.median).toBeLessThan(38);
  });
});

describe('the CPI pilot design', () => {
  const design = load('cpi-pilot');
  const chain = readScenarioChain(design.scenario);
  let first: VirtualTrialResult;
  beforeAll(() => {
    first = runVirtualTrial(design, { scenarioChain: chain, replicates: 10, seed: 7 });
  });

  test('reports an effect-size distribution and a power in [0, 1] from 117 analysed of 155 referred', () => {
    const s = first.summary;
    expect(s.replicates).toBe(10);
    expect(s.analysable).toBe(10);
    expect(s.power).toBeGreaterThanOrEqual(0);
    expect(s.power).toBeLessThanOrEqual(1);
    expect(s.powerLow).toBeLessThanOrEqual(s.power);
    expect(s.powerHigh).toBeGreaterThanOrEqual(s.power);
    const eta = s.partialEtaSquared;
    expect(eta.n).toBe(10);
    expect(0 <= eta.low && eta.low <= eta.median && eta.median <= eta.high && eta.high <= 1).toBe(true);
    for (const r of first.replicates) {
      expect([r.referred, r.retained, r.analysed]).toEqual([155, 117, 117]);
      expect(r.high + r.low).toBe(117);
      expect(r.p).toBeGreaterThan(0);
      expect(r.p).toBeLessThanOrEqual(1);
      expect(r.significant).toBe(r.p < 0.05);
      // F on (1, 114) df and partial η² describe the same split: η² = F / (F + 114)
      expect(r.partialEtaSquared).toBeCloseTo(r.f / (r.f + 114), 12);
    }
    // Fidelity ratings vary: the high group is neither empty nor everyone (the pilot: 30 of 117)
    expect(s.high.median).toBeGreaterThan(10);
    expect(s.high.median).toBeLessThan(60);
  });

  test('wellbeing rises within participants, as in the pilot (p < .001)', () => {
    expect(first.summary.wellbeingP.median).toBeLessThan(0.001);
    for (const r of first.replicates) expect(r.wellbeingChange).toBeGreaterThan(0);
  });

  test('is deterministic for a fixed seed and differs for another', () => {
    const again = runVirtualTrial(design, { scenarioChain: chain, replicates: 10, seed: 7 });
    expect(again.replicates).toEqual(first.replicates);
    expect(again.summary).toEqual(first.summary);
    const other = runVirtualTrial(design, { scenarioChain: chain, replicates: 2, seed: 8 });
    expect(other.replicates[0].seed).not.toBe(first.replicates[0].seed);
    expect(other.replicates[0].p).not.toBe(first.replicates[0].p);
  });
});

describe('replicates that cannot be analysed', () => {
  test('are counted with a reason and lower the power, never dropped', () => {
    // Two weeks in, no rating reaches 0.99: the high group is empty in every replicate.
    const design = parseTrialDesign({ ...JSON.parse(readFileSync(new URL('../../scenarios/trials/teaching-null.json', import.meta.url), 'utf8')), followUpTick: 2, fidelity: { highCutoff: 0.99 } });
    const res = runVirtualTrial(design, { scenarioChain: readScenarioChain(design.scenario), replicates: 3 });
    expect(res.replicates).toHaveLength(3);
    expect(res.summary.notAnalysable).toBe(3);
    expect(res.summary.power).toBe(0);
    expect(res.summary.partialEtaSquared.n).toBe(0);
    for (const r of res.replicates) {
      expect(r.analysable).toBe(false);
      expect(r.reason).toMatch(/in the high fidelity group; at least 2 needed/);
      expect(r.p).toBeNaN();
    }
  });

  test('count against power in the summary', () => {
    const base = { replicate: 0, seed: 0, referred: 10, retained: 8, analysed: 8, high: 4, low: 4, wellbeingChange: 1, wellbeingP: 0.01, cohensD: 0.5 };
    const results: TrialReplicateResult[] = [
      { ...base, analysable: true, effect: 1, f: 9, p: 0.01, partialEtaSquared: 0.6, significant: true },
      { ...base, analysable: true, effect: -1, f: 9, p: 0.02, partialEtaSquared: 0.4, significant: true },
      { ...base, analysable: true, effect: 0.1, f: 0.1, p: 0.7, partialEtaSquared: 0.02, significant: false },
      { ...base, analysable: false, reason: 'test', effect: NaN, f: NaN, p: NaN, partialEtaSquared: NaN, significant: false },
    ];
    const s = summarizeVirtualTrial(results, 0.05);
    expect([s.power, s.powerPositive, s.analysable, s.notAnalysable]).toEqual([0.5, 0.25, 3, 1]);
    expect(s.partialEtaSquared.median).toBe(0.4);
    expect(s.wellbeingPower).toBe(1);
  });
});

describe('seeds and designs', () => {
  const design = load('cpi-pilot');

  test("a replicate's seed depends on the root seed, the design's substance and the replicate, not on its wording", () => {
    const reworded = { ...design, description: 'other words', title: 'another title' };
    expect(trialDesignKey(reworded)).toBe(trialDesignKey(design));
    expect(trialReplicateSeed(1, reworded, 3)).toBe(trialReplicateSeed(1, design, 3));
    expect(trialReplicateSeed(1, design, 3)).not.toBe(trialReplicateSeed(1, design, 4));
    expect(trialReplicateSeed(1, design, 3)).not.toBe(trialReplicateSeed(2, design, 3));
    expect(trialReplicateSeed(1, { ...design, followUpTick: 26 }, 3)).not.toBe(trialReplicateSeed(1, design, 3));
  });

  test('a design naming an arm the scenario lacks is refused with the allowed arms', () => {
    expect(() => runVirtualTrial({ ...design, arm: 'cpi' }, { scenarioChain: readScenarioChain(design.scenario), replicates: 1 })).toThrow(TrialError);
    expect(() => runVirtualTrial({ ...design, arm: 'cpi' }, { scenarioChain: readScenarioChain(design.scenario), replicates: 1 })).toThrow(
      /"cpi" is not an arm of scenario pilot-england; allowed: high-fidelity, low-fidelity, usual-care/,
    );
  });
});
