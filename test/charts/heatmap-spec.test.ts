// buildHeatmapSpec (src/charts/heatmap-spec.ts): a grid sweep of two factors as one cell per pair of
// levels, coloured (viridis, not an arm colour) and labelled by the mean, the highest level on top, a
// panel per arm on one colour scale; labels are white on the dark half of the scale; one factor is refused.
import { describe, expect, test } from 'vitest';
import { buildHeatmapSpec } from '../../src/charts/heatmap-spec.js';
import { summarizeGridSweep } from '../../src/charts/grid-sweep.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { GRID_INPUT, layersOf, text, type AnySpec } from './fixtures.js';

const grid = summarizeGridSweep(GRID_INPUT, { measure: 'wellbeing' });

describe('buildHeatmapSpec', () => {
  test('one cell per pair of levels, coloured and labelled by its mean, a panel per arm', () => {
    const spec = buildHeatmapSpec(grid) as AnySpec;
    expect(spec.facet.column).toMatchObject({ field: 'arm', sort: ['a', 'b'] });
    const [rect, label] = layersOf(spec.spec);
    expect([rect.mark, label.mark]).toEqual(['rect', 'text']);
    expect(rect.encoding.x).toMatchObject({ field: 'x_label', type: 'ordinal', sort: ['0.2', '0.55', '0.9'] });
    // Highest turnover on top.
    expect(rect.encoding.y).toMatchObject({ field: 'line', type: 'ordinal', sort: ['0.05', '0'] });
    expect(rect.encoding.color).toMatchObject({ field: 'mean', type: 'quantitative', scale: { scheme: 'viridis' } });
    expect(label.encoding.text).toMatchObject({ field: 'mean', format: '.3~g' });
    // Means run from 9.8 (a, 0.2, 0.05) to 14.6 (b, 0.9, 0): white labels below 12.2.
    expect(label.encoding.color).toEqual({ condition: { test: 'datum.mean < 12.2', value: 'white' }, value: 'black' });
    expect(spec.data.values).toHaveLength(12);
    expect(text(spec.title.text)).toBe('Wellbeing (WEMWBS proxy) by agencies.fidelity.mean and workers.turnoverRate: all service users');
    expect(text(spec.title.subtitle)).toMatch(/^Mean over the 3 runs in each cell \(replicates\); colour and number: the mean\./);
  });

  test('one arm is a single chart that names the arm; a sweep of one factor is refused with the chart that fits', () => {
    const one = buildHeatmapSpec(summarizeGridSweep(GRID_INPUT, { measure: 'wellbeing', arms: ['a'] })) as AnySpec;
    expect(one.facet).toBeUndefined();
    expect(text(one.title.text)).toMatch(/, arm a$/);
    const single = summarizeGridSweep(GRID_INPUT, { measure: 'wellbeing', factors: ['agencies.fidelity.mean'] });
    expect(() => buildHeatmapSpec(single)).toThrow(ChartError);
    expect(() => buildHeatmapSpec(single)).toThrow(/needs two factors.*varies only agencies.fidelity.mean \(use the factor-lines chart\)/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildHeatmapSpec(grid, { source: 'Sweep test.' }), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/heatmap.vl.json');
  });
});
