// buildSensitivitySpec (src/charts/sensitivity-spec.ts): Morris rows become one numbered point per factor
// at (μ*, σ) with μ*'s interval and the σ = μ* line, the names in the legend and the numbers placed so that
// none lies on another or on a point; Sobol rows become first- and total-order bars with intervals,
// largest total first, second-order indices left out; one arm and measure per chart, in the arm's colour.
import { describe, expect, test } from 'vitest';
import { buildSensitivitySpec } from '../../src/charts/sensitivity-spec.js';
import { analyzeSweepSensitivity } from '../../src/analysis/sweep-sensitivity.js';
import { buildMorrisDesign } from '../../src/sweep/designs.js';
import { ARM_PALETTE, tint } from '../../src/charts/arm-colours.js';
import type { SensitivityRow } from '../../src/analysis/sweep-sensitivity.js';
import { layersOf, MORRIS_ROWS, SOBOL_ROWS, text, type AnySpec } from './fixtures.js';

/** Morris rows of factors at the given (μ*, σ). */
const morrisAt = (points: ReadonlyArray<readonly [string, number, number]>): SensitivityRow[] =>
  points.flatMap(([f, muStar, sigma]) => [
    { arm: 'cpi', measure: 'rg_total', method: 'morris' as const, factor: `barriers.user.${f}.scale`, index: 'mu_star', estimate: muStar, lower: NaN, upper: NaN },
    { arm: 'cpi', measure: 'rg_total', method: 'morris' as const, factor: `barriers.user.${f}.scale`, index: 'sigma', estimate: sigma, lower: NaN, upper: NaN },
  ]);

/** The pixel boxes of a Morris chart's numbers and points (plot 560 × 320, both axes on [0, domainMax]). */
function boxes(spec: AnySpec) {
  const values = spec.layer[1].data.values;
  const max = spec.layer[0].data.values[1].x;
  const px = (v: number) => (v / max) * 560;
  const py = (v: number) => 320 - (v / max) * 320;
  const r = Math.sqrt(70 / Math.PI);
  const numbers = values.map((v: AnySpec) => {
    const w = v.number.length * 0.64 * 11 + 2;
    return { x0: px(v.label_x) - w / 2, x1: px(v.label_x) + w / 2, y0: py(v.label_y) - 6.5, y1: py(v.label_y) + 6.5 };
  });
  const points = values.map((v: AnySpec) => ({ x0: px(v.mu_star) - r, x1: px(v.mu_star) + r, y0: py(v.sigma) - r, y1: py(v.sigma) + r }));
  return { numbers, points };
}
const overlap = (a: AnySpec, b: AnySpec) => a.x0 < b.x1 - 0.01 && a.x1 > b.x0 + 0.01 && a.y0 < b.y1 - 0.01 && a.y1 > b.y0 + 0.01;

