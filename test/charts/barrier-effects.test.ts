// summarizeBarrierSweep (src/charts/barrier-effects.ts) on a hand-made 3 × 2 grid whose outcome is known in
// closed form (fixtures.ts: 10 − scale − 2 × poor access ± 0.5): tornado contrasts and dose-response means
// with their intervals as computed by hand and by analysis/stats.ts; off/on factors, quintiles for
// continuous designs, option-valued factors in their listed order, and refusals.
import { describe, expect, test } from 'vitest';
import { summarizeBarrierSweep, type BarrierSweepInput } from '../../src/charts/barrier-effects.js';
import { labelFactor } from '../../src/charts/factor-labels.js';
import { meanConfidenceInterval, welchTTest } from '../../src/analysis/stats.js';
import { BARRIER_INPUT } from './fixtures.js';

const valuesOf = (arm: string, pick: (v: Record<string, unknown>) => boolean) =>
  BARRIER_INPUT.outputs.filter((o) => o.arm === arm && pick(BARRIER_INPUT.points.find((p) => p.point === o.point)!.values)).map((o) => o.value);

describe('summarizeBarrierSweep', () => {
  test("tornado rows contrast each factor's lowest and highest level, averaged over the other factor and replicates", () => {
    const e = summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total' });
    expect(e.kind).toBe('tornado');
    if (e.kind !== 'tornado') return;
    expect(e.arms).toEqual(['a', 'b']);
    const row = (factor: string, arm: string) => e.rows.find((r) => r.factor === factor && r.arm === arm)!;
    const stigma = row('barriers.user.selfStigma.scale', 'a');
    // Scale 0: 10 ± 0.5 and 8 ± 0.5 → mean 9; scale 3: 7 ± 0.5 and 5 ± 0.5 → mean 6.
    expect([stigma.low_level, stigma.high_level, stigma.n_low, stigma.n_high]).toEqual(['0', '3', 4, 4]);
    expect(stigma.low_mean).toBeCloseTo(9, 12);
    expect(stigma.high_mean).toBeCloseTo(6, 12);
    expect(stigma.change).toBeCloseTo(-3, 12);
    const welch = welchTTest(
      valuesOf('a', (v) => v['barriers.user.selfStigma.scale'] === 3),
      valuesOf('a', (v) => v['barriers.user.selfStigma.scale'] === 0),
    );
    expect([stigma.ci_low, stigma.ci_high]).toEqual([welch.low, welch.high]);
    expect(stigma.ci_low).toBeLessThan(-3);
    const access = row('barriers.user.poorAccess.enabled', 'a');
    expect([access.low_level, access.high_level, access.n_low, access.n_high]).toEqual(['off', 'on', 6, 6]);
    expect(access.change).toBeCloseTo(-2, 12);
    // Arm b has half the effects.
    expect(row('barriers.user.selfStigma.scale', 'b').change).toBeCloseTo(-1.5, 12);
    expect(row('barriers.user.poorAccess.enabled', 'b').change).toBeCloseTo(-1, 12);
    expect(stigma.barrier).toBe('self stigma (user): scale');
  });

  test('dose-response rows give the mean and t interval at every level, off/on as 0/1', () => {
    const e = summarizeBarrierSweep(BARRIER_INPUT, { kind: 'dose-response', measure: 'rg_total', arms: ['a'], level: 0.9 });
    if (e.kind !== 'dose-response') throw new Error('expected dose-response');
    const stigma = e.rows.filter((r) => r.factor === 'barriers.user.selfStigma.scale');
    expect(stigma.map((r) => [r.level, r.level_label, r.n])).toEqual([
      [0, '0', 4],
      [1, '1', 4],
      [3, '3', 4],
    ]);
    expect(stigma.map((r) => r.mean)).toEqual([9, 8, 6].map((m) => expect.closeTo(m, 12)));
    const ci = meanConfidenceInterval(valuesOf('a', (v) => v['barriers.user.selfStigma.scale'] === 1), 0.9);
    expect([stigma[1].ci_low, stigma[1].ci_high]).toEqual([ci.low, ci.high]);
    const access = e.rows.filter((r) => r.factor === 'barriers.user.poorAccess.enabled');
    expect(access.map((r) => [r.level, r.level_label])).toEqual([
      [0, 'off'],
      [1, 'on'],
    ]);
    expect(e.factors.map((f) => [f.path, f.unit, f.binned])).toEqual([
      ['barriers.user.selfStigma.scale', 'multiplier', false],
      ['barriers.user.poorAccess.enabled', 'yes/no', false],
    ]);
    expect(new Set(e.rows.map((r) => r.arm))).toEqual(new Set(['a']));
  });

  test('a factor with many distinct values (Latin hypercube, Sobol) is cut into quintiles of its points', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ point: i, values: { 'barriers.user.discrimination.onsetRate': (19 - i) / 100 } }));
    const input: BarrierSweepInput = {
      factors: [{ path: 'barriers.user.discrimination.onsetRate' }],
      points,
      outputs: points.map((p) => ({ point: p.point, arm: 'cpi', value: 100 * (p.values['barriers.user.discrimination.onsetRate'] as number) })),
    };
    const e = summarizeBarrierSweep(input, { kind: 'dose-response', measure: 'wellbeing' });
    if (e.kind !== 'dose-response') throw new Error('expected dose-response');
    expect(e.factors[0].binned).toBe(true);
    expect(e.rows.map((r) => [r.level_label, r.n])).toEqual([
      ['0–0.03', 4],
      ['0.04–0.07', 4],
      ['0.08–0.11', 4],
      ['0.12–0.15', 4],
      ['0.16–0.19', 4],
    ]);
    expect(e.rows[0].level).toBeCloseTo(0.015, 12);
    expect(e.rows[0].mean).toBeCloseTo(1.5, 12);
    const t = summarizeBarrierSweep(input, { kind: 'tornado', measure: 'wellbeing' });
    if (t.kind !== 'tornado') throw new Error('expected tornado');
    expect(t.rows[0].change).toBeCloseTo(17.5 - 1.5, 9);
  });

  test('option-valued factors keep the order the sweep lists, and only the tornado can show them', () => {
    const path = 'barriers.user.selfStigma.target';
    const points = ['minority', 'all', 'minority', 'all'].map((v, i) => ({ point: i, values: { [path]: v } }));
    const input: BarrierSweepInput = {
      factors: [{ path, values: ['all', 'minority'] }],
      points,
      outputs: points.map((p) => ({ point: p.point, arm: 'cpi', value: p.values[path] === 'all' ? 5 : 7 })),
    };
    const t = summarizeBarrierSweep(input, { kind: 'tornado', measure: 'rg_total' });
    if (t.kind !== 'tornado') throw new Error('expected tornado');
    expect([t.rows[0].low_level, t.rows[0].high_level, t.rows[0].change]).toEqual(['all', 'minority', 2]);
    expect(() => summarizeBarrierSweep(input, { kind: 'dose-response', measure: 'rg_total' })).toThrow(/take options \(use the tornado chart\)/);
  });

  test('a sweep without barrier factors, an unknown arm and a point without a factor value are refused', () => {
    const plain = { ...BARRIER_INPUT, factors: [{ path: 'agencies.fidelity.mean' }] };
    expect(() => summarizeBarrierSweep(plain, { kind: 'tornado', measure: 'rg_total' })).toThrow(/no barrier factors .*; its factors: agencies.fidelity.mean/);
    expect(() => summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total', arms: ['z'] })).toThrow(/unknown arm "z"; arms in the sweep's results: a, b/);
    const holed = { ...BARRIER_INPUT, points: [{ point: 0, values: {} }, ...BARRIER_INPUT.points.slice(1)] };
    expect(() => summarizeBarrierSweep(holed, { kind: 'tornado', measure: 'rg_total' })).toThrow(/design point 0 has no value for factor barriers.user.selfStigma.scale/);
    const empty = { ...BARRIER_INPUT, outputs: BARRIER_INPUT.outputs.map((o) => ({ ...o, value: NaN })) };
    expect(() => summarizeBarrierSweep(empty, { kind: 'dose-response', measure: 'rg_total' })).toThrow(/no values of measure "rg_total"/);
  });

  test('barrier paths read as words', () => {
    expect(labelFactor('barriers.user.noCulturallyAppropriateServices.prevalence')).toBe('no culturally appropriate services (user): prevalence');
    expect(labelFactor('barriers.worker.insufficientTime.effects.workerHours')).toBe('insufficient time (worker): effect on worker hours');
    expect(labelFactor('agencies.fidelity.mean')).toBe('agencies.fidelity.mean');
  });
});
