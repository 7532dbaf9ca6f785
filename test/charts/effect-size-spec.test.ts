// buildEffectSizeSpec (src/charts/effect-size-spec.ts): a histogram of a statistic over the analysable
// simulated trials, a panel per n, the median and a published value marked (alpha for p-values).
import { describe, expect, test } from 'vitest';
import { buildEffectSizeSpec } from '../../src/charts/effect-size-spec.js';
import { layersOf, text, TRIAL_ROWS, type AnySpec } from './fixtures.js';

describe('buildEffectSizeSpec', () => {
  test('partial η² of analysable trials is a histogram per n with the median and the published value', () => {
    const spec = buildEffectSizeSpec(TRIAL_ROWS, { reference: { value: 0.05, label: 'published' } }) as AnySpec;
    expect(spec.facet.row.sort).toEqual(['n = 60', 'n = 155']);
    expect(spec.data.values).toHaveLength(6);
    expect(spec.data.values.every((v: AnySpec) => v.value !== null)).toBe(true);
    const layers = layersOf(spec.spec);
    expect(layers.map((l) => l.mark)).toEqual(['bar', 'rule', 'rule']);
    expect(layers[0].encoding.x.bin).toEqual({ maxbins: 30 });
    expect(layers[1].transform).toEqual([{ aggregate: [{ op: 'median', field: 'value', as: 'median' }] }]);
    expect(layers[2].encoding.x.datum).toBe(0.05);
    expect(text(spec.title.subtitle)).toMatch(/^6 analysable of 7 simulated trials\. Solid line: median of the simulated trials; dashed: published \(0\.05\)\./);
  });

  test('p-values use bins of 0.05 on [0, 1] and mark alpha; one n is a single chart', () => {
    const spec = buildEffectSizeSpec(TRIAL_ROWS, { statistic: 'p', n: [155], alpha: 0.01 }) as AnySpec;
    expect(spec.facet).toBeUndefined();
    const layers = layersOf(spec);
    expect(layers[0].encoding.x.bin).toEqual({ extent: [0, 1], step: 0.05 });
    expect(layers[1].encoding.x.datum).toBe(0.01);
    expect(spec.data.values.map((v: AnySpec) => v.value)).toEqual([0.001, 0.03, 0.5]);
  });

  test('the adjusted effect carries the outcome unit; unknown n and statistics without values are refused', () => {
    const spec = buildEffectSizeSpec(TRIAL_ROWS, { statistic: 'effect', outcome: 'rg_total', n: [60] }) as AnySpec;
    expect(layersOf(spec)[0].encoding.x.title).toBe('Adjusted effect (high − low/moderate fidelity, items)');
    expect(() => buildEffectSizeSpec(TRIAL_ROWS, { n: [99] })).toThrow(/n = 99; n simulated: 60, 155/);
    expect(() => buildEffectSizeSpec(TRIAL_ROWS.filter((r) => !r.analysable))).toThrow(/no analysable simulated trial/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildEffectSizeSpec(TRIAL_ROWS, { n: [60] }), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/effect-sizes.vl.json');
  });
});
