// Comparative virtual trials (trial/comparative-trial.ts, issue 16): designs parse and bad ones are named;
// allocation randomises the design's unit (participants within agency, whole teams, one team per
// organisation); null designs (the control the same arm as the intervention) hold their size at 2,000
// replicates with the randomisation test and with the parametric analysis; a cluster analysis recovers a
// known ICC from data simulated directly; replicates are reproducible and sizes share their seeds.
import { describe, expect, test } from 'vitest';
import { parseTrialDesign, resizeTrialDesign, trialReferrals, type TrialDesign } from '../../src/trial/trial-design.js';
import { TrialError } from '../../src/trial/trial-error.js';
import { allocate, analyseComparativeRun, analyseOutcome, comparativeContext, runComparativeTrial, simulateComparativeReplicate } from '../../src/trial/comparative-trial.js';
import { trialReplicateSeed } from '../../src/trial/virtual-trial.js';
import { runScenario } from '../../src/engine/run.js';
import { binomialConfidenceInterval } from '../../src/analysis/stats.js';
import { createStream } from '../../src/rng/index.js';
import { readScenarioChain } from '../../src/index.js';

const chain = readScenarioChain('teaching-barriers');
const make = (design: Record<string, unknown>, extra: Record<string, unknown> = {}): TrialDesign =>
  parseTrialDesign({
    name: 'test-design',
    description: 'a test',
    scenario: 'teaching-barriers',
    arm: 'with-barriers',
    design,
    followUpTick: 20,
    retention: { expected: 0.85, method: 'fixed-count' },
    outcome: { measure: 'rg_total' },
    ...extra,
  });

