// buildSensitivitySpec (src/charts/sensitivity-spec.ts): Morris rows become one labelled point per factor
// at (μ*, σ) with μ*'s interval and the σ = μ* line; Sobol rows become first- and total-order bars with
// intervals, largest total first, second-order indices left out; one arm and measure per chart.
import { describe, expect, test } from 'vitest';
import { buildSensitivitySpec } from '../../src/charts/sensitivity-spec.js';
import { analyzeSweepSensitivity } from '../../src/analysis/sweep-sensitivity.js';
import { buildMorrisDesign } from '../../src/sweep/designs.js';
import { layersOf, MORRIS_ROWS, SOBOL_ROWS, text, type AnySpec } from './fixtures.js';

describe('buildSensitivitySpec', () => {
  test('Morris rows give a labelled point per factor at (μ*, σ), an interval rule for μ* and the σ = μ* line', () => {
    const spec = buildSensitivitySpec(MORRIS_ROWS) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['line', 'rule', 'point', 'rule', 'text']);
    const points = spec.layer[1].data.values;
    expect(points).toMatchObject([
      { factor: 'barriers.user.selfStigma.scale', label: 'self stigma (user): scale', mu_star: 0.6, mu_star_low: 0.4, mu_star_high: 0.8, sigma: 0.5, mu: -0.4 },
      { factor: 'barriers.user.poorAccess.scale', label: 'poor access (user): scale', mu_star: 0.2, mu_star_low: 0.05, mu_star_high: 0.3, sigma: 0.1, mu: 0.1 },
    ]);
    expect(layers[2].encoding.x.field).toBe('mu_star');
    expect(layers[2].encoding.y.field).toBe('sigma');
    expect(layers[3].transform).toEqual([{ filter: 'datum.moved' }]);
    expect(layers[4].encoding.text.field).toBe('label');
    // The diagonal runs over the whole plot: both axes share the domain [0, 1.05 × largest value].
    expect(layers[2].encoding.x.scale.domain).toEqual([0, 0.8 * 1.05]);
    expect(spec.layer[0].data.values).toEqual([{ x: 0, y: 0 }, { x: 0.8 * 1.05, y: 0.8 * 1.05 }]);
    expect(text(spec.title.text)).toBe('Morris screening of access to social capital (RG total), arm cpi');
    expect(text(layers[2].encoding.x.title)).toContain('μ*: mean absolute elementary effect on access to social capital (RG total), items');
  });

  test('labels of points close together are set apart, a moved one with a leader line back to its point', () => {
    const near = ['a', 'b', 'c'].flatMap((f, i) => [
      { arm: 'cpi', measure: 'rg_total', method: 'morris' as const, factor: `barriers.user.${f}.scale`, index: 'mu_star', estimate: 1 + i * 0.001, lower: NaN, upper: NaN },
      { arm: 'cpi', measure: 'rg_total', method: 'morris' as const, factor: `barriers.user.${f}.scale`, index: 'sigma', estimate: 1 + i * 0.001, lower: NaN, upper: NaN },
    ]);
    const spec = buildSensitivitySpec(near) as AnySpec;
    const values = spec.layer[1].data.values;
    // In pixels (the plot is 320 px for the domain [0, 1.05 × 1.002]), every pair of labels is a line apart.
    const pxPerUnit = 320 / (1.002 * 1.05);
    const ys = values.map((v: AnySpec) => v.label_y * pxPerUnit).sort((a: number, b: number) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(13.9);
    expect(values.filter((v: AnySpec) => v.moved)).toHaveLength(1);
    expect(values.every((v: AnySpec) => v.label_x > v.mu_star)).toBe(true);
  });

  test('the measure and arm are chosen, and unknown ones are refused with the list', () => {
    const spec = buildSensitivitySpec(MORRIS_ROWS, { measure: 'new_ties' }) as AnySpec;
    expect(spec.layer[1].data.values.map((v: AnySpec) => v.factor)).toEqual(['barriers.user.poorAccess.scale']);
    expect(() => buildSensitivitySpec(MORRIS_ROWS, { measure: 'wellbeing' })).toThrow(/measures with indices: rg_total, new_ties/);
    expect(() => buildSensitivitySpec(MORRIS_ROWS, { arm: 'other' })).toThrow(/arms with indices of rg_total: cpi/);
    expect(() => buildSensitivitySpec([])).toThrow(/no sensitivity indices/);
  });

  test('Sobol rows give first- and total-order bars with intervals, the largest total first, without second-order indices', () => {
    const spec = buildSensitivitySpec(SOBOL_ROWS) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'bar', 'rule']);
    expect(layers[1].encoding.y.sort).toEqual(['agencies.fidelity.mean', 'workers.turnoverRate']);
    expect(layers[1].encoding.yOffset.field).toBe('index');
    expect(spec.data.values).toHaveLength(4);
    expect(spec.data.values.some((v: AnySpec) => v.factor.includes('×'))).toBe(false);
    expect(spec.data.values[2]).toEqual({ factor: 'workers.turnoverRate', label: 'workers.turnoverRate', index: 'first-order (S1)', estimate: 0.1, lower: -0.02, upper: 0.2 });
  });

  test('the rows of a real Morris analysis chart every factor', () => {
    const factors = [
      { path: 'barriers.user.selfStigma.scale', range: [0, 3] as [number, number] },
      { path: 'barriers.user.poorAccess.scale', range: [0, 3] as [number, number] },
    ];
    const design = buildMorrisDesign({ factors, trajectories: 4, levels: 4 }, 5);
    const outputs = design.points.map((p) => ({ point: p.index, replicate: 0, arm: 'cpi', measure: 'rg_total', value: 3 * (p.values[0] as number) + (p.values[1] as number) ** 2 }));
    const rows = analyzeSweepSensitivity(design, outputs, { bootstrap: 50 });
    const spec = buildSensitivitySpec(rows) as AnySpec;
    const points = spec.layer[1].data.values;
    expect(points.map((v: AnySpec) => v.factor)).toEqual(['barriers.user.selfStigma.scale', 'barriers.user.poorAccess.scale']);
    // A linear effect (3 per unit over a range of 3: μ* = 9) has no spread; a quadratic one has.
    expect(points[0].mu_star).toBeCloseTo(9, 9);
    expect(points[0].sigma).toBeCloseTo(0, 9);
    expect(points[1].sigma).toBeGreaterThan(0);
  });

  test('the specs of the fixed fixtures are as recorded', async () => {
    await expect(JSON.stringify(buildSensitivitySpec(MORRIS_ROWS), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/sensitivity-morris.vl.json');
    await expect(JSON.stringify(buildSensitivitySpec(SOBOL_ROWS), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/sensitivity-sobol.vl.json');
  });
});