describe('buildSensitivitySpec', () => {
  test('Morris rows give a numbered point per factor at (μ*, σ), its name in the legend, an interval rule for μ* and the σ = μ* line', () => {
    const spec = buildSensitivitySpec(MORRIS_ROWS) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['line', 'rule', 'point', 'rule', 'text']);
    const points = spec.layer[1].data.values;
    expect(points).toMatchObject([
      { factor: 'barriers.user.selfStigma.scale', label: 'self stigma (user): scale', number: '1', key: '1  self stigma (user): scale', mu_star: 0.6, mu_star_low: 0.4, mu_star_high: 0.8, sigma: 0.5, mu: -0.4 },
      { factor: 'barriers.user.poorAccess.scale', label: 'poor access (user): scale', number: '2', key: '2  poor access (user): scale', mu_star: 0.2, mu_star_low: 0.05, mu_star_high: 0.3, sigma: 0.1, mu: 0.1 },
    ]);
    expect(layers[2].encoding.x.field).toBe('mu_star');
    expect(layers[2].encoding.y.field).toBe('sigma');
    // The legend lists the factors by number, largest μ* first, all in the arm's colour.
    expect(layers[2].encoding.color.scale.domain).toEqual(['1  self stigma (user): scale', '2  poor access (user): scale']);
    expect(layers[2].encoding.color.scale.range).toEqual([ARM_PALETTE[0], ARM_PALETTE[0]]);
    expect(layers[3].transform).toEqual([{ filter: 'datum.moved' }]);
    expect(layers[4].encoding.text.field).toBe('number');
    // The diagonal runs over the whole plot: both axes share the domain [0, 1.05 × largest value].
    expect(layers[2].encoding.x.scale.domain).toEqual([0, 0.8 * 1.05]);
    expect(spec.layer[0].data.values).toEqual([{ x: 0, y: 0 }, { x: 0.8 * 1.05, y: 0.8 * 1.05 }]);
    expect(text(spec.title.text)).toBe('Morris screening of access to social capital (RG total), arm cpi');
    expect(text(layers[2].encoding.x.title)).toContain('μ*: mean absolute elementary effect on access to social capital (RG total), items');
  });

  test('numbers of points close together lie neither on each other nor on any point, a moved one with a leader line back to its point', () => {
    // Twelve factors within a few pixels of each other (as complicated life and self stigma were in the
    // barrier-morris sweep: more than fit around one point), and one far off.
    const near = morrisAt([...'abcdefghijkl'].map((f, i) => [f, 1 + ((i * 7) % 5) * 0.001, 1 + ((i * 3) % 4) * 0.001] as const).concat([['z', 0.3, 0.2]]));
    const spec = buildSensitivitySpec(near) as AnySpec;
    const { numbers, points } = boxes(spec);
    for (let i = 0; i < numbers.length; i++) {
      for (let j = 0; j < numbers.length; j++) if (i !== j) expect(overlap(numbers[i], numbers[j]), `numbers ${i + 1} and ${j + 1}`).toBe(false);
      for (let j = 0; j < points.length; j++) expect(overlap(numbers[i], points[j]), `number ${i + 1} on point ${j + 1}`).toBe(false);
    }
    const values = spec.layer[1].data.values;
    expect(values.filter((v: AnySpec) => v.moved).length).toBeGreaterThan(0);
    // The lone factor keeps the place just right of its point.
    const far = values.find((v: AnySpec) => v.factor.includes('.z.'));
    expect(far.moved).toBe(false);
    expect(far.label_x).toBeGreaterThan(far.mu_star);
  });

  test("the chart takes the arm's colour from its place in the scenario, and Sobol' bars take two shades of it", () => {
    const second = MORRIS_ROWS.map((r) => ({ ...r, arm: 'no-barriers' }));
    const spec = buildSensitivitySpec(second, { scenarioArms: ['with-barriers', 'no-barriers'] }) as AnySpec;
    expect(layersOf(spec)[2].encoding.color.scale.range[0]).toBe(ARM_PALETTE[1]);
    expect(layersOf(spec)[1].mark).toBe('rule');
    const sobol = buildSensitivitySpec(SOBOL_ROWS.map((r) => ({ ...r, arm: 'no-barriers' })), { scenarioArms: ['with-barriers', 'no-barriers'] }) as AnySpec;
    expect(layersOf(sobol)[1].encoding.color.scale.range).toEqual([ARM_PALETTE[1], tint(ARM_PALETTE[1], 0.55)]);
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
    const by = (f: string) => points.find((v: AnySpec) => v.factor === `barriers.user.${f}.scale`);
    expect(points.map((v: AnySpec) => v.factor).sort()).toEqual(['barriers.user.poorAccess.scale', 'barriers.user.selfStigma.scale']);
    // Numbered by μ*, largest first.
    expect(points.map((v: AnySpec) => v.number)).toEqual(['1', '2']);
    expect(points[0].mu_star).toBeGreaterThanOrEqual(points[1].mu_star);
    // A linear effect (3 per unit over a range of 3: μ* = 9) has no spread; a quadratic one has.
    expect(by('selfStigma').mu_star).toBeCloseTo(9, 9);
    expect(by('selfStigma').sigma).toBeCloseTo(0, 9);
    expect(by('poorAccess').sigma).toBeGreaterThan(0);
  });

  test('the specs of the fixed fixtures are as recorded', async () => {
    await expect(JSON.stringify(buildSensitivitySpec(MORRIS_ROWS), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/sensitivity-morris.vl.json');
    await expect(JSON.stringify(buildSensitivitySpec(SOBOL_ROWS), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/sensitivity-sobol.vl.json');
  });
});
