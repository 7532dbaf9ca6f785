// The cost-effectiveness of a comparative trial (issue 16, costs): each simulated trial prices the worker time
// its analysed participants received with the scenario's costs.* and sets it against their change in the
// primary outcome. Claims: unit costs change nothing simulated (same seeds, same effects, same p-values) but
// scale the costs they price; the service-use offset lowers each arm's cost by its price times the arm's change;
// a null design costs the same in both arms; the acceptability curve runs from P(cost saving) at λ = 0 towards
// P(effect > 0); the design's cost-effectiveness settings leave the seeds alone; the files carry the figures.
import { describe, expect, test } from 'vitest';
import { parseTrialDesign, type TrialDesign } from '../../src/trial/trial-design.js';
import { runComparativeTrial } from '../../src/trial/comparative-trial.js';
import { trialReplicateSeed } from '../../src/trial/virtual-trial.js';
import { buildAcceptabilityCsv, buildComparativeReplicatesCsv, buildComparativeSummaryJson, ACCEPTABILITY_COLUMNS } from '../../src/output/comparative-trial-files.js';
import { readScenarioChain } from '../../src/index.js';
import { TrialError } from '../../src/trial/trial-error.js';

const chain = readScenarioChain('teaching-barriers');
const make = (extra: Record<string, unknown> = {}, design: Record<string, unknown> = { type: 'individual', control: 'no-barriers' }): TrialDesign =>
  parseTrialDesign({
    name: 'cost-design',
    description: 'a costed test',
    scenario: 'teaching-barriers',
    arm: 'with-barriers',
    design,
    referrals: 60,
    followUpTick: 20,
    retention: { expected: 0.85, method: 'fixed-count' },
    outcome: { measure: 'rg_total' },
    costEffectiveness: { bootstrap: 200 },
    ...extra,
  });

const run = (d: TrialDesign, replicates = 6) => runComparativeTrial(d, { scenarioChain: chain, replicates });

