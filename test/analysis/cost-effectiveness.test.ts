// Cost-effectiveness (issue 16, costs): a participant's cost from the worker time received and the unit costs,
// checked by hand; arm means, incremental cost and effect and the ICER on tiny data where they are exact; the
// bootstrap reproducible by seed; the ICER interval withheld when the effect interval crosses 0; the
// acceptability curve monotone when every replicate's ΔE is positive and tending to P(ΔE > 0) as λ grows; the
// cluster bootstrap drawing whole clusters.
import { describe, expect, test } from 'vitest';
import { analyseCostEffectiveness, CostEffectivenessError, costOfParticipant, defaultWillingnessToPay, type UnitCosts } from '../../src/analysis/cost-effectiveness.js';
import { loadScenario } from '../../src/scenario/load.js';
import { createStream } from '../../src/rng/index.js';

const base = loadScenario('base').params.costs;
const costs = (set: Partial<Omit<UnitCosts, 'serviceUseOffset'>> & { serviceUseOffset?: UnitCosts['serviceUseOffset'] } = {}): UnitCosts => ({ ...base, ...set });

describe('costOfParticipant', () => {
  const unit = costs({ staffWorkerHour: 40, peerWorkerHour: 20, agencyOverheadShare: 0.5, perContact: 4, peerSupportHoursPerWeek: 1 });
  const time = { workerHours: 10, peerWorkerHours: 2, workerContacts: 5, peerSupportWeeks: 3 };

  test('prices staff hours, peer hours and peer support, adds the overhead share and the per-contact cost', () => {
    // staff 8 h × 40 = 320; peer (2 + 3 × 1) h × 20 = 100; overheads 0.5 × 420 = 210; contacts 5 × 4 = 20.
    expect(costOfParticipant(time, unit)).toEqual({ staff: 320, peer: 100, overheads: 210, contacts: 20, total: 650, serviceUseOffset: 0, net: 650 });
  });

  test('the service-use offset is off by default, and when switched on is reported apart from the total', () => {
    expect(base.serviceUseOffset.enabled).toBe(false);
    expect(costOfParticipant(time, unit, 1.5).net).toBe(650);
    const on = costs({ ...unit, serviceUseOffset: { enabled: true, perOutcomeUnit: 100 } });
    const c = costOfParticipant(time, on, 1.5);
    expect([c.total, c.serviceUseOffset, c.net]).toEqual([650, 150, 500]);
  });

  test('the base defaults give a social worker hour of about GBP 60 with overheads', () => {
    expect(base.currency).toBe('GBP');
    expect(base.staffWorkerHour * (1 + base.agencyOverheadShare)).toBeGreaterThan(55);
    expect(base.staffWorkerHour * (1 + base.agencyOverheadShare)).toBeLessThan(65);
    expect(costOfParticipant({ workerHours: 0, peerWorkerHours: 0, workerContacts: 0, peerSupportWeeks: 0 }, base).total).toBe(0);
  });
});

