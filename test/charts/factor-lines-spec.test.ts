// buildFactorLinesSpec (src/charts/factor-lines-spec.ts): a grid sweep as the outcome against one factor,
// a line per level of the other in ordered greys with shaped points (never an arm colour), the middle 50%
// of runs shaded, ticks at the levels run and a panel per arm; a sweep of one factor is a line per arm in
// the arms' own colours.
import { describe, expect, test } from 'vitest';
import { buildFactorLinesSpec } from '../../src/charts/factor-lines-spec.js';
import { summarizeGridSweep } from '../../src/charts/grid-sweep.js';
import { ARM_PALETTE, LEVEL_SCHEME } from '../../src/charts/arm-colours.js';
import { compileChart } from '../../src/charts/render-chart.js';
import { GRID_INPUT, layersOf, text, type AnySpec } from './fixtures.js';

const grid = summarizeGridSweep(GRID_INPUT, { measure: 'rg_total' });

describe('buildFactorLinesSpec', () => {
  test('a line per level of the second factor against the first, a panel per arm, on the levels run', () => {
    const spec = buildFactorLinesSpec(grid, { source: 'Sweep test.' }) as AnySpec;
    expect(spec.facet.column.field).toBe('arm');
    expect(spec.facet.column.sort).toEqual(['a', 'b']);
    const layers = layersOf(spec.spec);
    expect(layers.map((l) => l.mark)).toEqual(['area', 'line', 'point', 'point']);
    expect([layers[0].encoding.y.field, layers[0].encoding.y2.field]).toEqual(['q25', 'q75']);
    expect(layers[1].encoding.y.field).toBe('mean');
    expect(layers[1].encoding.x).toMatchObject({ field: 'x', type: 'quantitative', axis: { values: [0.2, 0.55, 0.9] } });
    expect(layers[1].encoding.color).toMatchObject({ field: 'line', type: 'ordinal', sort: ['0', '0.05'], scale: { domain: ['0', '0.05'], scheme: { name: LEVEL_SCHEME.name } } });
    expect(layers[2].encoding.shape.scale.range).toEqual(['circle', 'square']);
    expect(text(layers[1].encoding.color.title)).toBe('workers.turnoverRate (probability per week)');
    expect(text(spec.title.text)).toBe('Access to social capital (RG total) by agencies.fidelity.mean and workers.turnoverRate: all service users');
    expect(text(spec.title.subtitle)).toContain('a line per level of workers.turnoverRate; shaded: the middle 50% of runs (q25–q75).');
    expect(spec.data.values).toHaveLength(12);
    expect(spec.data.values.find((v: AnySpec) => v.arm === 'a' && v.x === 0.2 && v.line === '0')).toMatchObject({ x_label: '0.2', n: 3, q25: 10.3 });
  });

  test('levels are never drawn in an arm colour, and the legend names the factor and the band', () => {
    const vega = compileChart(buildFactorLinesSpec(grid)).vega as AnySpec;
    const colour = vega.scales.find((s: AnySpec) => s.name === 'color');
    expect(colour.scheme ?? colour.range?.scheme).toBe('greys');
    expect(JSON.stringify(colour)).not.toMatch(new RegExp(ARM_PALETTE.join('|'), 'i'));
    expect(vega.legends.map((l: AnySpec) => text(l.title))).toEqual(['workers.turnoverRate (probability per week)', 'Lines and bands']);
    expect(vega.legends[1].values).toEqual(['line: mean of 3 runs', 'shaded: middle 50% of runs']);
  });

  test("one factor is a line per arm in the arms' own colours; one arm has no panels and says which arm", () => {
    const one = buildFactorLinesSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['agencies.fidelity.mean'] }), { scenarioArms: ['b', 'a'] }) as AnySpec;
    expect(one.facet).toBeUndefined();
    const color = layersOf(one)[1].encoding.color;
    expect(color.scale.domain).toEqual(['a', 'b']);
    expect(color.scale.range).toEqual([ARM_PALETTE[1], ARM_PALETTE[0]]);
    expect(text(one.title.subtitle)).toContain('(replicates and the levels of workers.turnoverRate), a line per arm');
    const armB = buildFactorLinesSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', arms: ['b'] })) as AnySpec;
    expect(armB.facet).toBeUndefined();
    expect(text(armB.title.text)).toMatch(/, arm b$/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildFactorLinesSpec(grid, { source: 'Sweep test.' }), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/factor-lines.vl.json');
  });
});