describe('the cost-effectiveness of a comparative trial', () => {
  const plain = run(make());

  test('every analysable trial is costed: worker time has a price, the parts add up, and the incremental cost is the difference of the arms', () => {
    for (const r of plain.replicates) {
      const c = r.costs!;
      expect(c).toBeDefined();
      for (const arm of [c.intervention, c.control]) {
        expect(arm.total).toBeCloseTo(arm.staff + arm.peer + arm.overheads + arm.contacts - arm.serviceUseOffset, 9);
        expect(arm.serviceUseOffset).toBe(0);
      }
      expect(c.intervention.total).toBeGreaterThan(0);
      expect(c.incrementalCost).toBeCloseTo(c.intervention.total - c.control.total, 9);
      expect(c.incrementalEffect).toBeCloseTo(c.change1 - c.change0, 9);
      expect(c.costLow).toBeLessThanOrEqual(c.incrementalCost);
      expect(c.costHigh).toBeGreaterThanOrEqual(c.incrementalCost);
    }
    const s = plain.summary.costs!;
    expect(s.currency).toBe('GBP');
    expect(s.perParticipant.map((p) => p.arm)).toEqual(['with-barriers', 'no-barriers']);
    expect(s.incrementalCost.n).toBe(plain.replicates.length);
    expect(s.icer).toBeCloseTo(s.incrementalCost.mean / s.incrementalEffect.mean, 9);
  });

  test('unit costs change nothing simulated but scale what they price: a staff hour at twice the price doubles the staff part', () => {
    const dear = run(make({ set: { 'costs.staffWorkerHour': 86 } }));
    expect(dear.replicates.map((r) => r.seed)).toEqual(plain.replicates.map((r) => r.seed));
    expect(dear.replicates.map((r) => [r.primary.effect, r.primary.p])).toEqual(plain.replicates.map((r) => [r.primary.effect, r.primary.p]));
    const ratio = dear.summary.costs!.perParticipant[0].staff / plain.summary.costs!.perParticipant[0].staff;
    expect(ratio).toBeCloseTo(86 / 43, 9);
    expect(dear.summary.costs!.perParticipant[0].contacts).toBeCloseTo(plain.summary.costs!.perParticipant[0].contacts, 9);
  });

  test('the service-use offset, when switched on, lowers each arm by its price times the arm\'s change in the primary outcome', () => {
    const price = 100;
    const offset = run(make({ set: { 'costs.serviceUseOffset.enabled': true, 'costs.serviceUseOffset.perOutcomeUnit': price } }));
    expect(offset.summary.costs!.serviceUseOffset).toBe(true);
    for (let k = 0; k < plain.replicates.length; k++) {
      const a = plain.replicates[k].costs!;
      const b = offset.replicates[k].costs!;
      expect(b.intervention.total).toBeCloseTo(a.intervention.total - price * a.change1, 6);
      expect(b.control.total).toBeCloseTo(a.control.total - price * a.change0, 6);
      expect(b.incrementalCost).toBeCloseTo(a.incrementalCost - price * a.incrementalEffect, 6);
    }
  });

  test('a null design (the control is the intervention) costs the same in both arms on average', () => {
    const nul = run(make({}, { type: 'individual', control: 'with-barriers' }), 12);
    const [i, c] = nul.summary.costs!.perParticipant;
    expect(Math.abs(i.mean - c.mean)).toBeLessThan(0.15 * i.mean);
    expect(nul.summary.costs!.incrementalCost.low).toBeLessThan(0);
    expect(nul.summary.costs!.incrementalCost.high).toBeGreaterThan(0);
  });

  test('the acceptability curve starts at the share of trials that save money and rises to the share with a positive effect', () => {
    const s = plain.summary.costs!;
    const curve = s.acceptability;
    expect(curve.length).toBe(31);
    expect(curve[0].willingnessToPay).toBe(0);
    expect(curve[0].probability).toBe(s.probabilityCostSaving);
    expect(curve.at(-1)!.probability).toBeLessThanOrEqual(s.probabilityEffectPositive + 1e-12);
    for (const p of curve) expect(p.netBenefitLow).toBeLessThanOrEqual(p.netBenefitHigh);
    // The design can name the λ it wants.
    const named = run(make({ costEffectiveness: { bootstrap: 200, willingnessToPay: [0, 1000, 50000] } }), 3);
    expect(named.summary.costs!.acceptability.map((p) => p.willingnessToPay)).toEqual([0, 1000, 50000]);
    // ... without changing a seed.
    expect(trialReplicateSeed(1, named.design, 0)).toBe(trialReplicateSeed(1, make(), 0));
  });

  test('cluster designs resample teams; fidelity-groups designs refuse the cost-effectiveness settings', () => {
    const cl = run(make({ referrals: undefined, agencies: undefined }, { type: 'cluster', control: 'no-barriers', clusters: 6, perCluster: 10 }), 3);
    expect(cl.summary.costs!.bootstrap.resampled).toBe('clusters');
    expect(plain.summary.costs!.bootstrap.resampled).toBe('participants');
    expect(() => make({ design: undefined })).toThrow(TrialError);
    try {
      make({ design: undefined });
    } catch (err) {
      expect((err as TrialError).issues.map((i) => i.path)).toContain('costEffectiveness');
    }
  });

  test('the files: cost columns on each primary row, trial-acceptability.csv per λ, and the costs in trial-summary.json', () => {
    const sized = [{ n: 60, trial: plain }];
    const reps = buildComparativeReplicatesCsv(sized, 0.05).text.trim().split('\n');
    const header = reps[0].split(',');
    const at = header.indexOf('incremental_cost');
    expect(at).toBeGreaterThan(0);
    const first = reps[1].split(',');
    expect(Number(first[at])).toBeCloseTo(plain.replicates[0].costs!.incrementalCost, 6);
    const ceac = buildAcceptabilityCsv(sized)!;
    const rows = ceac.text.trim().split('\n');
    expect(rows[0]).toBe(ACCEPTABILITY_COLUMNS.join(','));
    expect(ceac.rows).toBe(31);
    expect(rows[1].split(',')[4]).toBe('GBP');
    const json = JSON.parse(buildComparativeSummaryJson(sized, 'participants'));
    expect(json.costs.currency).toBe('GBP');
    expect(json.results[0].summary.costs.acceptability).toHaveLength(31);
  });
});