describe('analyseCostEffectiveness', () => {
  const tiny = { arm: ['cpi', 'cpi', 'cpi', 'uc', 'uc'], cost: [100, 200, 300, 50, 50], effect: [1, 2, 3, 0, 1] };
  const opts = { intervention: 'cpi', control: 'uc', seed: 7, replicates: 500 };

  test('mean cost and effect per arm, the increments and the ICER are exact on tiny data', () => {
    const r = analyseCostEffectiveness(tiny, opts);
    expect(r.intervention).toEqual({ arm: 'cpi', participants: 3, units: 3, meanCost: 200, meanEffect: 2 });
    expect(r.control).toEqual({ arm: 'uc', participants: 2, units: 2, meanCost: 50, meanEffect: 0.5 });
    expect(r.incrementalCost).toBe(150);
    expect(r.incrementalEffect).toBe(1.5);
    expect(r.icer).toBe(100);
    // Net benefit at λ = ICER is 0; at λ = 0 it is −ΔC.
    const at = (l: number) => analyseCostEffectiveness(tiny, { ...opts, willingnessToPay: [l] }).acceptability[0].netBenefit;
    expect(at(100)).toBe(0);
    expect(at(0)).toBe(-150);
    expect(r.resampled).toBe('participants');
  });

  test('participants of other arms are left out', () => {
    const r = analyseCostEffectiveness({ arm: [...tiny.arm, 'other'], cost: [...tiny.cost, 1e9], effect: [...tiny.effect, -1e9] }, opts);
    expect([r.incrementalCost, r.incrementalEffect]).toEqual([150, 1.5]);
  });

  test('the bootstrap is reproducible with a seed and changes with another', () => {
    const a = analyseCostEffectiveness(tiny, { ...opts, keepDraws: true });
    const b = analyseCostEffectiveness(tiny, { ...opts, keepDraws: true });
    const c = analyseCostEffectiveness(tiny, { ...opts, seed: 8, keepDraws: true });
    expect(b).toEqual(a);
    expect(Array.from(c.draws!.incrementalCost)).not.toEqual(Array.from(a.draws!.incrementalCost));
  });

  test('percentile intervals of ΔC and ΔE contain the point estimates, and the CEAC at λ = 0 is P(ΔC < 0)', () => {
    const r = analyseCostEffectiveness(tiny, { ...opts, keepDraws: true, willingnessToPay: [0] });
    expect(r.incrementalCostInterval.low).toBeLessThanOrEqual(150);
    expect(r.incrementalCostInterval.high).toBeGreaterThanOrEqual(150);
    expect(r.incrementalEffectInterval.low).toBeLessThanOrEqual(1.5);
    expect(r.acceptability[0].probability).toBe(r.probabilityCostSaving);
    const saving = Array.from(r.draws!.incrementalCost).filter((c) => c < 0).length / r.replicates;
    expect(r.probabilityCostSaving).toBe(saving);
  });

  test('when every replicate has ΔE > 0 the CEAC rises with λ, from P(ΔC < 0) to 1 = P(ΔE > 0)', () => {
    // Every intervention effect (5–7) is above every control effect (0–2), so every replicate's ΔE ≥ 3.
    const data = { arm: ['cpi', 'cpi', 'cpi', 'uc', 'uc', 'uc'], cost: [900, 100, 500, 300, 0, 600], effect: [5, 6, 7, 0, 1, 2] };
    const lambdas = Array.from({ length: 41 }, (_, i) => i * 25);
    const r = analyseCostEffectiveness(data, { ...opts, willingnessToPay: lambdas, replicates: 1000 });
    expect(r.probabilityEffectPositive).toBe(1);
    const p = r.acceptability.map((a) => a.probability);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThanOrEqual(p[i - 1]);
    expect(p[0]).toBe(r.probabilityCostSaving);
    expect(p[p.length - 1]).toBe(1);
    expect(p[0]).toBeLessThan(1);
    // The effect interval excludes 0, so the ICER has an interval, and it contains the point ICER.
    expect(r.icerInterval).not.toBeNull();
    expect(r.icerInterval!.low).toBeLessThanOrEqual(r.icer);
    expect(r.icerInterval!.high).toBeGreaterThanOrEqual(r.icer);
  });

  test('as λ grows the CEAC tends to P(ΔE > 0), and the ICER interval is withheld when the effect interval crosses 0', () => {
    const s = createStream(11);
    const n = 40;
    const arm = Array.from({ length: 2 * n }, (_, i) => (i < n ? 'cpi' : 'uc'));
    const cost = arm.map((a) => (a === 'cpi' ? 400 : 100) + 200 * s.next());
    const effect = arm.map((a) => (a === 'cpi' ? 0.1 : 0) + s.normal());
    const r = analyseCostEffectiveness({ arm, cost, effect }, { ...opts, replicates: 2000, willingnessToPay: [1e12] });
    expect(r.probabilityEffectPositive).toBeGreaterThan(0.05);
    expect(r.probabilityEffectPositive).toBeLessThan(0.95);
    expect(r.acceptability[0].probability).toBe(r.probabilityEffectPositive);
    expect(r.incrementalEffectInterval.low).toBeLessThan(0);
    expect(r.incrementalEffectInterval.high).toBeGreaterThan(0);
    expect(r.icerInterval).toBeNull();
    expect(r.icerNote).toMatch(/includes 0, so the ICER's interval is not defined/);
    expect(Number.isFinite(r.icer)).toBe(true);
  });

  test('the cluster bootstrap draws whole clusters within each arm', () => {
    // Intervention: cluster A (3 people at cost 10, effect 1) and cluster B (3 at 30, effect 3); control: one cluster at 0.
    // Drawing clusters, each replicate's intervention mean is 10, 20 or 30 (AA, AB, BB with chances 1/4, 1/2, 1/4);
    // drawing participants it can be 10 + 20k/6 for any k.
    const data = {
      arm: ['cpi', 'cpi', 'cpi', 'cpi', 'cpi', 'cpi', 'uc', 'uc'],
      cost: [10, 10, 10, 30, 30, 30, 0, 0],
      effect: [1, 1, 1, 3, 3, 3, 0, 0],
      cluster: ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C'],
    };
    const r = analyseCostEffectiveness(data, { ...opts, replicates: 4000, keepDraws: true });
    expect(r.resampled).toBe('clusters');
    expect([r.intervention.units, r.control.units]).toEqual([2, 1]);
    const dC = Array.from(r.draws!.incrementalCost);
    expect(new Set(dC)).toEqual(new Set([10, 20, 30]));
    expect(dC.filter((c) => c === 20).length / dC.length).toBeCloseTo(0.5, 1);
    // Each replicate's ΔE is ΔC / 10 (the clusters carry cost and effect together).
    r.draws!.incrementalEffect.forEach((e, b) => expect(e).toBeCloseTo(dC[b] / 10, 12));
    const plain = analyseCostEffectiveness({ ...data, cluster: undefined }, { ...opts, replicates: 4000, keepDraws: true });
    expect(Array.from(plain.draws!.incrementalCost).some((c) => c !== 10 && c !== 20 && c !== 30)).toBe(true);
  });

  test('a default λ grid runs from 0 in round steps to at least three times the ICER', () => {
    const g = defaultWillingnessToPay(150, 1.5);
    expect(g.length).toBe(31);
    expect(g[0]).toBe(0);
    expect(g[30]).toBe(300);
    // Round steps that reach 3 × the ICER: ICER 3,527 → steps of 500 to 15,000.
    const h = defaultWillingnessToPay(3527, 1);
    expect(h[1]).toBe(500);
    expect(h[30]).toBe(15000);
    expect(h[30]).toBeGreaterThanOrEqual(3 * 3527);
    expect(defaultWillingnessToPay(150, 0)[30]).toBe(600); // no ratio: 3 × |ΔC| = 450, in steps of 20
  });

  test('refuses data it cannot analyse, naming what is wrong', () => {
    expect(() => analyseCostEffectiveness({ ...tiny, cost: [1, 2] }, opts)).toThrow(CostEffectivenessError);
    expect(() => analyseCostEffectiveness({ ...tiny, cost: [1, 2] }, opts)).toThrow(/one entry per participant; got 5, 2, 5/);
    expect(() => analyseCostEffectiveness(tiny, { ...opts, control: 'usual-care' })).toThrow(/arm "usual-care" has no participants \(arms present: cpi, uc\)/);
    expect(() => analyseCostEffectiveness({ ...tiny, effect: [1, NaN, 3, 0, 1] }, opts)).toThrow(/participant 1 .* effect NaN/);
    expect(() => analyseCostEffectiveness(tiny, { ...opts, replicates: 0 })).toThrow(/replicates 0/);
    expect(() => analyseCostEffectiveness(tiny, { ...opts, willingnessToPay: [-1] })).toThrow(/willingness to pay -1/);
  });
});