function issuesOf(json: Record<string, unknown>): Record<string, string> {
  try {
    make(json.design as Record<string, unknown>, json);
  } catch (err) {
    expect(err).toBeInstanceOf(TrialError);
    return Object.fromEntries((err as TrialError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error('expected a TrialError');
}

describe('comparative design files', () => {
  test('cluster and paired-teams designs derive referrals and teams; individual designs need referrals', () => {
    const c = make({ type: 'cluster', control: 'no-barriers', clusters: 6, perCluster: 9 });
    expect(trialReferrals(c)).toBe(54);
    expect(c.design).toMatchObject({ allocationRatio: 1, analysis: 'lmm' });
    const p = make({ type: 'paired-teams', control: 'no-barriers', pairs: 4, perTeam: 5 });
    expect(trialReferrals(p)).toBe(40);
    expect(issuesOf({ design: { type: 'individual', control: 'no-barriers' } }).referrals).toMatch(/need the number of people referred/);
  });

  test('contradictions and unknown fields are named with the value and what is allowed', () => {
    const bad = issuesOf({ design: { type: 'cluster', control: 'no-barriers', clusters: 6, perCluster: 9 }, referrals: 50, agencies: 3, wellbeing: {} });
    expect(bad.referrals).toMatch(/50 is not allowed; a cluster design refers 54 people/);
    expect(bad.agencies).toMatch(/3 is not allowed; a cluster design has 6 teams/);
    expect(bad.wellbeing).toMatch(/under `secondary`/);
    expect(issuesOf({ design: { type: 'cluster', control: 'x', clusters: 1, perCluster: 9 } })['design.clusters']).toMatch(/1 is out of range/);
    expect(issuesOf({ design: { type: 'stepped-wedge' } })['design.type']).toMatch(/is not allowed; .*'fidelity-groups' \| 'individual' \| 'cluster' \| 'paired-teams'/);
    const fid = issuesOf({ design: { type: 'fidelity-groups' }, referrals: 40, secondary: [{ measure: 'network_size' }], test: { method: 'permutation' } });
    expect(fid.secondary).toMatch(/comparative designs/);
    expect(fid.test).toMatch(/comparative designs/);
  });

  test('an unknown control arm or attrition arm is refused with the arms allowed', () => {
    const d = make({ type: 'individual', control: 'usual-care' }, { referrals: 30 });
    expect(() => comparativeContext(d, chain)).toThrow(/design\.control: "usual-care" is not an arm of scenario teaching-barriers; allowed: with-barriers, no-barriers/);
    const e = make({ type: 'individual', control: 'no-barriers' }, { referrals: 30, retention: { expected: 0.8, method: 'fixed-count', byArm: { other: 0.5 } } });
    expect(() => comparativeContext(e, chain)).toThrow(/retention\.byArm\.other/);
  });

  test('resizing keeps the seeds: every size of a design draws the same replicate seeds', () => {
    const c = make({ type: 'cluster', control: 'no-barriers', clusters: 6, perCluster: 9 });
    const bigger = resizeTrialDesign(c, 'clusters', 12);
    expect(trialReferrals(bigger)).toBe(108);
    expect(trialReplicateSeed(7, bigger, 3)).toBe(trialReplicateSeed(7, c, 3));
    expect(trialReplicateSeed(7, resizeTrialDesign(c, 'per-cluster', 20), 3)).toBe(trialReplicateSeed(7, c, 3));
    expect(() => resizeTrialDesign(c, 'clusters', 1)).toThrow(/clusters 1 is not allowed/);
  });
});

describe('allocation', () => {
  const home = Int32Array.from({ length: 61 }, (_, u) => u % 5);
  test('individual: within each agency the arms differ by at most one; with ratio 2, two thirds', () => {
    const d = make({ type: 'individual', control: 'no-barriers' }, { referrals: 61 }).design!;
    const arm = allocate(d as never, home, 5, createStream(1));
    for (let a = 0; a < 5; a++) {
      const members = [...home.keys()].filter((u) => home[u] === a);
      const k = members.reduce((s, u) => s + arm[u], 0);
      expect(Math.abs(2 * k - members.length)).toBeLessThanOrEqual(1);
    }
    const two = make({ type: 'individual', control: 'no-barriers', allocationRatio: 2, stratifyByAgency: false }, { referrals: 61 }).design!;
    const k2 = allocate(two as never, home, 5, createStream(2)).reduce((s, v) => s + v, 0);
    expect(Math.abs(k2 - 61 * (2 / 3))).toBeLessThanOrEqual(1);
  });

  test('cluster: whole teams; paired teams: exactly one team of each organisation', () => {
    const c = make({ type: 'cluster', control: 'no-barriers', clusters: 5, perCluster: 12 }).design!;
    const arm = allocate(c as never, home, 5, createStream(3));
    const teamArm = [0, 1, 2, 3, 4].map((t) => arm[t]);
    for (let u = 0; u < 61; u++) expect(arm[u]).toBe(teamArm[home[u]]);
    expect(teamArm.reduce((a, b) => a + b, 0)).toBe(3); // round(5 × 1/2)
    const homes6 = Int32Array.from({ length: 60 }, (_, u) => u % 6);
    const p = make({ type: 'paired-teams', control: 'no-barriers', pairs: 3, perTeam: 10 }).design!;
    for (let s = 0; s < 20; s++) {
      const a = allocate(p as never, homes6, 6, createStream(100 + s));
      for (let k = 0; k < 3; k++) expect(a[2 * k] + a[2 * k + 1]).toBe(1);
    }
  });
});

describe('null designs hold their size at 2,000 replicates', () => {
  // Under the null (the control the same arm as the intervention) each person's outcome is the same under
  // either arm, so only the randomisation differs between replicates: 20 simulated runs, each re-randomised
  // 100 times (the replicate's allocation, attrition and permutation streams come from its seed). Enough
  // teams that the randomisation distribution is not coarse: with 8 teams (70 allocations, in ± pairs) an
  // exact test can only reject at 2/70 ≈ 0.029, honest but conservative; 12 teams give 924 allocations.
  const designs: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['individual', { type: 'individual', control: 'with-barriers' }, { referrals: 60 }],
    ['cluster', { type: 'cluster', control: 'with-barriers', clusters: 12, perCluster: 8 }, {}],
    ['paired-teams', { type: 'paired-teams', control: 'with-barriers', pairs: 10, perTeam: 5 }, {}],
  ];
  for (const [label, shape, extra] of designs) {
    test(`${label}: power of the randomisation test and of the parametric test (paired teams: the paired t-test) inside the binomial interval of alpha`, () => {
      const design = make(shape, { ...extra, secondary: [{ measure: 'network_size' }], test: { method: 'permutation', permutations: 999 } });
      const ctx = comparativeContext(design, chain);
      let parametric = 0;
      let lmm = 0;
      let permutation = 0;
      let total = 0;
      for (let r = 0; r < 20; r++) {
        const run = runScenario(ctx.scenario, { seed: trialReplicateSeed(ctx.root, design, r), ticks: design.followUpTick, arms: [design.arm] });
        for (let k = 0; k < 100; k++) {
          const res = analyseComparativeRun(design, { ...run, seed: run.seed + 1 + k * 7919 }, r * 100 + k);
          expect(res.analysable).toBe(true);
          if ((label === 'paired-teams' ? res.primary.pAlternative : res.primary.p) < 0.05) parametric++;
          if (res.primary.p < 0.05) lmm++;
          if (res.primary.pPermutation < 0.05) permutation++;
          total++;
        }
      }
      const ci = binomialConfidenceInterval(100, 2000);
      expect(total).toBe(2000);
      expect(permutation / total).toBeGreaterThanOrEqual(ci.low);
      expect(permutation / total).toBeLessThanOrEqual(ci.high);
      expect(parametric / total).toBeGreaterThanOrEqual(ci.low);
      expect(parametric / total).toBeLessThanOrEqual(ci.high);
      // The mixed model never exceeds alpha; with paired teams (an organisation effect per pair and a team
      // intercept) its Satterthwaite df make it conservative (about 0.03 here), so there the paired t-test
      // of the teams' means is the parametric test that holds its size.
      expect(lmm / total).toBeLessThanOrEqual(ci.high);
      if (label !== 'paired-teams') expect(lmm / total).toBeGreaterThanOrEqual(ci.low);
    });
  }
});

describe('the cluster analysis', () => {
  test('recovers a known ICC (0.1) from data simulated directly: 150 teams of 20', () => {
    const design = make({ type: 'cluster', control: 'no-barriers', clusters: 150, perCluster: 20 });
    const s = createStream(2026);
    const n = 150 * 20;
    const team = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 20));
    const arm = Int8Array.from({ length: n }, (_, i) => Math.floor(i / 20) % 2);
    const u = Array.from({ length: 150 }, () => s.normal(0, Math.sqrt(0.1)));
    const y = Float64Array.from({ length: n }, (_, i) => 0.3 * arm[i] + u[team[i]] + s.normal(0, Math.sqrt(0.9)));
    const t = analyseOutcome(design, 'synthetic', { y, arm, team });
    expect(t.icc).toBeGreaterThan(0.07);
    expect(t.icc).toBeLessThan(0.13);
    // design effect 1 + (m − 1) ρ with m = 20
    expect(t.designEffect).toBeCloseTo(1 + 19 * t.icc, 10);
    expect(t.effect).toBeGreaterThan(t.low);
    expect(t.low).toBeLessThan(0.3);
    expect(t.high).toBeGreaterThan(0.3);
  });
});

describe('a simulated comparative trial', () => {
  test('barriers lower the outcome against no barriers; the same seed gives the same replicates', () => {
    const design = make({ type: 'individual', control: 'no-barriers' }, { referrals: 60, secondary: [{ measure: 'network_size' }, { measure: 'new_ties' }] });
    const a = runComparativeTrial(design, { scenarioChain: chain, replicates: 4 });
    const ctx = comparativeContext(design, chain);
    expect(simulateComparativeReplicate(ctx, 2)).toEqual(a.replicates[2]);
    expect(a.summary.outcomes.map((o) => o.measure)).toEqual(['rg_total', 'network_size', 'new_ties']);
    // Holm: the adjusted p of a secondary is never below its raw p.
    for (const r of a.replicates) for (const s of r.secondary) expect(s.pDecisive).toBeGreaterThanOrEqual(s.p - 1e-12);
    expect(a.summary.outcomes[2].effect.median).toBeLessThan(0);
  });
});
